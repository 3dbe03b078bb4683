/**
 * `manifest.json`: the list of every file `analyze` wrote into its `--out` directory, with the size
 * and SHA-256 of each, written last, so that `serve` can refuse a set that is incomplete, changed,
 * truncated, appended to, swapped or reached through a symbolic link before it reads any of it.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, sep } from 'node:path';
import appPackage from '../package.json' with { type: 'json' };
import { AnalyzeError } from './errors.js';

/** The manifest's file name, at the top of the artifacts directory. */
export const MANIFEST_FILE = 'manifest.json';

/** The manifest format this version writes and reads. */
export const MANIFEST_SCHEMA_VERSION = 1;

/** One file of the set: its path inside the directory (forward slashes), its size and its SHA-256. */
export interface ManifestEntry {
  readonly path: string;
  readonly bytes: number;
  /** Lower-case hex. */
  readonly sha256: string;
}

/** What wrote the set: the app and the versions of the libraries it ran with. */
export interface ManifestGenerator {
  readonly name: string;
  readonly version: string;
  /** Package name -> version, for the `@shopper-spectrum/*` libraries that could be resolved. */
  readonly libraries: Readonly<Record<string, string>>;
}

/** The content of `manifest.json`. */
export interface ArtifactManifest {
  readonly schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  readonly generator: ManifestGenerator;
  /** When the set was written, ISO 8601 in UTC. */
  readonly createdAt: string;
  /** Every file written but the manifest itself, sorted by path. */
  readonly files: readonly ManifestEntry[];
}

/** What `serve` verified, as it reports it: no path, only the set's identity and size. */
export interface ArtifactVerification {
  /** SHA-256 of `manifest.json` itself: names the whole set. */
  readonly manifestSha256: string;
  /** Files listed and checked. */
  readonly files: number;
  /** Their total size in bytes. */
  readonly bytes: number;
  readonly createdAt: string;
  readonly generator: { readonly name: string; readonly version: string };
}

/** A verified set: the manifest, the identity of the set, and the bytes of the files asked to be kept. */
export interface VerifiedArtifactSet {
  readonly manifest: ArtifactManifest;
  readonly verification: ArtifactVerification;
  /** Path -> the bytes read (and checked) during verification, for the paths `keep` selected. */
  readonly contents: ReadonlyMap<string, Buffer>;
  /** The listed paths. */
  readonly listed: ReadonlySet<string>;
}

const LIBRARIES = ['@shopper-spectrum/core', '@shopper-spectrum/rfm', '@shopper-spectrum/cluster', '@shopper-spectrum/recommend', '@shopper-spectrum/metrics'] as const;

const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The entry of one file from the bytes written to it (no re-reading). O(bytes).
 *
 * @param path - the path inside the artifacts directory, with forward slashes
 * @param data - the bytes written (a string is taken as UTF-8, as `writeFileSync` writes it)
 *
 * @example
 * ```ts
 * manifestEntry('summary.md', 'abc\n');
 * // => { path: 'summary.md', bytes: 4, sha256: 'edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb' }
 * ```
 */
export function manifestEntry(path: string, data: string | Uint8Array): ManifestEntry {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { path, bytes: bytes.length, sha256: sha256Hex(bytes) };
}

/**
 * This app's name and version (from its `package.json`), and the version of each
 * `@shopper-spectrum/*` library that resolves from here.
 *
 * @example
 * ```ts
 * generatorInfo().name;
 * // => 'shopper-spectrum'
 * ```
 */
export function generatorInfo(): ManifestGenerator {
  const require = createRequire(import.meta.url);
  const libraries: Record<string, string> = {};
  for (const name of LIBRARIES) {
    try {
      const version = (require(`${name}/package.json`) as { version?: unknown }).version;
      if (typeof version === 'string') libraries[name] = version;
    } catch {
      // not resolvable from here (a bundled build): left out
    }
  }
  return { name: 'shopper-spectrum', version: (appPackage as { version?: string }).version ?? '0.0.0', libraries };
}

/** Options of {@link writeManifest}. */
export interface WriteManifestOptions {
  /** The artifacts directory. */
  readonly dir: string;
  /** The entries of every file written there (the manifest lists them sorted by path). */
  readonly files: readonly ManifestEntry[];
  /**
   * When the set was written.
   * @defaultValue now
   */
  readonly createdAt?: Date;
  /**
   * What wrote it.
   * @defaultValue {@link generatorInfo}()
   */
  readonly generator?: ManifestGenerator;
}

/**
 * Writes `manifest.json` into `dir` (through a temporary file renamed into place, so a reader never
 * sees half of it) and returns what it wrote. Call it after every other file is written. O(files).
 *
 * @throws AnalyzeError `INVALID_ARGUMENT` when two entries share a path or a path is not a plain
 *   relative one (see {@link artifactPathProblem})
 *
 * @example
 * ```ts
 * writeManifest({ dir: out, files: [manifestEntry('b.txt', 'b'), manifestEntry('a.txt', 'a')] }).files.map((f) => f.path);
 * // => ['a.txt', 'b.txt']
 * ```
 */
export function writeManifest(options: WriteManifestOptions): ArtifactManifest {
  const seen = new Set<string>();
  for (const f of options.files) {
    const problem = artifactPathProblem(f.path);
    if (problem || seen.has(f.path)) throw new AnalyzeError('INVALID_ARGUMENT', `cannot list ${JSON.stringify(f.path)} in ${MANIFEST_FILE}: ${problem ?? 'listed twice'}`, { parameter: 'files', value: f.path, allowed: 'distinct relative paths with forward slashes' });
    seen.add(f.path);
  }
  const manifest: ArtifactManifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    generator: options.generator ?? generatorInfo(),
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    files: [...options.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })),
  };
  const path = join(options.dir, MANIFEST_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
  return manifest;
}

/**
 * Why a manifest path is not acceptable, or `null`: it must be relative, with forward slashes,
 * with no empty, `.` or `..` component, no backslash, no NUL, no drive letter, and not the manifest
 * itself.
 *
 * @param path - a path as listed in a manifest
 *
 * @example
 * ```ts
 * [artifactPathProblem('charts/pareto.vl.json'), artifactPathProblem('../etc/passwd'), artifactPathProblem('/etc/passwd')];
 * // => [null, 'it has a ".." component', 'it is absolute']
 * ```
 */
export function artifactPathProblem(path: string): string | null {
  if (path.length === 0) return 'it is empty';
  if (path.length > 1024) return 'it is longer than 1024 characters';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'it is absolute';
  if (path.includes('\\')) return 'it has a backslash (paths use forward slashes)';
  if (path.includes('\0')) return 'it has a NUL character';
  const parts = path.split('/');
  if (parts.includes('..')) return 'it has a ".." component';
  if (parts.includes('.') || parts.includes('')) return 'it has an empty or "." component';
  if (path === MANIFEST_FILE) return 'the manifest cannot list itself';
  return null;
}

/** Options of {@link verifyArtifacts}. */
export interface VerifyArtifactsOptions {
  /** The artifacts directory (itself may be a symbolic link; nothing under it may be). */
  readonly dir: string;
  /**
   * Which listed files to keep the bytes of (the others are hashed in chunks and dropped).
   * @defaultValue none
   */
  readonly keep?: (path: string) => boolean;
}

interface Problem {
  readonly code: 'MISSING_ARTIFACT' | 'INVALID_ARTIFACTS';
  readonly path: string;
  readonly message: string;
}

const CHUNK = 1 << 20;

/**
 * Checks an artifacts directory against its `manifest.json` before anything in it is read: the
 * manifest must be a regular file holding a valid manifest (schema version, generator, date, and
 * entries with a plain relative path, a size and a SHA-256); every listed file must exist, be a
 * regular file reached without any symbolic link under `dir` (each path component is checked with
 * `lstat`, the file is opened with `O_NOFOLLOW` and must be the one checked, and its real path must
 * stay inside `dir`), and have the listed size and SHA-256. Files present but not listed are
 * ignored. Every file is read once; the bytes of those `keep` selects are returned, so the caller
 * parses exactly what was checked. O(total bytes).
 *
 * @throws AnalyzeError `MISSING_ARTIFACT` (exit 3) when `dir`, the manifest or a listed file is
 *   missing; `INVALID_ARTIFACTS` (exit 4) when the manifest is not valid or a file is not what it
 *   lists (changed, truncated, appended to, a link, not a regular file). The message names the file
 *   and says to run `analyze` again; when several files fail, it names the first and counts the rest.
 *
 * @example
 * ```ts
 * const set = verifyArtifacts({ dir: 'out', keep: (p) => p === 'analysis.json' });
 * [set.verification.files > 0, set.contents.has('analysis.json')];
 * // => [true, true]
 * ```
 */
export function verifyArtifacts(options: VerifyArtifactsOptions): VerifiedArtifactSet {
  const { dir } = options;
  const again = `run analyze --out ${dir} again`;
  let root: string;
  try {
    root = realpathSync(dir);
    if (!lstatSync(root).isDirectory()) throw new AnalyzeError('INVALID_ARTIFACTS', `${dir} is not a directory: pass the --out directory of analyze`, { parameter: '--artifacts', value: dir, allowed: 'a directory analyze wrote' });
  } catch (error) {
    if (error instanceof AnalyzeError) throw error;
    throw new AnalyzeError('MISSING_ARTIFACT', `the artifacts directory ${dir} does not exist or cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): run analyze --out ${dir} first`, { parameter: '--artifacts', value: dir, allowed: 'a directory analyze wrote', cause: error });
  }

  // the manifest itself: a regular file, no link
  const manifestRead = readChecked(root, MANIFEST_FILE, true);
  if (typeof manifestRead === 'string' || manifestRead === null) {
    if (manifestRead === null) throw new AnalyzeError('MISSING_ARTIFACT', `${MANIFEST_FILE} is missing from ${dir}, so its files cannot be verified (an analyze that did not finish, or artifacts from a version without one): ${again}`, { parameter: MANIFEST_FILE, value: dir, allowed: 'the files analyze writes' });
    throw new AnalyzeError('INVALID_ARTIFACTS', `${MANIFEST_FILE} in ${dir} ${manifestRead}: ${again}`, { parameter: MANIFEST_FILE, value: dir, allowed: 'the regular file analyze wrote' });
  }
  const manifestBytes = manifestRead.bytes!;
  const manifest = parseManifest(manifestBytes, dir, again);

  const keep = options.keep ?? (() => false);
  const contents = new Map<string, Buffer>();
  const problems: Problem[] = [];
  let total = 0;
  for (const entry of manifest.files) {
    total += entry.bytes;
    const read = readChecked(root, entry.path, keep(entry.path));
    if (read === null) {
      problems.push({ code: 'MISSING_ARTIFACT', path: entry.path, message: `${entry.path} is missing from ${dir} (${MANIFEST_FILE} lists it)` });
      continue;
    }
    if (typeof read === 'string') {
      problems.push({ code: 'INVALID_ARTIFACTS', path: entry.path, message: `${entry.path} in ${dir} ${read}` });
      continue;
    }
    if (read.size !== entry.bytes) {
      const how = read.size < entry.bytes ? 'is truncated' : 'has bytes appended';
      problems.push({ code: 'INVALID_ARTIFACTS', path: entry.path, message: `${entry.path} in ${dir} ${how}: ${read.size} bytes, ${MANIFEST_FILE} lists ${entry.bytes}` });
      continue;
    }
    if (read.sha256 !== entry.sha256) {
      problems.push({ code: 'INVALID_ARTIFACTS', path: entry.path, message: `${entry.path} in ${dir} has changed since analyze wrote it: same size (${read.size} bytes), but SHA-256 ${read.sha256.slice(0, 16)}... where ${MANIFEST_FILE} lists ${entry.sha256.slice(0, 16)}...` });
      continue;
    }
    if (read.bytes) contents.set(entry.path, read.bytes);
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    const rest = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 6).map((p) => p.path).join(', ')}${problems.length > 6 ? ', ...' : ''})` : '';
    throw new AnalyzeError(first.code, `${first.message}${rest}: ${again}`, { parameter: first.path, value: dir, allowed: `the file as ${MANIFEST_FILE} lists it` });
  }
  return {
    manifest,
    verification: {
      manifestSha256: sha256Hex(manifestBytes),
      files: manifest.files.length,
      bytes: total,
      createdAt: manifest.createdAt,
      generator: { name: manifest.generator.name, version: manifest.generator.version },
    },
    contents,
    listed: new Set(manifest.files.map((f) => f.path)),
  };
}

interface CheckedRead {
  readonly size: number;
  readonly sha256: string;
  readonly bytes: Buffer | null;
}

/**
 * Reads `root/path` with no symbolic link on the way: `null` when it does not exist, a reason
 * (a sentence's predicate) when it is not a regular file reached without links, else its size and
 * SHA-256 (and its bytes when `keep`).
 */
function readChecked(root: string, path: string, keep: boolean): CheckedRead | string | null {
  const parts = path.split('/');
  let at = root;
  let checked: Stats | undefined;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]!);
    try {
      checked = lstatSync(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      return `cannot be read (${code ?? 'error'})`;
    }
    const shown = parts.slice(0, i + 1).join('/');
    if (checked.isSymbolicLink()) return shown === path ? 'is a symbolic link, which serve does not follow' : `is reached through a symbolic link (${shown}), which serve does not follow`;
    if (i < parts.length - 1 && !checked.isDirectory()) return `cannot be reached: ${shown} is not a directory`;
    if (i === parts.length - 1 && !checked.isFile()) return 'is not a regular file';
  }
  const inside = relative(root, realpathSync(at));
  if (inside === '' || isAbsolute(inside) || inside.split(sep).includes('..')) return 'resolves outside the artifacts directory';
  let fd: number;
  try {
    fd = openSync(at, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    return code === 'ELOOP' ? 'is a symbolic link, which serve does not follow' : `cannot be read (${code ?? 'error'})`;
  }
  try {
    const st = fstatSync(fd);
    // the file opened must be the one checked, not one swapped in since
    if (!st.isFile() || st.ino !== checked!.ino || st.dev !== checked!.dev) return 'changed while it was being checked';
    if (keep) {
      const bytes = readFileSync(fd);
      return { size: bytes.length, sha256: sha256Hex(bytes), bytes };
    }
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (let n; (n = readSync(fd, chunk, 0, CHUNK, null)) > 0; size += n) hash.update(chunk.subarray(0, n));
    return { size, sha256: hash.digest('hex'), bytes: null };
  } finally {
    closeSync(fd);
  }
}

/** The manifest from its bytes, every field checked. */
function parseManifest(bytes: Buffer, dir: string, again: string): ArtifactManifest {
  const invalid = (why: string, value?: unknown) => new AnalyzeError('INVALID_ARTIFACTS', `${MANIFEST_FILE} in ${dir} ${why}: ${again}`, { parameter: MANIFEST_FILE, value: value ?? dir, allowed: `a manifest of schema version ${MANIFEST_SCHEMA_VERSION}` });
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalid(`is not valid JSON (${(error as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid('is not a JSON object');
  const m = doc as Record<string, unknown>;
  if (m.schemaVersion !== MANIFEST_SCHEMA_VERSION) throw invalid(`has schemaVersion ${JSON.stringify(m.schemaVersion) ?? 'undefined'}, where this version reads ${MANIFEST_SCHEMA_VERSION}`, m.schemaVersion);
  const g = m.generator as Record<string, unknown> | null | undefined;
  if (typeof g !== 'object' || g === null || typeof g.name !== 'string' || typeof g.version !== 'string') throw invalid('has no generator { name, version }');
  const libraries = g.libraries ?? {};
  if (typeof libraries !== 'object' || libraries === null || Object.values(libraries).some((v) => typeof v !== 'string')) throw invalid('has a generator.libraries that is not a map of versions');
  if (typeof m.createdAt !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(m.createdAt) || Number.isNaN(Date.parse(m.createdAt))) throw invalid('has no ISO 8601 createdAt', m.createdAt);
  if (!Array.isArray(m.files)) throw invalid('has no files list');
  const seen = new Set<string>();
  const files: ManifestEntry[] = m.files.map((f: unknown, i: number) => {
    const e = f as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e.path !== 'string') throw invalid(`has an entry without a path (files[${i}])`);
    const problem = artifactPathProblem(e.path);
    if (problem) throw invalid(`lists ${JSON.stringify(e.path)}, which serve does not read: ${problem}`, e.path);
    if (seen.has(e.path)) throw invalid(`lists ${e.path} twice`, e.path);
    seen.add(e.path);
    if (typeof e.bytes !== 'number' || !Number.isSafeInteger(e.bytes) || e.bytes < 0) throw invalid(`lists ${e.path} with a size that is not a byte count (${JSON.stringify(e.bytes)})`, e.path);
    if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) throw invalid(`lists ${e.path} with a sha256 that is not 64 lower-case hex digits`, e.path);
    return { path: e.path, bytes: e.bytes, sha256: e.sha256 };
  });
  return { schemaVersion: MANIFEST_SCHEMA_VERSION, generator: { name: g.name, version: g.version, libraries: libraries as Record<string, string> }, createdAt: m.createdAt, files };
}

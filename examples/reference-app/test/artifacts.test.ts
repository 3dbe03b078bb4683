/**
 * serve verifies the artifact set against manifest.json before it reads anything: each tampering
 * case is refused with a coded error that names the file and the exit code the docs give, both
 * from `loadArtifacts` and through the CLI (`serve` returns that code without listening).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArtifacts } from '../src/artifacts.js';
import { toCsv } from '../src/csv.js';
import { decodeTable, encodeTable } from '../src/tableFile.js';
import { AnalyzeError, EXIT, exitCodeOf } from '../src/errors.js';
import type { ArtifactManifest } from '../src/manifest.js';
import { smallArtifacts } from './fixture.js';
import { run } from './helpers.js';

let base: string;
beforeAll(async () => {
  base = await smallArtifacts();
}, 120_000);

/** A fresh copy of the small artifacts. */
function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ss-tamper-')), 'out');
  cpSync(base, dir, { recursive: true });
  return dir;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Omit<ArtifactManifest, 'files'> & { files: { path: string; bytes: number; sha256: string }[] };
const writeManifestDoc = (dir: string, m: unknown) => writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(m, null, 1)}\n`);

/** Updates the manifest entry of `path` to the file as it now is (a tamperer who also edits the manifest). */
function relist(dir: string, path: string): void {
  const m = readManifest(dir);
  const bytes = readFileSync(join(dir, path));
  const entry = m.files.find((f) => f.path === path)!;
  entry.bytes = bytes.length;
  entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  writeManifestDoc(dir, m);
}

/** Asserts that loading `dir` is refused with `code`, naming `file`, and that `serve` exits with the matching code. */
async function expectRefused(dir: string, code: 'MISSING_ARTIFACT' | 'INVALID_ARTIFACTS', file: string, message?: RegExp): Promise<AnalyzeError> {
  let caught: unknown;
  try {
    loadArtifacts(dir);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AnalyzeError);
  const error = caught as AnalyzeError;
  expect(error.code).toBe(code);
  expect(error.message).toContain(file);
  if (message) expect(error.message).toMatch(message);
  const exit = code === 'MISSING_ARTIFACT' ? EXIT.missingFile : EXIT.badData;
  expect(exitCodeOf(error)).toBe(exit);
  const r = await run(['serve', '--artifacts', dir, '--port', '0', '--quiet']);
  expect(r.code, r.stderr).toBe(exit);
  expect(r.stdout).not.toMatch(/Dashboard/);
  expect(r.stderr).toContain(code);
  expect(r.stderr).toContain(file);
  return error;
}

describe('serve verifies the artifacts against manifest.json', () => {
  it('analyze writes a manifest listing every file it wrote, sorted, with its size and SHA-256', () => {
    const m = readManifest(base);
    expect(m.schemaVersion).toBe(1);
    expect(m.generator.name).toBe('shopper-spectrum');
    expect(m.generator.libraries['@shopper-spectrum/core']).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number.isNaN(Date.parse(m.createdAt))).toBe(false);
    const paths = m.files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    const summary = JSON.parse(readFileSync(join(base, 'analysis.json'), 'utf8')) as { artifacts: string[] };
    expect([...summary.artifacts].sort()).toEqual([...paths, 'manifest.json'].sort());
    for (const f of m.files) {
      const bytes = readFileSync(join(base, f.path));
      expect(bytes.length, f.path).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
  });

  it('the untouched directory loads and reports the set it verified', () => {
    const dir = copy();
    const state = loadArtifacts(dir);
    const m = readManifest(dir);
    expect(state.verified).toEqual({
      manifestSha256: createHash('sha256').update(readFileSync(join(dir, 'manifest.json'))).digest('hex'),
      files: m.files.length,
      bytes: m.files.reduce((s, f) => s + f.bytes, 0),
      createdAt: m.createdAt,
      generator: { name: 'shopper-spectrum', version: m.generator.version },
    });
    expect(state.models.size).toBeGreaterThan(0);
    expect(state.rfm.size).toBe(state.summary.customers);
  });

  it('flipped bytes in models/transactions.sstb (same size) are refused as changed', async () => {
    const dir = copy();
    const path = join(dir, 'models/transactions.sstb');
    const bytes = readFileSync(path);
    // flip bytes in the last column (unit prices): the file still decodes, with other figures
    for (let i = bytes.length - 80; i < bytes.length - 40; i++) bytes[i]! ^= 0x5a;
    writeFileSync(path, bytes);
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/transactions.sstb', /has changed since analyze wrote it: same size/);
  });

  it('models/item-knn.ssrm replaced by user-knn.ssrm is refused by its size and hash', async () => {
    const dir = copy();
    cpSync(join(dir, 'models/user-knn.ssrm'), join(dir, 'models/item-knn.ssrm'));
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/item-knn.ssrm', /has changed|is truncated|has bytes appended/);
  });

  it('models/item-knn.ssrm replaced by user-knn.ssrm with the manifest updated to match is refused by its kind', async () => {
    const dir = copy();
    cpSync(join(dir, 'models/user-knn.ssrm'), join(dir, 'models/item-knn.ssrm'));
    relist(dir, 'models/item-knn.ssrm');
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/item-knn.ssrm', /is not the 'item-knn' model analyze wrote .*user-knn/);
  });

  it('a model file truncated by 10 bytes is refused as truncated, with both sizes', async () => {
    const dir = copy();
    const path = join(dir, 'models/item-knn.ssrm');
    const size = readFileSync(path).length;
    truncateSync(path, size - 10);
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/item-knn.ssrm', new RegExp(`is truncated: ${size - 10} bytes, manifest.json lists ${size}`));
  });

  it('a model file with bytes appended is refused, with both sizes', async () => {
    const dir = copy();
    const path = join(dir, 'models/user-knn.ssrm');
    const size = readFileSync(path).length;
    appendFileSync(path, Buffer.from('appended'));
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/user-knn.ssrm', new RegExp(`has bytes appended: ${size + 8} bytes, manifest.json lists ${size}`));
  });

  it('analysis.json = {} with the manifest updated to match is refused, naming the missing fields', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'analysis.json'), '{}\n');
    relist(dir, 'analysis.json');
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'analysis.json', /lacks version \(a number\), source \(a string\)/);
  });

  it('a segment model of the wrong shape with the manifest updated to match is refused by name', async () => {
    const dir = copy();
    const path = join(dir, 'models/segment-model.json');
    const model = JSON.parse(readFileSync(path, 'utf8'));
    model.names = model.names.slice(1);
    writeFileSync(path, JSON.stringify(model));
    relist(dir, 'models/segment-model.json');
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/segment-model.json', /reasons/);
  });

  it('a deleted manifest.json is a missing artifact (exit 3) that says to run analyze again', async () => {
    const dir = copy();
    rmSync(join(dir, 'manifest.json'));
    await expectRefused(dir, 'MISSING_ARTIFACT', 'manifest.json', /run analyze --out .* again/);
  });

  it('a listed file that was deleted is a missing artifact naming it', async () => {
    const dir = copy();
    rmSync(join(dir, 'rfm.csv'));
    await expectRefused(dir, 'MISSING_ARTIFACT', 'rfm.csv');
  });

  it.each([
    ['a ../ path', (m: ReturnType<typeof readManifest>) => m.files.push({ path: '../outside.json', bytes: 2, sha256: '0'.repeat(64) }), /"\.\.\/outside\.json".*"\.\." component/],
    ['an absolute path', (m: ReturnType<typeof readManifest>) => m.files.push({ path: '/etc/passwd', bytes: 2, sha256: '0'.repeat(64) }), /"\/etc\/passwd".*absolute/],
    ['a path with a backslash', (m: ReturnType<typeof readManifest>) => (m.files[0]!.path = 'models\\..\\..\\x'), /backslash/],
    ['another schema version', (m: ReturnType<typeof readManifest>) => ((m as { schemaVersion: number }).schemaVersion = 2), /schemaVersion 2/],
    ['a size that is not a byte count', (m: ReturnType<typeof readManifest>) => ((m.files[0] as { bytes: unknown }).bytes = '12'), /size that is not a byte count/],
    ['a sha256 that is not hex', (m: ReturnType<typeof readManifest>) => (m.files[0]!.sha256 = 'abc'), /sha256 that is not 64/],
    ['a path listed twice', (m: ReturnType<typeof readManifest>) => m.files.push({ ...m.files[0]! }), /twice/],
  ])('a manifest with %s is invalid (exit 4)', async (_what, edit, message) => {
    const dir = copy();
    const m = readManifest(dir);
    edit(m);
    writeManifestDoc(dir, m);
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'manifest.json', message);
  });

  it('a manifest that is not JSON is invalid (exit 4)', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion": 1, "files": [');
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'manifest.json', /not valid JSON/);
  });

  it('a chart replaced by a symbolic link out of the directory is refused, even with the same bytes', async () => {
    const dir = copy();
    const outside = join(mkdtempSync(join(tmpdir(), 'ss-outside-')), 'pareto.vl.json');
    renameSync(join(dir, 'charts/pareto.vl.json'), outside);
    symlinkSync(outside, join(dir, 'charts/pareto.vl.json'));
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'charts/pareto.vl.json', /symbolic link/);
  });

  it('a chart replaced by a symbolic link to a file inside the directory is refused too', async () => {
    const dir = copy();
    renameSync(join(dir, 'charts/pareto.vl.json'), join(dir, 'charts/pareto-copy.vl.json'));
    symlinkSync('pareto-copy.vl.json', join(dir, 'charts/pareto.vl.json'));
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'charts/pareto.vl.json', /symbolic link/);
  });

  it('a charts directory that is a symbolic link out of the artifacts is refused, naming it', async () => {
    const dir = copy();
    const outside = join(mkdtempSync(join(tmpdir(), 'ss-outside-')), 'charts');
    renameSync(join(dir, 'charts'), outside);
    symlinkSync(outside, join(dir, 'charts'));
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'charts/', /reached through a symbolic link \(charts\)/);
  });

  it('an artifacts directory that is itself a symbolic link is followed (only what is under it is checked)', () => {
    const dir = copy();
    const link = join(mkdtempSync(join(tmpdir(), 'ss-link-')), 'out');
    symlinkSync(dir, link);
    expect(loadArtifacts(link).verified.files).toBe(readManifest(dir).files.length);
  });

  it('extra files the manifest does not list are allowed and never read', () => {
    const dir = copy();
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    writeFileSync(join(dir, 'models/extra.ssrm'), 'not a model');
    symlinkSync('/etc/passwd', join(dir, 'charts/extra.vl.json'));
    const state = loadArtifacts(dir);
    expect(state.verified.files).toBe(readManifest(dir).files.length);
    expect([...state.charts.keys()]).not.toContain('extra');
  });

  it('a chart the manifest does not list is not served, though the file is there', () => {
    const dir = copy();
    const m = readManifest(dir);
    writeManifestDoc(dir, { ...m, files: m.files.filter((f) => f.path !== 'charts/pareto.vl.json') });
    expect(loadArtifacts(dir).charts.has('pareto')).toBe(false);
    expect(loadArtifacts(copy()).charts.has('pareto')).toBe(true);
  });

  it('a file serve needs that the manifest does not list is refused, though the file is there', async () => {
    const dir = copy();
    const m = readManifest(dir);
    writeManifestDoc(dir, { ...m, files: m.files.filter((f) => f.path !== 'models/segment-model.json') });
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/segment-model.json', /not listed in manifest\.json/);
  });

  it('customer ids with commas, quotes, line breaks and formula characters round-trip through rfm.csv', () => {
    const dir = copy();
    const ids = ['=1+1', 'Smith, Jo', 'say "hi"', 'two\nlines', "'=quoted", '-42', '@SUM(A1)', '\tTab', "'", "''x"];
    const rows = ids.map((CustomerID, i) => ({ CustomerID, Recency: i, Frequency: i + 1, Monetary: -i - 0.5, RFMScore: '111', RFMSegment: '+Lost', ClusterSegment: 'Occasional' }));
    writeFileSync(join(dir, 'rfm.csv'), toCsv(rows));
    relist(dir, 'rfm.csv');
    const rfm = loadArtifacts(dir).rfm;
    expect([...rfm.keys()]).toEqual(ids);
    expect(rfm.get('two\nlines')).toEqual({ recency: 3, frequency: 4, monetary: -3.5, score: '111', rfmSegment: '+Lost', cluster: 'Occasional' });
  });
});

describe('decodeTable', () => {
  it('a table file cut short, with the manifest updated to match, is refused by its own size check, naming it', async () => {
    const dir = copy();
    const path = join(dir, 'models/transactions.sstb');
    truncateSync(path, readFileSync(path).length - 8);
    relist(dir, 'models/transactions.sstb');
    await expectRefused(dir, 'INVALID_ARTIFACTS', 'models/transactions.sstb', /cannot be decoded \(table file size \d+ does not match its header/);
  });

  it('a header that runs past the end of the file is refused, not read out of bounds', () => {
    const bytes = new Uint8Array(16);
    bytes.set(new TextEncoder().encode('SSTB'));
    new DataView(bytes.buffer).setUint32(4, 1000, true);
    expect(() => decodeTable(bytes)).toThrow(/header length 1000 runs past the end of the file \(16 bytes\)/);
  });

  it('decodes the same table from bytes that are not 8-byte aligned', () => {
    const table = loadArtifacts(copy()).table;
    const encoded = encodeTable(table);
    const shifted = new Uint8Array(encoded.length + 3).subarray(3);
    shifted.set(encoded);
    const again = decodeTable(shifted);
    expect(again.length).toBe(table.length);
    expect([...again.columns.unitPrice]).toEqual([...table.columns.unitPrice]);
    expect([...again.columns.customer]).toEqual([...table.columns.customer]);
  });
});

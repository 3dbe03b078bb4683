/**
 * How the running CLI was started, so that the commands it prints for the next step (`serve
 * --artifacts out`, `analyze --data ...`, the usage lines of `--help`) work as printed on this
 * machine: through pnpm in this repository, from a package installed in a project or fetched by
 * npx, from a global install, or as a file given to node. Light: Node built-ins only.
 */
import { existsSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the CLI runs from:
 * - `repository`: this repository's sources or build, started through pnpm (a root or app script)
 *   or from the TypeScript sources;
 * - `package`: an installed package (a project's `node_modules`, npx's cache), started by npx, a
 *   package script or `node_modules/.bin`;
 * - `global`: a global install, on the PATH as `shopper-spectrum`;
 * - `node`: this repository's build given to node by path (`node examples/reference-app/dist/cli.js`).
 */
export type InvocationKind = 'repository' | 'package' | 'global' | 'node';

/** How the CLI was started, and how to start it again from where the user stands. */
export interface Invocation {
  readonly kind: InvocationKind;
  /** The words that run the CLI again here, before the command (`npx shopper-spectrum`). */
  readonly prefix: string;
}

/** What `invocation` looks at; each defaults to the running process's own. */
export interface InvocationOptions {
  /**
   * The script node was started with, as given (not resolved through links).
   * @defaultValue `process.argv[1]`
   */
  readonly script?: string | undefined;
  /**
   * The environment: `npm_config_user_agent`, `npm_execpath` and `npm_lifecycle_event` tell the
   * package manager and the script; `PATH` where a global command would be found.
   * @defaultValue `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * A file of the CLI itself: inside a `node_modules` directory means an installed package.
   * @defaultValue this module's file
   */
  readonly self?: string;
  /**
   * The directory a `node` path is written relative to.
   * @defaultValue `process.cwd()`
   */
  readonly cwd?: string;
  /**
   * The platform, for the names of global commands (`shopper-spectrum.cmd` on Windows).
   * @defaultValue `process.platform`
   */
  readonly platform?: string;
}

/** The command's name, as `bin` in package.json declares it. */
const COMMAND = 'shopper-spectrum';
/** How the README runs the CLI in this repository: pnpm 10 through npx, so only Node and npm are needed. */
const REPOSITORY_PREFIX = `npx -y pnpm@10 ${COMMAND}`;

const inNodeModules = (path: string) => /(^|[\\/])node_modules[\\/]/.test(path);
const isBinDir = (dir: string) => /(^|[\\/])node_modules[\\/]\.bin[\\/]?$/.test(dir);

/**
 * Tells how the CLI was started. Reads `process.argv[1]`, the package manager's variables and,
 * for a global install, the PATH (a few `existsSync` calls); O(entries of PATH).
 *
 * @param options - what to look at instead of this process (for tests)
 * @returns the kind and the prefix to print before a command
 *
 * @example
 * invocation({ script: '/p/node_modules/.bin/shopper-spectrum', self: '/p/node_modules/shopper-spectrum/dist/cli.js', env: { npm_lifecycle_event: 'npx' } });
 * // => { kind: 'package', prefix: 'npx shopper-spectrum' }
 */
export function invocation(options: InvocationOptions = {}): Invocation {
  const env = options.env ?? process.env;
  const script = 'script' in options ? options.script : process.argv[1];
  const self = options.self ?? fileURLToPath(import.meta.url);
  const platform = options.platform ?? process.platform;
  if (!inNodeModules(self)) {
    const viaPnpm = /^pnpm\//.test(env.npm_config_user_agent ?? '') || /pnpm/.test(env.npm_execpath ?? '');
    if (viaPnpm || script === undefined || /\.[cm]?ts$/.test(script) || self.endsWith('.ts')) return { kind: 'repository', prefix: REPOSITORY_PREFIX };
    const cwd = options.cwd ?? process.cwd();
    const rel = relative(cwd, script);
    const path = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : script;
    return { kind: 'node', prefix: `node ${shellQuote(path)}` };
  }
  const npx = env.npm_lifecycle_event === 'npx' || env.npm_command === 'exec' || (script !== undefined && (isBinDir(dirname(script)) || /[\\/]_npx[\\/]/.test(script)));
  if (!npx && onPath(env, platform)) return { kind: 'global', prefix: COMMAND };
  return { kind: 'package', prefix: `npx ${COMMAND}` };
}

/**
 * The words that run the CLI again from where the user stands: `npx -y pnpm@10 shopper-spectrum`
 * through pnpm in this repository (the README's form), `npx shopper-spectrum` for an installed or
 * npx'd package, `shopper-spectrum` for a global install, `node <path>` for a build given to node.
 *
 * @param options - what to look at instead of this process (for tests)
 * @returns the prefix; a command line is `${commandPrefix()} serve --artifacts out`
 *
 * @example
 * commandPrefix({ script: '/usr/local/bin/shopper-spectrum', self: '/usr/local/lib/node_modules/shopper-spectrum/dist/cli.js', env: { PATH: '/usr/local/bin' } });
 * // => 'shopper-spectrum' (when /usr/local/bin/shopper-spectrum exists)
 */
export function commandPrefix(options: InvocationOptions = {}): string {
  return invocation(options).prefix;
}

/**
 * One argument as a POSIX shell (and cmd.exe, for paths without quotes in them) reads it back:
 * as is when it has only safe characters, otherwise in double quotes with `"`, `\`, `$` and the
 * backquote escaped.
 *
 * @param word - a path or value to print in a command line
 * @returns the word, quoted when needed
 *
 * @example
 * shellQuote('out dir');
 * // => '"out dir"'
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./\\-]+$/.test(word)) return word;
  return `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** Whether a global `shopper-spectrum` is on the PATH (outside any node_modules/.bin the package manager added). */
function onPath(env: Readonly<Record<string, string | undefined>>, platform: string): boolean {
  const path = env.PATH ?? env.Path ?? '';
  const names = platform === 'win32' ? [`${COMMAND}.cmd`, `${COMMAND}.ps1`, `${COMMAND}.exe`] : [COMMAND];
  const sep = platform === 'win32' ? ';' : delimiter;
  for (const dir of path.split(sep)) {
    if (dir === '' || isBinDir(dir)) continue;
    if (names.some((name) => existsSync(join(dir, name)))) return true;
  }
  return false;
}


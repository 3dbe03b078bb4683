/**
 * What the commands share: the I/O they write to, the exit-code help, usage errors, integer flags,
 * readable-file checks and `--plugin` loading.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
// light: --help and usage errors load no library; errors.ts and the recommenders load with --plugin
import { EXIT, EXIT_HELP } from './cliConstants.js';

/** The exit codes' help (defined in the light `cliConstants.ts`). */
export { EXIT_HELP };

/** Where a command writes, and the directory relative paths start from. */
export interface Io {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly cwd: string;
}

/** Prints a usage error; returns exit code 2. */
export function usage(io: Io, message: string): number {
  io.stderr.write(`${message}\n\nRun with --help for the options.\n`);
  return EXIT.usage;
}

/** An integer flag within [min, max], or the usage message. */
export function intFlag(value: string, name: string, min: number, max: number): number | string {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) return `--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`;
  return n;
}

/** Why a path cannot be read as a file, or null: missing, a directory, or no permission. */
export function unreadable(file: string): string | null {
  if (!existsSync(file)) return 'no such file';
  const st = statSync(file);
  if (st.isDirectory()) return 'it is a directory, not a file (give the file inside it)';
  if (!st.isFile()) return 'it is not a regular file';
  try {
    accessSync(file, constants.R_OK);
  } catch {
    return 'permission denied (the file exists but cannot be read by this user)';
  }
  return null;
}

/** Resolves and loads `--plugin` files (registering their kinds); an exit code when one is missing or invalid. */
export async function resolvePlugins(paths: readonly string[], io: Io): Promise<string[] | number> {
  const files = paths.map((p) => resolve(io.cwd, p));
  for (const [i, file] of files.entries()) {
    const problem = unreadable(file);
    if (problem) {
      io.stderr.write(`Cannot read --plugin ${JSON.stringify(paths[i])}: ${problem} (looked at ${file}).\n`);
      return EXIT.missingFile;
    }
  }
  if (files.length === 0) return files;
  const [{ loadPlugins }, { cliMessage, exitCodeOf }] = await Promise.all([import('./recommenders.js'), import('./errors.js')]);
  try {
    await loadPlugins(files);
  } catch (error) {
    io.stderr.write(`${cliMessage(error)}\n`);
    return exitCodeOf(error);
  }
  return files;
}

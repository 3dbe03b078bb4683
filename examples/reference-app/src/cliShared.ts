/**
 * What the commands share: the I/O they write to, the exit-code help, usage errors, integer flags,
 * readable-file checks and `--plugin` loading.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliMessage, EXIT, exitCodeOf } from './errors.js';
import { loadPlugins } from './recommenders.js';

export const EXIT_HELP = `Exit codes:
  0  success
  1  unexpected failure (a bug: please report it with the message)
  2  bad usage: unknown command or flag, a flag value out of range, or a library error about an
     option (codes INVALID_OPTION, INVALID_K, INVALID_BINS, INVALID_AS_OF, ...)
  3  a file or directory given does not exist or cannot be read (READ_FAILED)
  4  the data cannot be used: wrong format, missing columns, no usable rows, or any other library
     error about the data (the message gives its code, the parameter and what is allowed)
  5  serve cannot listen: the port is in use, or not allowed for this user`;

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
  try {
    await loadPlugins(files);
  } catch (error) {
    io.stderr.write(`${cliMessage(error)}\n`);
    return exitCodeOf(error);
  }
  return files;
}

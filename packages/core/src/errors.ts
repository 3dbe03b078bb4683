/**
 * The codes a {@link CoreError} can carry. Programs tell errors apart by `code`, never by message.
 *
 * - `EMPTY_INPUT`: the source holds no header (an empty file or string).
 * - `NOT_CSV`: the source is not delimited text (binary bytes, or a spreadsheet given to the CSV parser).
 * - `MISSING_COLUMNS`: the header lacks a required column of the chosen mapping.
 * - `INVALID_OPTION`: an option has a value outside what is allowed.
 * - `INVALID_ARGUMENT`: an argument (not an option) is of the wrong kind or out of range.
 * - `UNSUPPORTED_FORMAT`: the file's format is recognised but cannot be read here.
 * - `MISSING_DEPENDENCY`: an optional peer dependency (such as `exceljs` for XLSX) is not installed.
 * - `READ_FAILED`: the file or stream could not be read (the cause is attached).
 */
export type CoreErrorCode =
  | 'EMPTY_INPUT'
  | 'NOT_CSV'
  | 'MISSING_COLUMNS'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'UNSUPPORTED_FORMAT'
  | 'MISSING_DEPENDENCY'
  | 'READ_FAILED';

/** Details of a {@link CoreError}: what was wrong, where, and what would have been accepted. */
export interface CoreErrorDetails {
  /** The option, argument or column concerned. */
  readonly parameter?: string;
  /** The offending value (shortened when long). */
  readonly value?: unknown;
  /** What is allowed instead, in words. */
  readonly allowed?: string;
  /** The underlying error, when this one wraps another. */
  readonly cause?: unknown;
}

/**
 * The one error class of `@shopper-spectrum/core`. Thrown for programming errors and unreadable
 * sources; problems inside otherwise readable data are collected as {@link LoadIssue}s instead.
 *
 * @example
 * ```ts
 * try { parseTransactionsCsv(''); } catch (e) { if (e instanceof CoreError) console.log(e.code); }
 * // => EMPTY_INPUT
 * ```
 */
export class CoreError extends Error {
  /** Machine-readable reason. */
  readonly code: CoreErrorCode;
  /** The option, argument or column concerned, if any. */
  readonly parameter: string | undefined;
  /** The offending value, if any. */
  readonly value: unknown;
  /** What is allowed instead, if it can be said. */
  readonly allowed: string | undefined;

  /**
   * @param code - machine-readable reason
   * @param message - a sentence naming the parameter, the bad value and what is allowed
   * @param details - the same facts as fields, plus an optional `cause`
   */
  constructor(code: CoreErrorCode, message: string, details: CoreErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CoreError';
    this.code = code;
    this.parameter = details.parameter;
    this.value = details.value;
    this.allowed = details.allowed;
  }
}

/**
 * Shortens a value for an error message.
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value == null) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Throws an `INVALID_OPTION` error naming the option, its value and what is allowed.
 */
export function invalidOption(parameter: string, value: unknown, allowed: string): never {
  throw new CoreError(
    'INVALID_OPTION',
    `Invalid option ${parameter}: got ${describeValue(value)}; allowed: ${allowed}.`,
    { parameter, value, allowed },
  );
}

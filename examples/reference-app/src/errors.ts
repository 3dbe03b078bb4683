/**
 * One mapping from any error to what the user sees: the CLI's exit code and message, the server's
 * HTTP status and JSON body. Library errors are recognised by their common base
 * (`isShopperSpectrumError`), never by package or message, so an error from a package added later
 * is handled the same way.
 */
import { isShopperSpectrumError, ShopperSpectrumError } from '@shopper-spectrum/core';
import type { ShopperSpectrumError as LibraryError } from '@shopper-spectrum/core';

import { EXIT } from './cliConstants.js';

/** Exit codes, documented in `--help` (defined in the light `cliConstants.ts`). */
export { EXIT };

/**
 * Codes that name something the user asked for (an option, a k, a date, a segment map, a model
 * name, the encoding or the date order of a file): a different command line fixes them, so they are
 * usage errors (exit 2). Every other code
 * describes the data (exit 4), except `READ_FAILED` (a file that cannot be read: exit 3).
 */
export const USAGE_CODES: ReadonlySet<string> = new Set(['INVALID_OPTION', 'INVALID_K', 'INVALID_BINS', 'INVALID_AS_OF', 'INVALID_SEGMENT_MAP', 'BINS_MISMATCH', 'UNKNOWN_KIND', 'INVALID_PLUGIN', 'INVALID_ENCODING', 'AMBIGUOUS_DATES']);

/** A coded failure of the workflow itself (not of one package): same base, same fields. */
export class AnalyzeError extends ShopperSpectrumError {
  declare readonly code: 'NO_USABLE_ROWS' | 'TOO_FEW_DISTINCT_CUSTOMERS' | 'INVALID_ARGUMENT' | 'INVALID_PLUGIN' | 'UNKNOWN_KIND' | 'INVALID_ARTIFACTS' | 'MISSING_ARTIFACT';
  constructor(code: AnalyzeError['code'], message: string, details: { parameter?: string; value?: unknown; allowed?: string; cause?: unknown } = {}) {
    super(code, message, details);
    this.name = 'AnalyzeError';
  }
}

/** The exit code of an error caught by the CLI. */
export function exitCodeOf(error: unknown): number {
  if (!isShopperSpectrumError(error)) return EXIT.failure;
  if (error.code === 'READ_FAILED' || error.code === 'MISSING_ARTIFACT') return EXIT.missingFile;
  return USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.badData;
}

/** The one-paragraph message the CLI prints for an error (no stack trace, except on request). */
export function cliMessage(error: unknown, debug = process.env.SHOPPER_SPECTRUM_DEBUG === '1'): string {
  if (isShopperSpectrumError(error)) {
    const where = (error as LibraryError).parameter ? ` [${(error as LibraryError).parameter}]` : '';
    return `Error ${error.code}${where}: ${error.message}${debug && error.stack ? `\n${error.stack}` : ''}`;
  }
  const e = error as Error;
  const text = e?.message ?? String(error);
  return `Unexpected failure (a bug: please report it with this message): ${text.length > 500 ? `${text.slice(0, 500)}...` : text}${debug && e?.stack ? `\n${e.stack}` : '\n(set SHOPPER_SPECTRUM_DEBUG=1 to print the stack trace)'}`;
}

/** The HTTP status for a library error met while answering a request. */
export function httpStatusOf(error: LibraryError): number {
  switch (error.code) {
    case 'UNKNOWN_ITEM':
    case 'NOT_FOUND':
    case 'UNKNOWN_KIND':
      return 404;
    case 'TOO_LARGE':
      return 413;
    default:
      return 400;
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses the decimal number in `text[start, end)`, or returns `NaN` when it is not one.
 *
 * Accepted: an optional sign, digits with an optional `.` fraction, an optional exponent,
 * surrounding spaces. Rejected (NaN): empty text, thousands separators, `Infinity`, hex.
 * The fast path (at most 15 significant digits, no exponent) divides the integer mantissa by an
 * exact power of ten, which IEEE-754 rounds correctly, so it returns exactly what `Number()` returns
 * (Clinger's fast path); anything else goes through `Number()`. O(length), no allocation on the fast path.
 *
 * @param text - the text holding the field
 * @param start - first character of the field
 * @param end - one past the last character
 * @param decimalSeparator - the character before the fraction: `'.'`, or `','` for the decimal
 *   commas of European exports (`'2,55'`); either way no thousands separator is read
 * @returns the number, or NaN
 * @example
 * ```ts
 * [parseDecimal('a,2.55,b', 2, 6), parseDecimal('2,55', 0, 4, ','), parseDecimal('2.55', 0, 4, ',')];
 * // => [2.55, 2.55, NaN]
 * ```
 */
export function parseDecimal(text: string, start: number, end: number, decimalSeparator: '.' | ',' = '.'): number {
  const dot = decimalSeparator === ',' ? 44 : 46;
  let i = start;
  let neg = false;
  let c = text.charCodeAt(i);
  if (c === 45 /* - */ || c === 43 /* + */) {
    neg = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  let any = false;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (mantissa === 0 && c === 48) {
        if (seenDot) scale++;
        continue;
      }
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenDot) scale++;
    } else if (c === dot && !seenDot) {
      seenDot = true;
    } else {
      return slowDecimal(text, start, end, dot);
    }
  }
  if (!any) return NaN;
  if (digits > 15 || scale > 15) return slowDecimal(text, start, end, dot);
  const value = scale === 0 ? mantissa : mantissa / POW10[scale]!;
  return neg ? -value : value;
}

function slowDecimal(text: string, start: number, end: number, dot: number): number {
  let s = text.slice(start, end).trim();
  if (dot === 44) {
    if (s.includes('.')) return NaN;
    s = s.replace(',', '.');
  }
  return DECIMAL.test(s) ? Number(s) : NaN;
}

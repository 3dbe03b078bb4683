import { SqlError } from '../errors.js';
import type { SqlValue } from '../statement.js';

/**
 * A value written as a ClickHouse literal, for servers without query parameters (ClickHouse before
 * 19.11 has no `{name:Type}` binding; 18.16, Debian's, is one of them). Text becomes a single-quoted
 * string in which the quote, the backslash and every character below U+0020 (and U+007F) are written
 * as escapes (`\'`, `\\`, `\xHH`), so no value can end the literal or add a statement: the literal is
 * always one token. Numbers must be finite (written in JavaScript's shortest round-trip form, a
 * negative one in parentheses); booleans are `1` / `0`; `null` is `NULL`. O(length).
 *
 * @param value - the value to bind
 * @returns the literal
 * @throws {@link @shopper-spectrum/sql!SqlError} `INVALID_OPTION` for a non-finite number or another type
 * @example
 * ```ts
 * clickhouseLiteral("O'Brien\\'; DROP TABLE t; --");
 * // => "'O\\'Brien\\\\\\'; DROP TABLE t; --'"
 * clickhouseLiteral(-1.5);
 * // => '(-1.5)'
 * ```
 */
export function clickhouseLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SqlError('INVALID_OPTION', `Invalid parameter: got ${value}; allowed: a finite number (ClickHouse literals cannot bind NaN or Infinity).`, { engine: 'clickhouse', parameter: 'params', value, allowed: 'a finite number' });
    const s = Object.is(value, -0) ? '0' : String(value);
    return value < 0 ? `(${s})` : s;
  }
  if (typeof value !== 'string') throw new SqlError('INVALID_OPTION', `Invalid parameter: got a ${typeof value}; allowed: a string, number, boolean or null.`, { engine: 'clickhouse', parameter: 'params', value: typeof value, allowed: 'a string, number, boolean or null' });
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch === 0x27) out += "\\'";
    else if (ch === 0x5c) out += '\\\\';
    else if (ch < 0x20 || ch === 0x7f) out += `\\x${ch.toString(16).padStart(2, '0')}`;
    else out += value[i];
  }
  return `${out}'`;
}

/**
 * A ClickHouse identifier in backquotes, a backquote or backslash inside escaped with a backslash,
 * control characters as `\xHH` (ClickHouse reads backquoted names with the escapes of its string
 * literals, so doubling, the SQL-standard way, does not work in 18.16).
 *
 * @param identifier - any non-empty name without NUL
 * @returns the quoted identifier
 * @throws {@link @shopper-spectrum/sql!SqlError} `INVALID_OPTION` for an empty name or one holding NUL
 * @example
 * ```ts
 * clickhouseIdentifier('Customer `ID`');
 * // => '`Customer \\`ID\\``'
 * ```
 */
export function clickhouseIdentifier(identifier: string): string {
  if (typeof identifier !== 'string' || identifier.length === 0 || identifier.includes('\u0000')) {
    throw new SqlError('INVALID_OPTION', `Invalid identifier: got ${JSON.stringify(String(identifier).slice(0, 60))}; allowed: a non-empty name without NUL characters.`, { engine: 'clickhouse', parameter: 'identifier', value: identifier, allowed: 'a non-empty name without NUL characters' });
  }
  let out = '`';
  for (let i = 0; i < identifier.length; i++) {
    const ch = identifier.charCodeAt(i);
    if (ch === 0x60) out += '\\`';
    else if (ch === 0x5c) out += '\\\\';
    else if (ch < 0x20 || ch === 0x7f) out += `\\x${ch.toString(16).padStart(2, '0')}`;
    else out += identifier[i];
  }
  return `${out}\``;
}

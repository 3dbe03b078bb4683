/**
 * The app's CSV documents (`rfm.csv`, the `eda/*.csv` files, `evaluation.csv`, the server's CSV
 * exports): RFC 4180 quoting, and text cells escaped against formula injection so that a
 * spreadsheet opening the file never runs a cell such as `=1+1` or `@SUM(A1)`. The escape is the
 * OWASP one (a leading `'`), made reversible so that the app reads its own files back exactly.
 */

/** The first characters a spreadsheet takes as the start of a formula (OWASP's list). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A text cell as written to a CSV file, safe to open in a spreadsheet: a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote `'` (which
 * spreadsheets show as text), and so does a cell that starts with `'` followed by one of those or
 * by another `'`, so that {@link csvUnescape} can tell an added quote from one in the data.
 * Every other text is returned as it is. O(1) beyond the copy.
 *
 * @param text - the cell's text
 * @returns the text to write (before CSV quoting)
 *
 * @example
 * ```ts
 * [csvEscape('=1+1'), csvEscape("'=x"), csvEscape('-3.5'), csvEscape("it's"), csvEscape('12346')];
 * // => ["'=1+1", "''=x", "'-3.5", "it's", '12346']
 * ```
 */
export function csvEscape(text: string): string {
  const first = text[0];
  if (first === undefined) return text;
  if (FORMULA_TRIGGERS.has(first)) return `'${text}`;
  if (first === "'" && text.length > 1 && (text[1] === "'" || FORMULA_TRIGGERS.has(text[1]!))) return `'${text}`;
  return text;
}

/**
 * Undoes {@link csvEscape} exactly: drops a leading `'` that is followed by `=`, `+`, `-`, `@`, a
 * tab, a carriage return or another `'`; any other text is returned as it is. For every string `s`,
 * `csvUnescape(csvEscape(s)) === s`. Apply it to the text cells of a CSV file that `toCsv` wrote
 * (a number cell never starts with `'`, so applying it to every cell is safe).
 *
 * @param cell - a cell's text, after CSV unquoting
 * @returns the text that was escaped
 *
 * @example
 * ```ts
 * [csvUnescape("'=1+1"), csvUnescape("''=x"), csvUnescape("'hello"), csvUnescape('-3.5')];
 * // => ['=1+1', "'=x", "'hello", '-3.5']
 * ```
 */
export function csvUnescape(cell: string): string {
  if (cell[0] === "'" && cell.length > 1 && (cell[1] === "'" || FORMULA_TRIGGERS.has(cell[1]!))) return cell.slice(1);
  return cell;
}

/**
 * One cell: a number (or bigint, or boolean) as it prints, so `-3.5` stays a number a spreadsheet
 * sums; `null` and `undefined` as empty; anything else as text escaped by {@link csvEscape}; then
 * quoted (RFC 4180) when it holds a quote, a comma or a line break.
 */
function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : csvEscape(String(value));
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A CSV document from rows of objects: a header line, then one line per row, fields separated by
 * commas and lines by `\n`, a field quoted when it holds a quote, a comma or a line break (RFC
 * 4180), text cells escaped against formula injection ({@link csvEscape}), numbers written as
 * numbers. Read it back with core's `CsvReader` and `fieldText`, then {@link csvUnescape}.
 * O(rows x columns).
 *
 * @param rows - the rows
 * @param columns - the columns, in order (default: the keys of the first row)
 * @returns the document, ending with a line break
 *
 * @example
 * ```ts
 * toCsv([{ CustomerID: '=1+1', Monetary: -3.5, Name: 'Smith, "Jo"' }]);
 * // => 'CustomerID,Monetary,Name\n\'=1+1,-3.5,"Smith, ""Jo"""\n'
 * ```
 */
export function toCsv<T extends object>(rows: readonly T[], columns?: readonly (keyof T & string)[]): string {
  const cols = columns ?? (rows[0] ? (Object.keys(rows[0]) as (keyof T & string)[]) : []);
  return `${[cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n')}\n`;
}

/**
 * A CSV document from rows of objects with chosen header names: as {@link toCsv}, but each column
 * is a `[key, header]` pair, so a money column can say its currency (`['revenue', 'revenue (GBP)']`).
 * Headers are escaped like any text cell. O(rows x columns).
 *
 * @param rows - the rows
 * @param columns - the columns in order, each the row's key and the header to write
 * @returns the document, ending with a line break
 *
 * @example
 * ```ts
 * csvTable([{ id: '=cmd', revenue: 12.5 }], [['id', 'CustomerID'], ['revenue', 'revenue (GBP)']]);
 * // => "CustomerID,revenue (GBP)\n'=cmd,12.5\n"
 * ```
 */
export function csvTable<T extends object>(rows: readonly T[], columns: readonly (readonly [keyof T & string, string])[]): string {
  return `${[columns.map(([, h]) => csvCell(h)).join(','), ...rows.map((r) => columns.map(([k]) => csvCell(r[k])).join(','))].join('\n')}\n`;
}

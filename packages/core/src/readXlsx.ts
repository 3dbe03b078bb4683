import { CoreError } from './errors.js';
import type { LoadResult } from './loadResult.js';
import { TransactionsParser } from './transactionsParser.js';
import type { CellValue, ParseTransactionsOptions } from './transactionsParser.js';

/** The slice of the exceljs API this module uses. */
interface ExcelRow {
  readonly number: number;
  readonly values: readonly unknown[];
}
interface ExcelModule {
  stream: {
    xlsx: {
      WorkbookReader: new (
        input: string | NodeJS.ReadableStream,
        options: Record<string, string>,
      ) => AsyncIterable<AsyncIterable<ExcelRow> & { name?: string; id?: number }> & {
        /** The workbook's properties, once `xl/workbook.xml` was read (`date1904`: serial days count from 1904). */
        readonly properties?: { readonly model?: { readonly date1904?: boolean } };
      };
    };
  };
}

/**
 * Reads a worksheet of an XLSX file into a table through exceljs' streaming reader (Node only).
 * Cells keep their types: numbers stay numbers and date cells are read as wall-clock times.
 * The first non-empty row is the header; `line` in issues is the sheet row number. `wanted` is the
 * worksheet, by name or 1-based position (the caller resolves its default).
 */
export async function readXlsx(
  input: string | NodeJS.ReadableStream,
  options: ParseTransactionsOptions,
  wanted: string | number,
  explicit = true,
): Promise<LoadResult> {
  let excel: ExcelModule;
  try {
    const mod = (await import('exceljs')) as unknown as { default?: ExcelModule } & ExcelModule;
    excel = mod.default ?? mod;
  } catch (error) {
    throw new CoreError(
      'MISSING_DEPENDENCY',
      'Reading XLSX needs the optional peer dependency exceljs: run `npm install exceljs` (or convert the sheet to CSV).',
      { parameter: 'source', allowed: 'CSV or CSV.gz without exceljs', cause: error },
    );
  }
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const names: string[] = [];
  let parser: TransactionsParser | null = null;
  let chosen: { index: number; name: string; header: boolean } | null = null;
  /** The first sheet was chosen by default and held no header: the next sheet with data is read instead. */
  const skippedEmpty: string[] = [];
  let noResult = 0;
  try {
    for await (const sheet of reader) {
      const index = names.push(sheet.name ?? `Sheet${names.length + 1}`);
      const name = names[index - 1]!;
      const match = chosen === null && (typeof wanted === 'number' ? index >= wanted : sheet.name === wanted);
      if (!match) {
        for await (const row of sheet) void row; // drain
        continue;
      }
      const candidate = new TransactionsParser(options, 'xlsx');
      // known by now: exceljs itself reads the workbook's properties before it converts date cells
      candidate.date1904 = reader.properties?.model?.date1904 === true;
      let header = false;
      for await (const row of sheet) {
        const values = row.values.slice(1).map((v) => {
          const c = cellValue(v);
          if (c === NO_RESULT) {
            noResult++;
            return null;
          }
          return c;
        });
        if (values.every((v) => v == null || v === '')) {
          candidate.pushBlank();
          continue;
        }
        if (!header) {
          candidate.pushHeader(values.map((v) => (v == null ? '' : v instanceof Date ? v.toISOString() : String(v))));
          header = true;
          continue;
        }
        candidate.pushValues(values, row.number);
      }
      if (!header && !explicit) {
        skippedEmpty.push(name); // an empty first sheet: look at the next one
        continue;
      }
      parser = candidate;
      chosen = { index, name, header };
    }
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('CORRUPT_SOURCE', `The XLSX file cannot be read (damaged, or not a workbook): ${(error as Error).message}.`, {
      parameter: 'source',
      cause: error,
    });
  }
  if (names.length === 0) {
    throw new CoreError('CORRUPT_SOURCE', 'The zip holds no worksheet: it is not an XLSX workbook (a zip of a CSV file? unzip it and load the file inside).', {
      parameter: 'source',
      allowed: 'an XLSX workbook with a worksheet',
    });
  }
  if (chosen === null || parser === null) {
    if (!explicit) {
      throw new CoreError('EMPTY_INPUT', `Empty input: no sheet of the workbook holds data (sheets: ${names.map((n) => JSON.stringify(n)).join(', ')}).`, { parameter: 'source', allowed: 'a sheet whose first non-empty row is a header' });
    }
    throw new CoreError('INVALID_OPTION', `Invalid option sheet: ${JSON.stringify(wanted)}; allowed: a sheet name or a position from 1 to ${names.length} (sheets: ${names.map((n) => JSON.stringify(n)).join(', ')}).`, {
      parameter: 'sheet',
      value: wanted,
      allowed: `1 to ${names.length} or one of ${names.map((n) => JSON.stringify(n)).join(', ')}`,
    });
  }
  if (!chosen.header) {
    // the sheet asked for is empty: said so by name, never replaced by another
    throw new CoreError('EMPTY_INPUT', `Empty input: sheet ${chosen.index} (${JSON.stringify(chosen.name)}) holds no header row (sheets: ${names.map((n) => JSON.stringify(n)).join(', ')}); pass sheet to read another.`, {
      parameter: 'sheet',
      value: wanted,
      allowed: 'a sheet whose first non-empty row is a header',
    });
  }
  if (skippedEmpty.length > 0) parser.warn('SHEET_CHOSEN', `sheet ${skippedEmpty.map((n) => JSON.stringify(n)).join(', ')} is empty: read sheet ${chosen.index} (${JSON.stringify(chosen.name)}) instead; pass sheet to choose`, null);
  if (noResult > 0) parser.warn('FORMULAS_NOT_CALCULATED', `${noResult.toLocaleString('en-GB')} formula cell${noResult === 1 ? ' has' : 's have'} no calculated value (the workbook was saved without calculating them): read as empty. Open and save it in a spreadsheet program, or export CSV`, null);
  return parser.finish();
}

/** A formula cell saved without its calculated value. */
const NO_RESULT = Symbol('no result');

function cellValue(v: unknown): CellValue | typeof NO_RESULT {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: string; formula?: unknown; sharedFormula?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if (o.formula !== undefined || o.sharedFormula !== undefined) {
      if (o.result === undefined || o.result === null) return NO_RESULT;
      const r = cellValue(o.result);
      return r === NO_RESULT ? NO_RESULT : r;
    }
    if (o.result !== undefined) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return o.error;
  }
  return null; // nothing else has a value to read (never "[object Object]")
}

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
      ) => AsyncIterable<AsyncIterable<ExcelRow> & { name?: string; id?: number }>;
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
  const parser = new TransactionsParser(options, 'xlsx');
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let index = 0;
  let found = false;
  try {
    for await (const sheet of reader) {
      index++;
      const match = typeof wanted === 'number' ? index === wanted : sheet.name === wanted;
      if (!match || found) {
        for await (const row of sheet) void row; // drain
        continue;
      }
      found = true;
      let header = false;
      for await (const row of sheet) {
        const values = row.values.slice(1).map(cellValue);
        if (!header) {
          if (values.every((v) => v == null || v === '')) {
            parser.pushBlank();
            continue;
          }
          parser.pushHeader(values.map((v) => (v == null ? '' : String(v))));
          header = true;
          continue;
        }
        if (values.every((v) => v == null || v === '')) {
          parser.pushBlank();
          continue;
        }
        parser.pushValues(values, row.number);
      }
    }
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('CORRUPT_SOURCE', `The XLSX file cannot be read (damaged, or not a workbook): ${(error as Error).message}.`, {
      parameter: 'source',
      cause: error,
    });
  }
  if (!found) {
    throw new CoreError('INVALID_OPTION', `Invalid option sheet: ${JSON.stringify(wanted)}; allowed: a sheet name or a position from 1 to ${index}.`, {
      parameter: 'sheet',
      value: wanted,
      allowed: `1 to ${index} or a sheet name`,
    });
  }
  return parser.finish();
}

function cellValue(v: unknown): CellValue {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.error) return o.error;
  }
  return String(v);
}

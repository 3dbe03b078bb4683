import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvReader, fieldText } from '@shopper-spectrum/core';

interface Parsed {
  records: { line: number; fields: string[] }[];
  malformed: { line: number; reason: string }[];
  blankLines: number;
}

function tokenize(chunks: readonly string[], delimiter = ','): Parsed {
  const out: Parsed = { records: [], malformed: [], blankLines: 0 };
  const reader = new CsvReader(
    (text, starts, ends, kinds, n, line) => {
      const fields: string[] = [];
      for (let k = 0; k < n; k++) fields.push(fieldText(text, starts[k]!, ends[k]!, kinds[k]!));
      out.records.push({ line, fields });
    },
    (line, reason) => out.malformed.push({ line, reason }),
    delimiter,
  );
  for (const c of chunks) reader.push(c);
  reader.end();
  out.blankLines = reader.blankLines;
  return out;
}

const fields = (text: string) => tokenize([text]).records.map((r) => r.fields);

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(text.slice(last, p));
    last = p;
  }
  parts.push(text.slice(last));
  return parts;
}

describe('CsvReader', () => {
  it('splits plain fields and records', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('reads the last record without a final line break', () => {
    expect(fields('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('removes quotes and undoes doubled quotes', () => {
    expect(fields('"a,b","say ""hi""",c\n')).toEqual([['a,b', 'say "hi"', 'c']]);
  });

  it('keeps line breaks inside quoted fields and counts their lines', () => {
    const parsed = tokenize(['h\n"one\ntwo"\nnext\n']);
    expect(parsed.records.map((r) => r.fields)).toEqual([['h'], ['one\ntwo'], ['next']]);
    expect(parsed.records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('accepts CRLF line ends', () => {
    expect(fields('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('skips and counts blank lines, keeping line numbers right', () => {
    const parsed = tokenize(['a\n\n\r\nb\n']);
    expect(parsed.blankLines).toBe(2);
    expect(parsed.records.map((r) => r.line)).toEqual([1, 4]);
  });

  it('keeps a quote inside an unquoted field as a literal', () => {
    expect(fields('5" ruler,x\n')).toEqual([['5" ruler', 'x']]);
  });

  it('reports text after a closing quote as malformed and goes on with the next line', () => {
    const parsed = tokenize(['a\n"x"y,z\nb\n']);
    expect(parsed.malformed).toEqual([{ line: 2, reason: 'MALFORMED_QUOTES' }]);
    expect(parsed.records.map((r) => r.fields)).toEqual([['a'], ['b']]);
  });

  it('reports a quote that is never closed on its first line and reads on from the next', () => {
    const parsed = tokenize(['a\n"never closed,\nb\nc\n']);
    expect(parsed.malformed).toEqual([{ line: 2, reason: 'UNTERMINATED_QUOTE' }]);
    expect(parsed.records.map((r) => r.fields)).toEqual([['a'], ['b'], ['c']]);
  });

  it('takes a quote still open after maxRecordLength characters as never closed, and skips an over-long line', () => {
    const malformed: [number, string, number][] = [];
    const records: string[][] = [];
    const reader = new CsvReader((text, starts, ends, kinds, n) => records.push(Array.from({ length: n }, (_, k) => fieldText(text, starts[k]!, ends[k]!, kinds[k]!))), (line, reason, lines) => malformed.push([line, reason, lines]), { maxRecordLength: 1024 });
    reader.push('h\n"open');
    for (let i = 0; i < 50; i++) reader.push(`\n${'x'.repeat(30)}`);
    reader.push('\n');
    reader.push('y'.repeat(5000));
    reader.push('y'.repeat(5000));
    reader.push('\nlast\n');
    reader.end();
    expect(malformed).toEqual([[2, 'UNTERMINATED_QUOTE', 1], [53, 'LINE_TOO_LONG', 1]]);
    expect(records[0]).toEqual(['h']);
    expect(records.at(-1)).toEqual(['last']);
    expect(records).toHaveLength(1 + 50 + 1);
    expect(reader.lines).toBe(54);
  });

  it('reads a lone CR as a line break anywhere, as Python and pandas do (inside quotes it becomes an LF)', () => {
    expect(fields('a,b\r1,2\r3,4')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(fields('a,b\n1,2\r3,4\r\n5,6\n')).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    expect(fields('"x\ry",z')).toEqual([['x\ny', 'z']]);
    // an old Mac file with an in-cell line break (Excel writes LF there)
    expect(fields('a,b\r"1\n2",3\r4,5')).toEqual([['a', 'b'], ['1\n2', '3'], ['4', '5']]);
    // a CRLF cut between two chunks is one line break, a CR ending the input ends a line
    expect(tokenize(['a,b\r', '\n1,2\r']).records.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps a lone CR as data with universalLineBreaks false (strict RFC 4180), CRLF and LF still ending records', () => {
    const strict = (text: string) => {
      const rows: string[][] = [];
      const reader = new CsvReader((chunk, starts, ends, kinds, n) => rows.push(Array.from({ length: n }, (_, k) => fieldText(chunk, starts[k]!, ends[k]!, kinds[k]!))), () => undefined, { delimiter: ',', universalLineBreaks: false });
      for (const c of text.split(/(?<=\r)/)) reader.push(c); // chunks cut after every CR
      reader.end();
      return [rows, reader.loneCrs] as const;
    };
    expect(strict('a,b\r\n"x\ry",z\n1\r2,3\r\n')).toEqual([[['a', 'b'], ['x\ry', 'z'], ['1\r2', '3']], 0]);
    expect(fields('"x\ry",z')).toEqual([['x\ny', 'z']]); // the default reads it as a line break
  });

  it('splits on another delimiter', () => {
    expect(tokenize(['a;b\n"x;y";z\n'], ';').records.map((r) => r.fields)).toEqual([['a', 'b'], ['x;y', 'z']]);
  });

  it('grows past 16 fields', () => {
    const row = Array.from({ length: 40 }, (_, i) => String(i));
    expect(fields(`${row.join(',')}\n`)).toEqual([row]);
  });

  it('gives the same records for every way of cutting the input into chunks', () => {
    const text = 'a,"b\r\n""c""",d\r\n\r\n"",x\n"q""",\n';
    const whole = tokenize([text]);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        expect(tokenize([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(whole);
      }
    }
  });

  const cell = fc.stringMatching(/^[a-z ,"\n\r\u00e9£]{0,8}$/);
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 });
  const quote = (s: string, force: boolean) => (force || /[",\n\r]/.test(s) || s.startsWith(' ') ? `"${s.replaceAll('"', '""')}"` : s);
  const serialise = (rows: string[][], eol: string, quoteAll: boolean) =>
    rows.map((r) => r.map((f) => quote(f, quoteAll || (r.length === 1 && f === ''))).join(',')).join(eol) + eol;

  it('agrees with papaparse on any RFC 4180 text (differential property)', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.nat(), { maxLength: 4 }), (rows, eol, quoteAll, cuts) => {
        const text = serialise(rows, eol, quoteAll);
        const ours = tokenize(splitAt(text, cuts));
        const theirs = Papa.parse<string[]>(text, { newline: eol as '\n' | '\r\n', delimiter: ',', skipEmptyLines: false });
        // the one deliberate difference: a lone CR is a line break (inside quotes, an LF), as in Python and pandas
        const lf = (t: string[][]) => t.map((r) => r.map((f) => f.replace(/\r(?!\n)/g, '\n')));
        const papaRows = lf(theirs.data.filter((r, i) => !(i === theirs.data.length - 1 && r.length === 1 && r[0] === '')));
        expect(ours.malformed).toEqual([]);
        expect(ours.records.map((r) => r.fields)).toEqual(papaRows);
        expect(ours.records.map((r) => r.fields)).toEqual(lf(rows));
      }),
      { numRuns: 500 },
    );
  });
});

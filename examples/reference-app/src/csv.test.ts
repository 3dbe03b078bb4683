import { CsvReader, fieldText } from '@shopper-spectrum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfmCsv } from './artifacts.js';
import { csvEscape, csvUnescape, toCsv } from './csv.js';
import { AnalyzeError } from './errors.js';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/** Strings of any code units, often starting with what the escape is about. */
const nasty = (unit: 'binary' | 'grapheme') =>
  fc.oneof(
    fc.string({ unit }),
    fc.tuple(fc.constantFrom(...TRIGGERS, "'", "''", "'=", ',', '"', '\n', '\r\n', ' '), fc.string({ unit })).map(([a, b]) => a + b),
    fc.array(fc.constantFrom(...TRIGGERS, "'", ',', '"', '\n', 'a', '1'), { maxLength: 6 }).map((a) => a.join('')),
  );

/** Reads a CSV document as `toCsv` wrote it: rows of unescaped cells (the header first). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  const reader = new CsvReader(
    (chunk, starts, ends, kinds, n) => rows.push(Array.from({ length: n }, (_, k) => csvUnescape(fieldText(chunk, starts[k]!, ends[k]!, kinds[k]!)))),
    (line, reason) => {
      throw new Error(`line ${line}: ${reason}`);
    },
    { delimiter: ',', universalLineBreaks: false }, // a CR in a cell is data here
  );
  reader.push(text);
  reader.end();
  return rows;
}

describe('csvEscape and csvUnescape', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 20', "'+44 20"],
    ['-3.5', "'-3.5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'=x", "''=x"],
    ["''", "'''"],
    ["'", "'"],
    ["'hello", "'hello"],
    ['it is', 'it is'],
    ['', ''],
    ['12346', '12346'],
  ])('csvEscape(%j) is %j', (text, escaped) => {
    expect(csvEscape(text)).toBe(escaped);
  });

  it('csvUnescape undoes csvEscape for any string', () => {
    fc.assert(fc.property(nasty('binary'), (s) => csvUnescape(csvEscape(s)) === s), { numRuns: 500 });
  });

  it('an escaped cell never starts with a formula character', () => {
    fc.assert(fc.property(nasty('binary'), (s) => !TRIGGERS.includes(csvEscape(s)[0] ?? '')), { numRuns: 500 });
  });
});

describe('toCsv', () => {
  it('writes numbers as numbers, so a negative amount stays a number', () => {
    expect(toCsv([{ id: 'a', amount: -3.5, n: 0 }])).toBe('id,amount,n\na,-3.5,0\n');
  });

  it('escapes a text cell that starts a formula, and quotes one with a comma, a quote or a line break', () => {
    expect(toCsv([{ id: '=1+1', name: 'Smith, "Jo"', note: '@x\ny' }])).toBe('id,name,note\n\'=1+1,"Smith, ""Jo""","\'@x\ny"\n');
  });

  it('writes null and undefined as empty cells', () => {
    expect(toCsv([{ a: null, b: undefined, c: 'x' }])).toBe('a,b,c\n,,x\n');
  });

  it('takes the columns from the first row, or as given', () => {
    expect(toCsv([{ a: 1, b: 2 }], ['b'])).toBe('b\n2\n');
    expect(toCsv([])).toBe('\n');
  });

  it('round-trips any text cells through core CsvReader and csvUnescape', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(nasty('grapheme'), nasty('grapheme')), { minLength: 1, maxLength: 8 }), (pairs) => {
        const rows = pairs.map(([a, b]) => ({ a, b }));
        expect(readCsv(toCsv(rows))).toEqual([['a', 'b'], ...pairs]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseRfmCsv', () => {
  const row = (CustomerID: string, i: number) => ({ CustomerID, Recency: i, Frequency: i + 1, Monetary: Math.round((i - 3.25) * 100) / 100, R: 1, F: 2, M: 3, RFMScore: '123', RFMSegment: '-Lost', Cluster: 0, ClusterSegment: '=Occasional' });

  it('reads back any customer ids analyze writes (commas, quotes, line breaks, =1+1)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(nasty('grapheme'), { minLength: 1, maxLength: 12 }), (ids) => {
        const rfm = parseRfmCsv(toCsv(ids.map(row)));
        expect([...rfm.keys()]).toEqual(ids);
        ids.forEach((id, i) => expect(rfm.get(id)).toEqual({ recency: i, frequency: i + 1, monetary: Math.round((i - 3.25) * 100) / 100, score: '123', rfmSegment: '-Lost', cluster: '=Occasional' }));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a missing column', 'CustomerID,Recency\n1,2\n', /rfm\.csv has no column Frequency, Monetary/],
    ['a short row', `${toCsv([row('a', 1)])}b,1\n`, /rfm\.csv has 2 fields on line 3, where the header has 11/],
    ['a number that is not one', toCsv([{ ...row('a', 1), Recency: 'soon' }]), /not a number on line 2/],
    ['a quote never closed', `${toCsv([row('a', 1)])}"b,1,2\n`, /UNTERMINATED_QUOTE/],
    ['nothing', '', /rfm\.csv is empty/],
  ])('refuses %s as INVALID_ARTIFACTS naming rfm.csv', (_what, text, message) => {
    let caught: unknown;
    try {
      parseRfmCsv(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnalyzeError);
    expect((caught as AnalyzeError).code).toBe('INVALID_ARTIFACTS');
    expect((caught as AnalyzeError).message).toMatch(message);
  });
});

import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactionsCsv, parseTransactionsCsv, ShopperSpectrumError } from '@shopper-spectrum/core';
import { kmeans } from '@shopper-spectrum/cluster';
import { pairedTest, precisionAtK } from '@shopper-spectrum/metrics';
import { buildInteractions, popularity } from '@shopper-spectrum/recommend';
import { rfmScores, rfmTable } from '@shopper-spectrum/rfm';
import { AnalyzeError, cliMessage, EXIT, exitCodeOf, httpStatusOf } from './errors.js';

const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};
const table = cleanTransactions(parseTransactionsCsv(generateTransactionsCsv({ seed: 2, customers: 60 })).table).table;

describe('every library error maps to a documented exit code and status', () => {
  const cases: [string, () => unknown, number, number][] = [
    ['core: empty input', () => parseTransactionsCsv(''), EXIT.badData, 400],
    ['core: a bad option', () => cleanTransactions(table, { preset: 'tidy' as never }), EXIT.usage, 400],
    ['rfm: bins out of range', () => rfmScores(rfmTable(table), { bins: 1 }), EXIT.usage, 400],
    ['cluster: k above the rows', () => kmeans([[1], [2]], { k: 3 }), EXIT.usage, 400],
    ['metrics: K = 0', () => precisionAtK(['a'], new Set(['a']), 0), EXIT.usage, 400],
    ['metrics: lengths differ', () => pairedTest([1, 2], [1]), EXIT.badData, 400],
    ['recommend: an unknown product', () => popularity(buildInteractions(table)).similarItems('NOPE', 3), EXIT.badData, 404],
    ['the app: no usable rows', () => { throw new AnalyzeError('NO_USABLE_ROWS', 'no usable rows'); }, EXIT.badData, 400],
  ];
  it.each(cases)('%s', (_what, f, exit, status) => {
    const e = caught(f);
    expect(e).toBeInstanceOf(ShopperSpectrumError);
    expect(exitCodeOf(e)).toBe(exit);
    expect(httpStatusOf(e as ShopperSpectrumError)).toBe(status);
    const message = cliMessage(e, false);
    expect(message).toMatch(/^Error [A-Z_]+/);
    expect(message).toContain((e as Error).message);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('anything else is a bug (exit 1), told without a stack trace unless asked for', () => {
    const bug = new TypeError('x is undefined');
    expect(exitCodeOf(bug)).toBe(EXIT.failure);
    expect(cliMessage(bug, false)).toMatch(/^Unexpected failure .*x is undefined\n\(set SHOPPER_SPECTRUM_DEBUG=1/);
    expect(cliMessage(bug, true)).toContain('at ');
  });

  it('READ_FAILED is exit 3, as a missing file', () => {
    expect(exitCodeOf(new ShopperSpectrumError('READ_FAILED', 'cannot read'))).toBe(EXIT.missingFile);
  });
});

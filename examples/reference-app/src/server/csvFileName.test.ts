import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, csvFileName } from './csvFileName.js';

const none = { from: null, to: null, country: null, segment: null, cluster: null };

describe('csvFileName', () => {
  it('is the table name alone without a filter', () => {
    expect(csvFileName({ base: 'customers', echo: none })).toBe('customers.csv');
  });

  it('names the segment, the cluster, the country and the dates the filter keeps, in that order', () => {
    expect(csvFileName({ base: 'customers', echo: { from: '2011-09-01', to: '2011-11-30', country: 'France', segment: 'At-Risk', cluster: 'Lapsed, one-off, low spend' } })).toBe('customers-segment-At-Risk-cluster-Lapsed, one-off, low spend-France-from-2011-09-01-to-2011-11-30.csv');
  });
});

describe('attachmentDisposition', () => {
  it('gives a plain ASCII name as it is, and an exact filename* beside the ASCII one otherwise', () => {
    expect(attachmentDisposition('customers.csv')).toBe('attachment; filename="customers.csv"');
    expect(attachmentDisposition("customers-cluster-Recent, frequent (14 days)-Réunion.csv")).toBe(`attachment; filename="customers-cluster-Recent__frequent__14_days_-R_union.csv"; filename*=UTF-8''customers-cluster-Recent%2C%20frequent%20%2814%20days%29-R%C3%A9union.csv`);
  });

  it('gives for any name a header value of visible ASCII whose filename* decodes back to the name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.oneof(fc.constantFrom('\ud800', '\udfff'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }), (name) => {
        const d = attachmentDisposition(name);
        expect(/^[\x20-\x7e]*$/.test(d)).toBe(true);
        const exact = /filename\*=UTF-8''(\S+)$/.exec(d)?.[1];
        const ascii = /filename="([^"]*)"/.exec(d)![1]!;
        expect(exact === undefined ? ascii : decodeURIComponent(exact)).toBe(name.replace(/[\ud800-\udfff]/gu, '\ufffd'));
      }),
    );
    expect(attachmentDisposition('a\ud800b.csv')).toBe(`attachment; filename="a_b.csv"; filename*=UTF-8''a%EF%BF%BDb.csv`);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AT_RISK_ALLOWED, formatAtRiskRule, parseAtRiskRule } from './atRiskRule.js';

describe('parseAtRiskRule', () => {
  it('reads rfm as the RFM rule', () => {
    expect(parseAtRiskRule('rfm')).toEqual({ rule: 'rfm' });
  });

  it('reads p-alive<0.5 as the P(alive) rule with threshold 0.5', () => {
    expect(parseAtRiskRule('p-alive<0.5')).toEqual({ rule: 'p-alive', threshold: 0.5 });
    expect(parseAtRiskRule('p-alive<.25')).toEqual({ rule: 'p-alive', threshold: 0.25 });
  });

  it('refuses thresholds of 0, 1 and beyond, naming the option, the value and what is allowed', () => {
    for (const text of ['p-alive<0', 'p-alive<1', 'p-alive<1.0', 'p-alive<0.0', 'p-alive<2']) {
      const r = parseAtRiskRule(text);
      expect(r, text).toEqual({ message: expect.stringContaining('--at-risk needs a threshold strictly between 0 and 1'), value: text, allowed: AT_RISK_ALLOWED });
      expect((r as { message: string }).message).toContain(JSON.stringify(text));
    }
  });

  it('refuses anything but the exact forms: spaces, signs, exponents, percentages, other case, other names', () => {
    for (const text of ['', 'RFM', 'rfm ', ' p-alive<0.5', 'p-alive <0.5', 'p-alive< 0.5', 'p-alive<0.5 ', 'p-alive<-0.5', 'p-alive<+0.5', 'p-alive<5e-1', 'p-alive<50%', 'p-alive<0.', 'p-alive<0,5', 'P-ALIVE<0.5', 'palive<0.5', 'p-alive<=0.5', 'p-alive>0.5', 'p-alive', 'recency']) {
      const r = parseAtRiskRule(text);
      expect('message' in r, JSON.stringify(text)).toBe(true);
      expect((r as { message: string }).message, text).toMatch(/^--at-risk .*; allowed: rfm, or p-alive<t/);
    }
  });

  it('says how to write the threshold when the value starts like the P(alive) rule', () => {
    expect((parseAtRiskRule('p-alive<half') as { message: string }).message).toMatch(/takes a threshold written p-alive<t/);
    expect((parseAtRiskRule('rank') as { message: string }).message).toMatch(/must be rfm or p-alive<t/);
  });

  it('round-trips every threshold strictly between 0 and 1 written as a plain decimal (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (k) => {
        const t = k / 10000;
        const text = `p-alive<${t.toFixed(4)}`;
        const r = parseAtRiskRule(text);
        expect(r).toEqual({ rule: 'p-alive', threshold: t });
        expect(parseAtRiskRule(formatAtRiskRule(r as { rule: 'p-alive'; threshold: number }))).toEqual(r);
      }),
    );
  });

  it('refuses every whole number as a threshold (property)', () => {
    fc.assert(fc.property(fc.nat(10_000), (k) => 'message' in parseAtRiskRule(`p-alive<${k}`)));
  });
});

describe('formatAtRiskRule', () => {
  it('writes the rule as --at-risk takes it', () => {
    expect(formatAtRiskRule({ rule: 'rfm' })).toBe('rfm');
    expect(formatAtRiskRule({ rule: 'p-alive', threshold: 0.3 })).toBe('p-alive<0.3');
  });
});

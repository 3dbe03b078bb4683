/**
 * One segmentation story (issue 16): the k sentence reads the same on every output, clusters have
 * descriptive names that say where their centres lie, the RFM segment x cluster table accounts for
 * every customer, and --currency reaches every money figure.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const BUSINESS = ['High-Value', 'Regular', 'Occasional', 'At-Risk', 'All'];

// an independent numpy-style quantile (linear interpolation)
const quantile = (values: readonly number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
};

describe('analyze tells one segmentation story', () => {
  const out = mkdtempSync(join(tmpdir(), 'ss-story-'));
  let result: Awaited<ReturnType<typeof run>>;
  let doc: Record<string, any>;
  beforeAll(async () => {
    result = await run(['analyze', '--customers', '300', '--k', '3', '--currency', 'EUR', '--models', 'popularity,item-knn', '--out', out]);
    doc = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
  }, 120_000);

  it('prints the same k sentence in the progress line, the CLI summary, summary.md, report.html and analysis.json', () => {
    expect(result.code, result.stderr).toBe(0);
    const text: string = doc.k.text;
    expect(doc.k).toMatchObject({ k: 3, asked: true });
    expect(text.startsWith(`k = 3, as asked; the indices ${doc.k.suggested === 3 ? 'agree' : `suggest ${doc.k.suggested} because`}`)).toBe(true);
    expect(doc.k.suggested).toBe(doc.chooseK.chosen);
    expect(text).not.toMatch(/normalised|difference curve|knee at x/);
    expect(result.stderr).toContain(`segment: `);
    expect(result.stderr.split('\n').find((l) => l.includes('] segment: '))).toContain(text);
    expect(result.stdout.split('\n')).toContain(text);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(text);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(escapeHtml(text));
  });

  it('says "the default" when --k is not given', async () => {
    const r = await run(['analyze', '--customers', '120', '--models', 'popularity', '--out', mkdtempSync(join(tmpdir(), 'ss-story-')), '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const k = JSON.parse(r.stdout).k;
    expect(k).toMatchObject({ k: 4, asked: false });
    expect(k.text.startsWith('k = 4, the default (--k changes it); the indices')).toBe(true);
  }, 60_000);

  it('names clusters uniquely by where their centres lie, never with the RFM business names', () => {
    const names: string[] = doc.segments.map((s: { name: string }) => s.name);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(BUSINESS.some((b) => n === b || n.startsWith(`${b} `))).toBe(false);
    // the words, recomputed from rfm.csv's customers: the third of each centroid value
    const rows = readFileSync(join(out, 'rfm.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const col = (j: number) => rows.map((r) => Number(r[j]));
    const [R, F, M] = [col(1), col(2), col(3)];
    const third = (v: number, xs: number[]) => (v <= quantile(xs, 1 / 3) ? 0 : v <= quantile(xs, 2 / 3) ? 1 : 2);
    for (const s of doc.segments) {
      const c = s.centroid;
      const words = `${['Recent', 'Lapsing', 'Lapsed'][third(c.recency, R)]}, ${c.frequency < 1.5 ? 'one-off' : ['infrequent', 'occasional', 'frequent'][third(c.frequency, F)]}, ${['low', 'mid', 'high'][third(c.monetary, M)]} spend`;
      expect(s.name === words || s.name.startsWith(`${words} (`)).toBe(true);
      expect(s.reason).toMatch(/^recency \d+ days: .* orders?: .*; spend €/);
    }
    // rfm.csv's ClusterSegment column and the segment model carry the same names
    const lastField = (line: string) => { const m = /,(?:"((?:[^"]|"")*)"|([^,"]*))$/.exec(line)!; return m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!; };
    const lines = readFileSync(join(out, 'rfm.csv'), 'utf8').trim().split('\n');
    expect(lines[0]!.endsWith(',ClusterSegment')).toBe(true);
    expect(new Set(lines.slice(1).map(lastField))).toEqual(new Set(names));
    expect(JSON.parse(readFileSync(join(out, 'models/segment-model.json'), 'utf8')).names).toEqual(names);
  });

  it('crosstabs RFM segments against clusters over every customer, with the agreement in words', () => {
    const { drivesNames, why, crosstab, agreement, rfmAgreement } = doc.segmentation;
    expect(drivesNames).toBe('rfm');
    expect(why).toContain('RFM segments carry the business names');
    expect(crosstab.clusters).toEqual(doc.segments.map((s: { name: string }) => s.name));
    const total = crosstab.counts.flat().reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(doc.customers);
    crosstab.clusters.forEach((_: string, j: number) => expect(crosstab.counts.reduce((n: number, row: number[]) => n + row[j]!, 0)).toBe(doc.segments[j].size));
    for (const g of doc.rfmSegments) expect(crosstab.counts[crosstab.rfmSegments.indexOf(g.segment)].reduce((a: number, b: number) => a + b, 0)).toBe(g.customers);
    expect(agreement).toMatchObject({ ari: doc.agglomerative.agreement, comparedWith: 'ward' });
    expect(agreement.text).toMatch(/adjusted Rand index -?\d\.\d\d, where 1 is the same groups and 0 no more alike than chance/);
    expect(rfmAgreement.ari).toBeGreaterThanOrEqual(-1);
    expect(rfmAgreement.ari).toBeLessThanOrEqual(1);
  });

  it('writes every money figure in the --currency, and flags the last month', () => {
    expect(doc.currency).toEqual({ code: 'EUR', symbol: '€' });
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(md).toMatch(/for €[\d,]+ in revenue/);
    expect(html).toMatch(/<div class="v">€[\d,]+<\/div><div class="l">revenue/);
    for (const text of [md, html]) expect(text).not.toContain('£');
    for (const chart of ['sales-trend', 'sales-daily', 'top-products', 'countries', 'rfm-distributions', 'cluster-pairs']) {
      const svg = readFileSync(join(out, `charts/${chart}.svg`), 'utf8');
      expect(svg, chart).toContain('€');
      expect(svg, chart).not.toContain('£');
    }
    const to: string = doc.period.to;
    expect(doc.lastPeriod.month).toBe(to.slice(0, 7));
    expect(doc.lastPeriod.days).toBe(Number(to.slice(8, 10)));
    expect(doc.lastPeriod.partial).toBe(doc.lastPeriod.days < doc.lastPeriod.daysInMonth);
    expect(readdirSync(join(out, 'charts'))).toEqual(expect.arrayContaining(['cohort-retention.svg', 'cluster-pairs.svg', 'sales-daily.svg']));
  });

  it('explains each served model\'s score in the report, raw and scaled to 0-1', () => {
    expect(Object.keys(doc.scoreMeanings).sort()).toEqual([...doc.servedModels].sort());
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('What a recommendation score means');
    for (const meaning of Object.values(doc.scoreMeanings) as string[]) expect(html).toContain(escapeHtml(meaning));
  });

  it('refuses an unknown --currency as a usage error (exit 2)', async () => {
    const r = await run(['analyze', '--customers', '50', '--currency', 'XYZ', '--out', mkdtempSync(join(tmpdir(), 'ss-story-'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--currency must be an ISO 4217 currency code such as GBP, EUR or USD, got "XYZ"');
    expect((await run(['analyze', '--customers', '50', '--currency', 'pounds', '--quiet', '--out', mkdtempSync(join(tmpdir(), 'ss-story-'))])).code).toBe(2);
  });
});

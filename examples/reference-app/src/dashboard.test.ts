import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartData, HAVE_CHROMIUM, openPage, route, settled, widths } from '../test/dashboardBrowser.js';
import type { WatchedPage } from '../test/dashboardBrowser.js';
import { smallArtifacts } from '../test/fixture.js';
import { startServer } from './server.js';
import type { RunningServer } from './server.js';

const TOKEN = 'dashboard-test-token-0123456789';

describe.runIf(HAVE_CHROMIUM)('the dashboard in Chromium (playwright-core), served with a token', () => {
  let server: RunningServer;
  let w: WatchedPage;
  let pages: string[];

  beforeAll(async () => {
    server = await startServer({ artifacts: await smallArtifacts(), port: 0, token: TOKEN });
    w = await openPage({ width: 1400 });
    const customer = server.state.models.get('item-knn')!.matrix.customers[5]!;
    const product = server.state.models.get('item-knn')!.matrix.items[0]!;
    const clusters = server.state.summary.segments.map((s) => s.name);
    pages = [
      '#/overview',
      '#/overview?interval=day',
      '#/customers',
      `#/customer/${customer}`,
      '#/segments',
      `#/segment/rfm/${encodeURIComponent((server.state.rfmSegments as { business: { segment: string }[] }).business[0]!.segment)}`,
      `#/segment/cluster/${encodeURIComponent(clusters[0]!)}`,
      '#/recommendations',
      '#/products',
      `#/product/${encodeURIComponent(product)}`,
    ];
  }, 60_000);
  afterAll(async () => {
    await w?.browser.close();
    await server?.close();
  });

  it('asks for the token, asks again after a wrong one, then draws the overview', async () => {
    const { page } = w;
    await page.goto(server.url);
    await page.waitForSelector('#token-box:not([hidden])');
    await page.fill('#token-input', 'not-the-token-at-all');
    await page.click('#token-form button[type=submit]');
    await page.waitForFunction(() => /not the one/.test(document.querySelector('#token-message')?.textContent ?? '') && !(document.querySelector('#token-box') as HTMLElement).hidden);
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button[type=submit]');
    expect(await settled(page)).toBe('ready');
    // the refused requests before the token are the only problems, and each is a 401 the page answered by asking
    expect(w.problems.filter((p) => !/status of 401 \(Unauthorized\)/.test(p))).toEqual([]);
    expect(w.problems.length).toBeGreaterThan(0);
    w.problems.length = 0;
    await page.waitForSelector('#chart-sales svg');
    expect(Number((await page.textContent('#kpi-orders .v'))!.replace(/,/g, ''))).toBeGreaterThan(100);
  });

  it('serves a Content-Security-Policy without unsafe-eval, and the page breaks none of it', async () => {
    const csp = (await fetch(server.url)).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(w.problems).toEqual([]);
  });

  it('loads every page without a console error, a CSP violation or a figure left unavailable', async () => {
    for (const hash of pages) {
      expect(await route(w.page, hash), hash).toBe('ready');
      const unavailable = await w.page.$$eval('.unavailable', (els) => els.map((e) => `${e.id}: ${e.textContent}`));
      expect(unavailable, hash).toEqual([]);
    }
    expect(w.problems).toEqual([]);
  });

  it("shows a customer's CLV (12 months), P(alive) and expected purchases with what they mean, and a CLV column in the list", async () => {
    const customer = server.state.models.get('item-knn')!.matrix.customers[5]!;
    const value = server.state.clv!.get(customer)!;
    // as the dashboard shows money: cents below 1,000, whole units from 1,000
    const shown = (x: number) => (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toFixed(2));
    const digits = (text: string | null | undefined) => text!.replace(/[^\d.]/g, '');
    expect(await route(w.page, `#/customer/${customer}`)).toBe('ready');
    expect(digits(await w.page.textContent('#customer-clv'))).toBe(shown(value.clv12m));
    expect(await w.page.textContent('#customer-palive')).toBe(`${(value.pAlive * 100).toFixed(1)}%`);
    expect(await w.page.textContent('#customer-expected')).toBe(value.expectedPurchases12m.toFixed(1));
    expect(await w.page.textContent('#customer-value-meaning')).toMatch(/P\(alive\) is the chance the customer has not lapsed for good/);
    expect(await route(w.page, '#/customers?sort=clv12m&order=desc')).toBe('ready');
    const headers = await w.page.$$eval('#customers-table th', (th) => th.map((h) => h.textContent));
    const at = headers.findIndex((h) => /^CLV 12 months/.test(h ?? ''));
    expect(at).toBeGreaterThan(0);
    const cells = await w.page.$$eval('#customers-table tbody tr', (rows, i) => rows.map((r) => [r.children[0]!.textContent, r.children[i]!.textContent]), at);
    expect(cells.length).toBeGreaterThan(5);
    const top = [...server.state.clv!.values()].map((v) => v.clv12m).sort((a, b) => b - a)[0]!;
    expect(digits(cells[0]![1])).toBe(shown(top)); // sorted by CLV, largest first
    for (const [id, cell] of cells) expect(digits(cell), id!).toBe(shown(server.state.clv!.get(id!)!.clv12m));
    expect(w.problems).toEqual([]);
  });

  it('shows customer value on the segments page: the totals of /api/segments, the calibration figures, both CLV charts and the CLV of each RFM segment', async () => {
    const segments = (await (await fetch(new URL('/api/segments', server.url), { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Record<string, any>;
    const v = segments.customerValue;
    const digits = (text: string | null | undefined) => text!.replace(/[^\d.]/g, '');
    const shown = (x: number, d?: number) => (d === 0 ? Math.round(x).toString() : Math.abs(x) >= 1000 ? x.toFixed(0) : x.toFixed(2));
    expect(await route(w.page, '#/segments')).toBe('ready');
    expect(digits(await w.page.textContent('#kpi-clv-total .v'))).toBe(shown(v.filtered.totalClv, 0));
    expect(digits(await w.page.textContent('#kpi-clv-mean .v'))).toBe(shown(v.filtered.meanClv));
    expect(await w.page.textContent('#kpi-clv-palive .v')).toBe(`${(v.filtered.meanPAlive * 100).toFixed(1)}%`);
    expect(digits(await w.page.textContent('#kpi-clv-customers .v'))).toBe(String(v.filtered.customers));
    const cal = await w.page.textContent('#clv-calibration-text');
    expect(cal).toContain(`expects ${v.calibration.expectedPerCustomer.toFixed(3)} purchase days per customer`);
    expect(cal).toContain(`they made ${v.calibration.actualPerCustomer.toFixed(3)}`);
    expect(await w.page.textContent('#at-risk-rule')).toContain(segments.atRisk.text);
    // the charts draw what analyze wrote: every bin's customers, every calibration frequency twice (actual, expected)
    await w.page.waitForSelector('#chart-clv-distribution svg');
    await w.page.waitForSelector('#chart-clv-calibration svg');
    const bins = (server.state.charts.get('clv-distribution') as { layer: { data: { values: { count: number }[] } }[] }).layer[0]!.data.values;
    const drawn = await chartData<{ count: number }>(w.page, 'chart-clv-distribution');
    expect(drawn.map((b) => b.count)).toEqual(bins.map((b) => b.count));
    const rows = (server.state.charts.get('clv-calibration') as { data: { values: { actual: number; predicted: number }[] } }).data.values;
    const lines = await chartData<{ series: string; value: number }>(w.page, 'chart-clv-calibration');
    expect(lines.filter((l) => l.series === 'actual').map((l) => l.value)).toEqual(rows.map((r) => r.actual));
    expect(lines.filter((l) => l.series !== 'actual').map((l) => l.value)).toEqual(rows.map((r) => r.predicted));
    // the RFM segment table: mean and total CLV and mean P(alive) of each segment, as the API gives them
    const headers = await w.page.$$eval('#rfm-table th', (th) => th.map((h) => h.textContent));
    expect(headers.slice(-3)).toEqual(['Mean CLV 12m', 'Total CLV 12m', 'Mean P(alive)']);
    const cells = await w.page.$$eval('#rfm-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
    segments.rfmSegments.business.forEach((g: { segment: string; meanClv: number; totalClv: number; meanPAlive: number }, i: number) => {
      const row = cells[i]!;
      expect(row[0], g.segment).toBe(g.segment);
      expect(digits(row.at(-3))).toBe(shown(g.meanClv));
      expect(digits(row.at(-2))).toBe(shown(g.totalClv, 0));
      expect(row.at(-1)).toBe(`${(g.meanPAlive * 100).toFixed(1)}%`);
    });
    expect(w.problems).toEqual([]);
  });

  it('draws every chart of every page within its container at 1,400 px and at 375 px, and the page no wider than the window', async () => {
    for (const width of [1400, 375]) {
      await w.page.setViewportSize({ width, height: 900 });
      for (const hash of pages) {
        await route(w.page, hash);
        const m = await widths(w.page);
        expect(m.page, `${hash} at ${width} px`).toBeLessThanOrEqual(m.viewport);
        for (const c of m.charts) {
          expect(c.svg, `${c.id} of ${hash} at ${width} px is drawn`).toBeGreaterThan(0);
          expect(c.svg, `${c.id} of ${hash} at ${width} px`).toBeLessThanOrEqual(c.container + 0.5);
        }
        if (!['#/customers', '#/products'].includes(hash)) expect(m.charts.length, `charts of ${hash}`).toBeGreaterThan(0);
      }
    }
    await w.page.setViewportSize({ width: 1400, height: 900 });
    expect(w.problems).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';
import type { RunningServer } from '../src/server.js';
import { chartData, HAVE_CHROMIUM, openPage, parseCsv, route } from './dashboardBrowser.js';
import type { WatchedPage } from './dashboardBrowser.js';
import { smallArtifacts } from './fixture.js';

interface Row {
  [key: string]: unknown;
}
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  height: number;
}

/** The months from `from`'s to `to`'s as YYYY-MM. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  while (d.toISOString().slice(0, 7) <= to.slice(0, 7)) {
    out.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1, 1);
  }
  return out;
}

describe.runIf(HAVE_CHROMIUM)('the dashboard pages say what they show, at 1,400 px and at 375 px (Chromium, small artifacts)', () => {
  let server: RunningServer;
  let w: WatchedPage;
  let segment: string;
  let cluster: string;
  const get = async <T = Row>(path: string): Promise<T> => (await (await fetch(new URL(path, server.url))).json()) as T;
  /** Problems other than the browser's log line for a refused request whose URL matches `expected`. */
  const unexpected = (expected: RegExp) => w.problems.filter((p) => !(/status of 404 \(Not Found\)/.test(p) && expected.test(p)));

  beforeAll(async () => {
    server = await startServer({ artifacts: await smallArtifacts(), port: 0 });
    w = await openPage({ width: 1400 });
    await w.page.goto(`${server.url}#/start`);
    const s = await get<{ rfmSegments: { business: { segment: string; customers: number }[] }; segments: { name: string }[] }>('/api/segments');
    segment = [...s.rfmSegments.business].sort((a, b) => b.customers - a.customers)[0]!.segment;
    cluster = s.segments[0]!.name;
  }, 60_000);
  afterAll(async () => {
    await w?.browser.close();
    await server?.close();
  });

  it('titles the cohort heatmap by first purchase in the whole log, activity within the filter, as the API answers', async () => {
    const filter = 'from=2011-06-01&to=2011-08-31';
    await route(w.page, `#/overview?${filter}`);
    const c = await get<{ basis: { firstPurchase: string; text: string }; cohorts: { cohort: string; customers: number }[] }>(`/api/cohorts?${filter}`);
    expect(c.basis.firstPurchase).toBe('whole log');
    const title = (await w.page.textContent('#card-cohorts h2'))!;
    expect(title).toContain('first purchase in the whole log');
    expect(title).toContain('counted within all countries, 2011-06-01 to 2011-08-31');
    expect(await w.page.textContent('#cohort-basis')).toContain(c.basis.text);
    const drawn = await chartData<{ cohort: string; offset: number; customers: number }>(w.page, 'chart-cohorts');
    expect([...new Set(drawn.map((d) => d.cohort))]).toEqual(c.cohorts.map((x) => x.cohort));
  });

  it('keeps every cohort row at least 16 px tall at 375 px, with few rows and with many', async () => {
    await w.page.setViewportSize({ width: 375, height: 900 });
    try {
      for (const hash of ['#/overview?from=2011-10-01&to=2011-11-30', '#/overview']) {
        await route(w.page, hash);
        const heights = await w.page.$$eval('#chart-cohorts svg g.mark-rect path', (els) => els.map((e) => e.getBoundingClientRect().height));
        expect(heights.length, hash).toBeGreaterThan(0);
        expect(Math.min(...heights), hash).toBeGreaterThanOrEqual(16);
        // the row labels do not overlap
        const labels = await w.page.$$eval('#chart-cohorts svg g[aria-label^="Y-axis"] text, #chart-cohorts svg .role-axis-label text', (els) => els.map((e) => e.getBoundingClientRect().top));
        expect(labels.length, hash).toBeGreaterThan(0);
        const sorted = [...new Set(labels)].sort((a, b) => a - b);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!, hash).toBeGreaterThanOrEqual(12);
      }
    } finally {
      await w.page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('draws the choice of k from the spread within clusters (the elbow) beside silhouette, the chosen and the suggested k marked', async () => {
    await route(w.page, '#/segments');
    const s = await get<{ k: { k: number; suggested: number }; chooseK: { ks: number[]; inertia: number[]; silhouette: number[] } }>('/api/segments');
    const spread = await chartData<{ k: number; inertia: number; mark: string }>(w.page, 'chart-choosek-spread');
    expect(spread.map((d) => [d.k, d.inertia])).toEqual(s.chooseK.ks.map((k, i) => [k, s.chooseK.inertia[i]]));
    const silhouette = await chartData<{ k: number; silhouette: number }>(w.page, 'chart-choosek');
    expect(silhouette.map((d) => d.silhouette)).toEqual(s.chooseK.silhouette);
    const markOf = (k: number) => spread.find((d) => d.k === k)!.mark;
    if (s.k.k === s.k.suggested) expect(markOf(s.k.k)).toBe('chosen and suggested');
    else expect([markOf(s.k.k), markOf(s.k.suggested)]).toEqual(['chosen', 'suggested']);
    expect(spread.filter((d) => d.mark === 'other')).toHaveLength(s.chooseK.ks.length - new Set([s.k.k, s.k.suggested]).size);
    expect(await w.page.textContent('#card-choosek h2')).toContain(`the indices suggest ${s.k.suggested}`);
    expect(await w.page.textContent('#choosek-how')).toContain('spread within clusters');
  });

  it('draws a bar for every month of the filter on segment and product pages, zeros for months the answer leaves out', async () => {
    const from = '2011-03-15';
    const to = '2011-08-31';
    const months = monthsBetween(from, to);
    // the answers are cut to their first month with a purchase, so only the page can fill the others
    await w.page.route(/\/api\/(segments\/[^/?]+|products\/[^/?]+)\?/, async (r) => {
      const res = await r.fetch();
      const body = (await res.json()) as { monthly?: { period: string; revenue: number }[]; trend?: { period: string; revenue: number }[] };
      for (const key of ['monthly', 'trend'] as const) if (body[key]) body[key] = body[key]!.filter((m) => m.revenue !== 0).slice(0, 1);
      await r.fulfill({ response: res, json: body });
    });
    try {
      await route(w.page, `#/segment/rfm/${encodeURIComponent(segment)}?from=${from}&to=${to}`);
      for (const id of ['chart-segment-revenue', 'chart-segment-customers']) {
        const drawn = await chartData<{ period: string; revenue: number; customers: number; partial: boolean }>(w.page, id);
        expect(drawn.map((d) => d.period.slice(0, 7)), id).toEqual(months);
        expect(drawn.filter((d) => d.revenue === 0 && d.customers === 0).length, id).toBe(months.length - 1);
        // March starts on the 15th: a partial month
        expect(drawn[0]!.partial, id).toBe(true);
        expect(drawn.at(-1)!.partial, id).toBe(false);
      }
      const domain = await w.page.evaluate(() => (window as unknown as { dashboard: { views: Map<string, { scale(n: string): { domain(): number[] } }> } }).dashboard.views.get('chart-segment-revenue')!.scale('x').domain().map(Number));
      expect(domain).toEqual([Date.UTC(2011, 2, 1), Date.UTC(2011, 8, 1)]);
      const product = server.state.models.get('item-knn')!.matrix.items[0]!;
      await route(w.page, `#/product/${encodeURIComponent(product)}?from=${from}&to=${to}`);
      const trend = await chartData<{ period: string; revenue: number }>(w.page, 'chart-product-trend');
      expect(trend.map((d) => d.period.slice(0, 7))).toEqual(months);
    } finally {
      await w.page.unrouteAll();
    }
  });

  it('stacks the Clusters and the recommendations tables at 375 px: every cell inside its card, the score and Because in view', async () => {
    await w.page.setViewportSize({ width: 375, height: 900 });
    try {
      const inCard = async (table: string, card: string) => {
        const got = await w.page.evaluate(
          ([t, c]) => {
            const box = (e: Element) => e.getBoundingClientRect().toJSON() as Box;
            return { card: box(document.querySelector(c!)!), cells: Array.from(document.querySelectorAll(`${t} td`)).filter((td) => getComputedStyle(td).display !== 'none').map((td) => ({ cls: td.className, text: td.textContent ?? '', ...box(td) })), rows: Array.from(document.querySelectorAll(`${t} tbody tr`)).map((tr) => box(tr).height) };
          },
          [table, card],
        );
        expect(got.cells.length, table).toBeGreaterThan(0);
        for (const cell of got.cells) {
          expect(cell.left, `${table} ${cell.text}`).toBeGreaterThanOrEqual(got.card.left);
          expect(cell.right, `${table} ${cell.text}`).toBeLessThanOrEqual(got.card.right + 0.5);
          expect(cell.right, `${table} ${cell.text}`).toBeLessThanOrEqual(375);
        }
        return got;
      };
      await route(w.page, '#/segments');
      const clusters = await inCard('#cluster-table', '#card-clusters');
      expect(Math.max(...clusters.rows)).toBeLessThan(300);
      await route(w.page, '#/recommendations');
      const recs = await inCard('#rec-table', '#card-recs');
      const scores = recs.cells.filter((c) => c.cls === 'score');
      expect(scores.length).toBeGreaterThan(0);
      for (const s of scores) expect(s.text).toMatch(/\d\.\d\d$/);
      expect(recs.cells.filter((c) => c.cls === 'why' && c.text.length > 0).length).toBe(scores.length);
      // the score's figure itself is drawn inside the cell (not cut by a hidden overflow)
      const clipped = await w.page.$$eval('#rec-table td.score', (tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1).length);
      expect(clipped).toBe(0);
    } finally {
      await w.page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('says on a customer page that the filters do not apply, in every title and in a note naming them', async () => {
    const id = server.state.models.get('item-knn')!.matrix.customers[5]!;
    const country = (await get<{ countries: { country: string }[] }>('/api/countries')).countries[1]!.country;
    expect(await route(w.page, `#/customer/${id}?country=${encodeURIComponent(country)}`)).toBe('ready');
    const titles = await w.page.$$eval('#view h2', (hs) => hs.map((h) => h.textContent ?? ''));
    expect(titles.length).toBeGreaterThanOrEqual(5);
    for (const t of titles) expect(t).toContain('the filters do not apply');
    expect(await w.page.textContent('#filters-not-applied')).toContain(country);
    // the whole history: every invoice of the customer, whatever the country filter
    const d = await get<{ timeline: unknown[] }>(`/api/customers/${id}`);
    expect((await chartData(w.page, 'chart-customer-timeline')).length).toBe(d.timeline.length);
    await route(w.page, `#/customer/${id}`);
    expect(await w.page.$('#filters-not-applied')).toBeNull();
  });

  it('says "no such page" for an unknown route, with a link to the overview', async () => {
    for (const hash of ['#/nowhere', '#/segment/kmeans/x', '#/segment/rfm']) {
      expect(await route(w.page, hash), hash).toBe('ready');
      expect(await w.page.textContent('#not-found h2'), hash).toContain('No such page');
      expect(await w.page.getAttribute('#to-overview', 'href'), hash).toMatch(/^#\/overview/);
      expect(await w.page.$$('.chart'), hash).toHaveLength(0);
      expect(await w.page.getAttribute('body', 'data-page')).toBe('not-found');
    }
    await w.page.click('#to-overview');
    await w.page.waitForSelector('#chart-sales svg');
    expect(w.problems).toEqual([]);
  });

  it('says an unknown segment or cluster is unknown, naming it, and asks the API nothing with it', async () => {
    const asked: string[] = [];
    const listen = (r: { url(): string }) => asked.push(r.url());
    w.page.on('request', listen);
    try {
      for (const [kind, name] of [
        ['rfm', 'Nope'],
        ['cluster', 'No such cluster'],
      ] as const) {
        asked.length = 0;
        expect(await route(w.page, `#/segment/${kind}/${encodeURIComponent(name)}`)).toBe('ready');
        const text = (await w.page.textContent('#not-found'))!;
        expect(text).toContain(`Unknown ${kind === 'rfm' ? 'RFM segment' : 'cluster'}: “${name}”`);
        expect(text).toContain(kind === 'rfm' ? segment : cluster);
        expect(await w.page.$('#filter-error')).toBeNull();
        expect(asked.filter((u) => u.includes('/api/') && decodeURIComponent(u.replace(/\+/g, ' ')).includes(name))).toEqual([]);
      }
    } finally {
      w.page.off('request', listen);
    }
    expect(w.problems).toEqual([]);
  });

  it('tells an analyst that a customer or a product is not in the data, without API hints', async () => {
    w.problems.length = 0;
    expect(await route(w.page, '#/customer/99999999')).toBe('ready');
    const customer = (await w.page.textContent('#not-found'))!;
    expect(customer).toContain('No customer 99999999 in this analysis');
    expect(customer).not.toMatch(/GET |\/api\/|\?q=/);
    expect(await w.page.getAttribute('#not-found a', 'href')).toMatch(/^#\/customers\?q=999/);
    expect(await route(w.page, '#/product/NOPE123')).toBe('ready');
    const product = (await w.page.textContent('#not-found'))!;
    expect(product).toContain('No product NOPE123 in this analysis');
    expect(product).not.toMatch(/GET |\/api\/|\?q=/);
    expect(await w.page.$$('.chart')).toHaveLength(0);
    expect(unexpected(/\/api\/(customers\/99999999|products\/NOPE123)/)).toEqual([]);
    w.problems.length = 0;
  });

  it('names a segment drill-down’s CSV after the segment, and it holds that segment’s customers', async () => {
    await route(w.page, `#/segment/rfm/${encodeURIComponent(segment)}?from=2011-06-01`);
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.click('#card-segment-list button.csv')]);
    expect(download.suggestedFilename()).toBe(`customers-segment-${segment}-from-2011-06-01.csv`);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
    const column = rows[0]!.indexOf('RFMSegment');
    expect(column).toBeGreaterThan(0);
    expect([...new Set(rows.slice(1).map((r) => r[column]))]).toEqual([segment]);
    await route(w.page, `#/segment/cluster/${encodeURIComponent(cluster)}`);
    const [second] = await Promise.all([w.page.waitForEvent('download'), w.page.click('#card-segment-list button.csv')]);
    // the exact name (filename*), spaces and commas of a descriptive cluster name kept
    expect(second.suggestedFilename()).toBe(`customers-cluster-${cluster}.csv`);
    expect(w.problems).toEqual([]);
  });
});

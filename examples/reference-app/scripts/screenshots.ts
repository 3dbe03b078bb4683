/**
 * Regenerates the dashboard screenshots in docs/img from an artifacts directory (analyze's --out on
 * the real file): every page at 1,400 px wide, and the overview, a customer, the segments and the
 * recommendations pages at 375 px.
 *
 *   npx tsx --conditions=@shopper-spectrum/source scripts/screenshots.ts --artifacts /tmp/out [--out ../../docs/img]
 *
 * Each page is shot once it has drawn everything it fetched (body[data-state=ready]); a page that
 * settles in another state, logs a console error, is wider than the window or has a chart wider
 * than its container stops the script with the reason.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../src/server.js';
import { afterRender, openPage, settled, widths } from '../test/dashboardBrowser.js';

const { values } = parseArgs({ options: { artifacts: { type: 'string' }, out: { type: 'string', default: join(import.meta.dirname, '..', '..', '..', 'docs', 'img') } } });
if (!values.artifacts) {
  process.stderr.write('usage: screenshots.ts --artifacts <analyze --out directory> [--out <directory for the PNGs>]\n');
  process.exit(2);
}
const out = resolve(values.out!);
mkdirSync(out, { recursive: true });

const server = await startServer({ artifacts: values.artifacts, port: 0 });
const w = await openPage({ width: 1400 });
try {
  const get = async <T>(path: string): Promise<T> => (await (await fetch(new URL(path, server.url))).json()) as T;
  const top = await get<{ rows: { customerId: string }[] }>('/api/customers?sort=revenue&order=desc&pageSize=20');
  const customer = top.rows[3]?.customerId ?? top.rows[0]!.customerId;
  const segments = await get<{ rfmSegments: { business: { segment: string }[] } }>('/api/segments');
  const atRisk = segments.rfmSegments.business.find((s) => s.segment === 'At-Risk')?.segment ?? segments.rfmSegments.business[0]!.segment;
  const shots: [string, string, number][] = [
    ['dashboard-overview', '#/overview', 1400],
    ['dashboard-overview-filtered', '#/overview?country=France&from=2011-09-01&to=2011-11-30', 1400],
    ['dashboard-overview-daily', '#/overview?interval=day', 1400],
    ['dashboard-customers', '#/customers', 1400],
    ['dashboard-customer', `#/customer/${customer}`, 1400],
    ['dashboard-segments', '#/segments', 1400],
    ['dashboard-segment', `#/segment/rfm/${encodeURIComponent(atRisk)}`, 1400],
    ['dashboard-recommendations', `#/recommendations?customer=${customer}&similar=85123A`, 1400],
    ['dashboard-products', '#/products?country=Germany', 1400],
    ['dashboard-product', '#/product/85123A', 1400],
    ['dashboard-overview-375', '#/overview', 375],
    ['dashboard-customer-375', `#/customer/${customer}`, 375],
    ['dashboard-segments-375', '#/segments', 375],
    ['dashboard-recommendations-375', `#/recommendations?customer=${customer}&similar=85123A`, 375],
  ];
  await w.page.goto(`${server.url}#/start`); // not a shot's hash, so the first shot's is a change
  await settled(w.page);
  for (const [name, hash, width] of shots) {
    await w.page.setViewportSize({ width, height: 900 });
    const state = await afterRender(w.page, () => w.page.evaluate((h) => (location.hash = h), hash));
    if (state !== 'ready') throw new Error(`${hash} settled as ${state}`);
    if (w.problems.length) throw new Error(`${hash}: ${w.problems.join('; ')}`);
    const m = await widths(w.page);
    if (m.page > m.viewport) throw new Error(`${hash} at ${width} px is ${m.page} px wide`);
    const wide = m.charts.filter((c) => c.svg > c.container + 0.5);
    if (wide.length) throw new Error(`${hash} at ${width} px: ${wide.map((c) => `${c.id} ${c.svg} px in ${c.container} px`).join(', ')}`);
    await w.page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    process.stdout.write(`${join(out, `${name}.png`)}\n`);
  }
} finally {
  await w.browser.close();
  await server.close();
}

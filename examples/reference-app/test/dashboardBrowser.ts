import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium; CI installs it (.ci/run), so there a missing browser fails rather than skips. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tests can run here. */
export const HAVE_CHROMIUM = existsSync(CHROMIUM) || Boolean(process.env.CI);

/** A page that records every console error, page error and Content-Security-Policy violation. */
export interface WatchedPage {
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors, uncaught page errors and CSP violations so far. */
  readonly problems: string[];
}

/** Launches Chromium headless and opens a page of `width` x 900 that records its problems. */
export async function openPage(options: { width?: number } = {}): Promise<WatchedPage> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: 900 }, acceptDownloads: true });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  await page.exposeFunction('reportViolation', (v: string) => problems.push(`CSP violation: ${v}`));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
  );
  return { browser, page, problems };
}

/** Waits until the page of the current URL has drawn everything it fetched (or cleared into the filter error state). */
export async function settled(page: Page): Promise<string> {
  await page.waitForFunction(() => ['ready', 'filter-error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
  return (await page.getAttribute('body', 'data-state'))!;
}

/** Runs `action` (a click, a navigation) and waits for the render it starts to settle. */
export async function afterRender(page: Page, action: () => Promise<unknown>): Promise<string> {
  const before = Number((await page.getAttribute('body', 'data-render')) ?? 0);
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.render ?? 0) > n, before, { timeout: 30_000 });
  return settled(page);
}

/** Opens a hash route (`#/customers?country=France`) and waits for it to settle. */
export async function route(page: Page, hash: string): Promise<string> {
  if ((await page.evaluate(() => location.hash)) === hash) {
    await page.reload(); // the same hash starts no render: load it afresh
    return settled(page);
  }
  return afterRender(page, () => page.evaluate((h) => (location.hash = h), hash));
}

/** The rows a drawn chart holds (its dataset named 'table'). */
export function chartData<T = Record<string, unknown>>(page: Page, id: string): Promise<T[]> {
  return page.evaluate((chartId) => {
    const view = (window as unknown as { dashboard: { views: Map<string, { data(name: string): unknown[] }> } }).dashboard.views.get(chartId);
    if (!view) throw new Error(`no chart ${chartId}`);
    return JSON.parse(JSON.stringify(view.data('table')));
  }, id) as Promise<T[]>;
}

/** Every chart's drawn width against its container's, and the page's width against the viewport's. */
export function widths(page: Page): Promise<{ charts: { id: string; svg: number; container: number }[]; page: number; viewport: number }> {
  return page.evaluate(() => ({
    charts: Array.from(document.querySelectorAll('.chart')).map((c) => ({ id: c.id, svg: c.querySelector('svg')?.getBoundingClientRect().width ?? -1, container: c.getBoundingClientRect().width })),
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
}

/** RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF) as rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

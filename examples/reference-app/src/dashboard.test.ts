import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallArtifacts } from '../test/fixture.js';
import { startServer } from './server.js';
import type { RunningServer } from './server.js';

/** Debian's Chromium; CI installs it (.ci/run), so there a missing browser fails rather than skips. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', 'test-artifacts');

const TOKEN = 'dashboard-test-token-0123456789';

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('the dashboard in Chromium (playwright-core), served with a token', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    server = await startServer({ artifacts: await smallArtifacts(), port: 0, token: TOKEN });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // every Content-Security-Policy violation the page meets (none is allowed: no eval, no inline script)
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    await page.goto(server.url);
    // the API refuses the first requests: the page asks for the token; a wrong one is asked again
    await page.waitForSelector('#token-box:not([hidden])');
    await page.fill('#token-input', 'not-the-token-at-all');
    await page.click('#token-form button[type=submit]');
    await page.waitForFunction(() => /not the one/.test(document.querySelector('#token-message')?.textContent ?? '') && !(document.querySelector('#token-box') as HTMLElement).hidden);
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#kpi-revenue')?.textContent !== '-');
    expect(errors).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws every chart without breaking its Content-Security-Policy (no eval, no inline script)', async () => {
    await page.waitForSelector('#chart-sales svg');
    const csp = (await fetch(server.url)).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(violations).toEqual([]);
  });

  it('shows the KPIs and renders the charts as SVG', async () => {
    await page.waitForSelector('#chart-sales svg');
    await page.waitForSelector('#chart-top svg');
    expect(Number((await page.textContent('#kpi-orders'))!.replace(/,/g, ''))).toBeGreaterThan(100);
    await page.screenshot({ path: join(SHOTS, 'dashboard-overview.png'), fullPage: true });
  });

  it('recomputes the figures when a filter changes', async () => {
    const before = await page.textContent('#kpi-revenue');
    await page.fill('#f-from', '2011-06-01');
    await page.fill('#f-to', '2011-08-31');
    await page.click('#filters button[type=submit]');
    await page.waitForFunction((old) => document.querySelector('#kpi-revenue')?.textContent !== old, before);
    const after = Number((await page.textContent('#kpi-revenue'))!.replace(/,/g, ''));
    expect(after).toBeLessThan(Number(before!.replace(/,/g, '')));
    const country = await page.$eval('#f-country option:nth-child(3)', (o) => (o as HTMLOptionElement).value);
    const summer = (await page.textContent('#kpi-revenue'))!;
    await page.selectOption('#f-country', country);
    await page.click('#filters button[type=submit]');
    await page.waitForFunction((old) => document.querySelector('#kpi-revenue')?.textContent !== old, summer);
    expect(JSON.parse((await page.getAttribute('body', 'data-filters'))!).country).toBe(country);
  });

  it('predicts a segment from R, F, M', async () => {
    await page.click('nav button[data-page=segments]');
    await page.fill('#p-recency', '4');
    await page.fill('#p-frequency', '40');
    await page.fill('#p-monetary', '25000');
    await page.click('#predict button[type=submit]');
    await page.waitForSelector('#predicted-segment');
    expect(await page.textContent('#predicted-segment')).toBe('High-Value');
    await page.waitForSelector('#chart-scatter svg');
    await page.screenshot({ path: join(SHOTS, 'dashboard-segments.png'), fullPage: true });
  });

  it('recommends for a CustomerID, with reasons and the history', async () => {
    const id = server.state.models.get('item-knn')!.matrix.customers[5]!;
    await page.click('nav button[data-page=recommendations]');
    await page.fill('#r-customer', id);
    await page.click('#rec button[type=submit]');
    await page.waitForSelector('#rec-result[data-count="10"]');
    const rows = await page.$$eval('#rec-result table:first-of-type tbody tr', (trs) => trs.map((tr) => tr.textContent));
    expect(rows).toHaveLength(10);
    expect(await page.textContent('#rec-result')).toContain('Purchase history');
    await page.fill('#r-customer', 'NEW-CUSTOMER');
    await page.click('#rec button[type=submit]');
    await page.waitForSelector('#fallback-note');
    expect(await page.textContent('#fallback-note')).toContain('unknown customer');
  });

  it('searches a product by name and lists similar ones', async () => {
    const matrix = server.state.models.get('item-knn')!.matrix;
    const name = matrix.descriptions[0]!.toLowerCase();
    await page.fill('#s-query', name);
    await page.click('#sim button[type=submit]');
    await page.waitForSelector('#sim-result[data-count="10"]');
    expect(await page.textContent('#sim-result')).toContain('Products similar to');
    await page.screenshot({ path: join(SHOTS, 'dashboard-recommendations.png'), fullPage: true });
  });

  it('lists the top 50 products, sortable, with a CSV download', async () => {
    await page.click('nav button[data-page=products]');
    await page.waitForSelector('#products-table tbody tr');
    const count = await page.$$eval('#products-table tbody tr', (trs) => trs.length);
    expect(count).toBeGreaterThan(10);
    await page.click('#products-table th[data-key=orders]');
    const orders = await page.$$eval('#products-table tbody tr td:nth-child(6)', (tds) => tds.map((td) => Number(td.textContent!.replace(/,/g, ''))));
    expect([...orders].sort((a, b) => b - a)).toEqual(orders);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('top-products-by-revenue.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('stockCode,description,revenue,quantity,orders,customers,lines');
    expect(text.trim().split('\n').length).toBeGreaterThan(10);
    expect(violations).toEqual([]);
  });
});

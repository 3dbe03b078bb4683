/**
 * What the API tests share: a server over the small artifacts (answered in process), a CSV reader
 * (core CsvReader, csvUnescape), and the rows of a filter by a plain scan of the table, written
 * apart from the date index and the customer -> group arrays the server uses.
 */
import { CsvReader, fieldText, MS_PER_DAY } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { FastifyInstance } from 'fastify';
import { loadArtifacts } from '../src/artifacts.js';
import type { LoadedArtifacts } from '../src/artifacts.js';
import { csvUnescape } from '../src/csv.js';
import { buildServer } from '../src/server.js';
import { smallArtifacts } from './fixture.js';

/** A filter as the query gives it. */
export interface Query {
  from?: string;
  to?: string;
  country?: string;
  segment?: string;
  cluster?: string;
}

/** The server of one test file. */
export interface Api {
  readonly state: LoadedArtifacts;
  readonly app: FastifyInstance;
  /** GET a path: status, JSON body (or text), content type. */
  get(path: string): Promise<{ status: number; body: any; text: string; type: string }>;
}

/** Builds the app over the small artifacts (call in beforeAll; close `app` in afterAll). */
export async function api(): Promise<Api> {
  const state = loadArtifacts(await smallArtifacts());
  const { app } = await buildServer(state, { rateLimitPerMinute: 0 });
  return {
    state,
    app,
    async get(path) {
      const res = await app.inject(path);
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, text: res.body, type, body: type.startsWith('application/json') ? res.json() : res.body };
    },
  };
}

/** A query string of a filter (and more). */
export const qs = (q: Record<string, string | number | undefined>) => new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

/** A CSV document as rows of cells (RFC 4180, cells unescaped). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const reader = new CsvReader(
    (chunk, starts, ends, kinds, n) => rows.push(Array.from({ length: n }, (_, k) => csvUnescape(fieldText(chunk, starts[k]!, ends[k]!, kinds[k]!)))),
    (line, reason) => {
      throw new Error(`CSV line ${line}: ${reason}`);
    },
    { delimiter: ',' },
  );
  reader.push(text);
  reader.end();
  return rows;
}

/** The rows of a filter by a plain scan: dates and country on the table, segment and cluster from the customers' RFM rows. */
export function scan(state: LoadedArtifacts, q: Query): Int32Array {
  const table: TransactionTable = state.table;
  const from = q.from === undefined ? -Infinity : Date.parse(`${q.from}T00:00:00Z`);
  const to = q.to === undefined ? Infinity : Date.parse(`${q.to}T00:00:00Z`) + MS_PER_DAY;
  const country = q.country === undefined ? -1 : table.dictionaries.country.indexOf(q.country);
  const out: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const t = table.columns.invoiceDate[i]!;
    if (t < from || t >= to || (country >= 0 && table.columns.country[i] !== country)) continue;
    if (q.segment !== undefined || q.cluster !== undefined) {
      const c = table.columns.customer[i]!;
      const r = c < 0 ? undefined : state.rfm.get(table.dictionaries.customer[c]!);
      if (!r || (q.segment !== undefined && r.rfmSegment !== q.segment) || (q.cluster !== undefined && r.cluster !== q.cluster)) continue;
    }
    out.push(i);
  }
  return Int32Array.from(out);
}

/** A day as YYYY-MM-DD. */
export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first and last invoice days of the table, and one in the middle. */
export function days(state: LoadedArtifacts): { first: string; last: string; mid: string } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of state.table.columns.invoiceDate) ((lo = Math.min(lo, t)), (hi = Math.max(hi, t)));
  return { first: day(lo), last: day(hi), mid: day((lo + hi) / 2) };
}

/**
 * Recommendations from your own HTTP app: fit a model offline and save it as a file (`fit`), then
 * load the file at start-up and answer JSON over node:http (`serve`), with no framework. `--demo`
 * does both, sends a few requests to itself on a free loopback port, prints the answers and stops.
 *
 *   pnpm --dir examples/http-app start --demo
 *   pnpm --dir examples/http-app start fit --model model.ssrm [--data log.csv.gz]
 *   pnpm --dir examples/http-app start serve --model model.ssrm --port 8080
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanTransactions, generateTransactions, isShopperSpectrumError, parseTransactionsCsv } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { buildInteractions, itemKnn, loadRecommender, serializeRecommenderBinary } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

/** Fits item cosine on a log (a file, or the seeded synthetic shop) and returns the model file's bytes. */
async function fit(data: string | undefined): Promise<Uint8Array> {
  const loaded = data ? await loadTransactions(data) : parseTransactionsCsv(generateTransactions({ seed: 7, customers: 500 }));
  const table = cleanTransactions(loaded.table, { preset: 'notebook' }).table;
  return serializeRecommenderBinary(itemKnn(buildInteractions(table), { similarity: 'cosine', neighbours: 100 }));
}

/** The app: GET /recommendations/:customer?k=5 and GET /similar/:stockCode?k=5, JSON in and out. */
function app(model: Recommender): Server {
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  return createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return json(res, 400, { error: { code: 'BAD_URL' } });
    }
    const k = Number(url.searchParams.get('k') ?? 5);
    const [, route, id] = url.pathname.split('/').map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return '';
      }
    });
    try {
      if (req.method === 'GET' && route === 'recommendations' && id) {
        const recs = model.recommend(id, k);
        return json(res, 200, { customer: id, known: model.matrix.customerIndex.has(id), recommendations: recs.map((r) => ({ stockCode: r.item, score: Number(r.score.toFixed(4)), because: r.because, source: r.source })) });
      }
      if (req.method === 'GET' && route === 'similar' && id) return json(res, 200, { stockCode: id, similar: model.similarItems(id, k).map((r) => ({ stockCode: r.item, because: r.because })) });
      return json(res, 404, { error: { code: 'NOT_FOUND', message: 'GET /recommendations/:customer or /similar/:stockCode' } });
    } catch (error) {
      // every library error has a code, the parameter and what is allowed: a 4xx, never a crash
      if (isShopperSpectrumError(error)) return json(res, error.code === 'UNKNOWN_ITEM' ? 404 : 400, { error: error.toJSON() });
      return json(res, 500, { error: { code: 'INTERNAL' } });
    }
  });
}

const listen = (server: Server, port: number) => new Promise<number>((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', () => ok((server.address() as AddressInfo).port)));

const { values, positionals } = parseArgs({ allowPositionals: true, options: { demo: { type: 'boolean' }, model: { type: 'string' }, data: { type: 'string' }, port: { type: 'string', default: '8080' } } });
const here = (p: string) => resolve(process.env.INIT_CWD ?? process.cwd(), p);
if (values.demo) {
  const file = join(mkdtempSync(join(tmpdir(), 'http-app-')), 'model.ssrm');
  writeFileSync(file, await fit(values.data && here(values.data)));
  const model = loadRecommender(new Uint8Array(readFileSync(file))); // what `serve` does at start-up
  const server = app(model);
  const port = await listen(server, 0);
  const customer = model.matrix.customers[0]!;
  for (const path of [`/recommendations/${customer}?k=3`, '/recommendations/nobody?k=2', `/similar/${model.matrix.items[0]}?k=2`, '/similar/NOPE']) {
    const r = await fetch(`http://127.0.0.1:${port}${path}`);
    console.log(`GET ${path} -> ${r.status}\n${JSON.stringify(await r.json())}`);
  }
  server.close();
} else if (positionals[0] === 'fit' && values.model) {
  writeFileSync(here(values.model), await fit(values.data && here(values.data)));
  console.log(`wrote ${values.model}`);
} else if (positionals[0] === 'serve' && values.model) {
  const model = loadRecommender(new Uint8Array(readFileSync(here(values.model))));
  const port = await listen(app(model), Number(values.port));
  console.log(`serving ${model.name} on http://127.0.0.1:${port}/recommendations/:customer`);
} else {
  console.error('usage: main.ts --demo | fit --model file [--data log] | serve --model file [--port n]');
  process.exitCode = 2;
}

/**
 * Before/after in one session: runs the same benchmark tasks in two checkouts of this repository,
 * alternating (before, after, before, after, ...), each task in its own process, and prints the
 * medians and their ratio. A whole `pnpm bench` run takes 15-20 minutes and this machine's speed
 * drifts by a third over such a span, so figures from two separate runs do not compare; these do.
 *
 *   tsx --conditions=@shopper-spectrum/source bench/src/compareRevisions.ts --before ../bench-before [--rounds 3]
 *
 * The "before" checkout needs its own `pnpm install`. Tasks use only what both revisions have: the
 * scenario scripts of bench/src (pipeline, clustering, metrics) and a small recommend script written
 * into each checkout (fits and top-10 lists through functions both versions export).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const after = resolve(here, '../..');
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const before = resolve(arg('before') ?? resolve(after, '../bench-before'));
const rounds = Number(arg('rounds') ?? 3);
const realGz = process.env.SHOPPER_SPECTRUM_DATA ?? resolve(after, '../shared/data/online-retail.csv.gz');
const cache = join(tmpdir(), 'shopper-spectrum-bench');
if (!existsSync(join(before, 'node_modules'))) throw new Error(`${before} has no node_modules: run pnpm install there first`);

// a recommend task both revisions can run: fits and top-10 lists for every customer
const RECOMMEND = `
import * as core from '@shopper-spectrum/core';
import * as rec from '@shopper-spectrum/recommend';
const node = await import('@shopper-spectrum/core/node' as string).catch(() => core);
const table = core.cleanTransactions((await (node as any).loadTransactions(process.argv[2])).table, { preset: 'notebook' }).table;
const m = rec.buildInteractions(table);
const inv = rec.buildInteractions(table, { weight: 'invoices' });
const out: Record<string, number> = {};
const time = (name: string, f: () => void) => { const t = performance.now(); f(); out[name] = performance.now() - t; };
const fits: Record<string, () => any> = {
  popularity: () => rec.popularity(m),
  'repeat-purchase': () => rec.repeatPurchase(inv),
  'item-knn (100)': () => rec.itemKnn(m, { neighbours: 100 }),
  'item-knn (all)': () => rec.itemKnn(m, { neighbours: Infinity }),
  'user-knn (50)': () => rec.userKnn(m, { neighbours: 50 }),
  'tifu-knn (100)': () => rec.tifuKnn(inv, { neighbours: 100 }),
  content: () => rec.contentBased(m),
};
for (const [name, fit] of Object.entries(fits)) {
  let model: any;
  time(name + ': fit', () => (model = fit()));
  time(name + ': top-10, every customer', () => { for (const c of m.customers) model.recommend(c, 10, { explain: false }); });
}
console.log(JSON.stringify(out));
`;

type Task = { name: string; run: (root: string) => Record<string, number> };
const tsx = (root: string, script: string, args: string[]): string =>
  execFileSync(join(root, 'node_modules/.bin/tsx'), ['--max-old-space-size=8192', '--conditions=@shopper-spectrum/source', script, ...args], { cwd: join(root, 'bench'), encoding: 'utf8', maxBuffer: 1 << 26 });
const lastJson = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

const tasks: Task[] = [];
if (existsSync(realGz)) {
  tasks.push({
    name: 'real file, notebook preset (median of 5 in process)',
    run: (root) => {
      const r = lastJson(tsx(root, join(root, 'bench/src/scenario.ts'), ['pipeline', realGz, '5', 'notebook'])) as { runs: Record<string, number>[] };
      return Object.fromEntries(['load', 'clean', 'explore', 'rfm', 'repeat'].map((k) => [k, median(r.runs.map((x) => x[k]!))]));
    },
  });
  tasks.push({
    name: 'recommenders on the real file',
    run: (root) => {
      const file = join(root, 'bench', '.compare-recommend.mts');
      writeFileSync(file, RECOMMEND);
      return lastJson(tsx(root, file, [realGz])) as Record<string, number>;
    },
  });
}
for (const [label, file] of [
  ['RFM 4,338', join(cache, 'rfm-log1p-standard.csv')],
  ['blobs 20,000', join(cache, 'blobs-20000.csv')],
  ['blobs 100,000', join(cache, 'blobs-100000.csv')],
] as const) {
  if (!existsSync(file)) continue;
  const which = label === 'blobs 100,000' ? ['kmeans'] : ['kmeans', 'sweep', 'ward', 'silhouette'];
  tasks.push({
    name: `clustering, ${label}`,
    run: (root) => Object.fromEntries(which.map((t) => [t, (lastJson(tsx(root, join(root, 'bench/src/clusterScenario.ts'), [t, file])) as { median: number }).median])),
  });
}
tasks.push({ name: 'ranking metrics, 1,000,000 users', run: (root) => ({ score: (lastJson(tsx(root, join(root, 'bench/src/metricsScenario.ts'), ['1000000'])) as { ms: number }).ms }) });

const results = new Map<string, { before: number[]; after: number[] }>();
for (let r = 0; r < rounds; r++) {
  for (const task of tasks) {
    for (const [side, root] of [['before', before], ['after', after]] as const) {
      const figures = task.run(root);
      for (const [k, v] of Object.entries(figures)) {
        const key = `${task.name} | ${k}`;
        if (!results.has(key)) results.set(key, { before: [], after: [] });
        results.get(key)![side].push(v);
      }
    }
    process.stderr.write(`round ${r + 1}/${rounds}: ${task.name}\n`);
  }
}
const lines = ['| task | step | before | after | after / before |', '| --- | --- | ---: | ---: | ---: |'];
for (const [key, { before: b, after: a }] of results) {
  const [task, step] = key.split(' | ') as [string, string];
  const mb = median(b);
  const ma = median(a);
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  lines.push(`| ${task} | ${step} | ${fmt(mb)} ms | ${fmt(ma)} ms | ${(ma / mb).toFixed(2)} |`);
}
const head = `Before/after in one session (${rounds} alternating rounds, medians; before = ${readFileSync(join(before, '.git'), 'utf8').includes('gitdir') ? 'the worktree' : 'the checkout'} at ${execFileSync('git', ['-C', before, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}, after = ${execFileSync('git', ['-C', after, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}):`;
console.log(`${head}\n\n${lines.join('\n')}`);

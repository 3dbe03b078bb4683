/**
 * The bar's last clause: the default `analyze`'s best MAP@5 on new products at or above the Python
 * EASE reference (bench/python/ease_reference.py, numpy + pandas) on the published split
 * (2011-09-01) and on other cutoffs. Runs the built CLI (`node examples/reference-app/dist/cli.js
 * analyze --json`) with its default models at each cutoff, with its default preset (trusted) and
 * with the notebook preset the reference cleans with, and the reference on the same cutoffs.
 * Usage: tsx src/cutoffsAnalyze.ts [cutoffs...]   Prints a Markdown table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const file = process.env.SHOPPER_SPECTRUM_DATA ?? resolve(root, '../shared/data/online-retail.csv.gz');
const cli = resolve(root, 'examples/reference-app/dist/cli.js');
const cutoffs = process.argv.slice(2).length ? process.argv.slice(2) : ['2011-07-01', '2011-08-01', '2011-09-01', '2011-10-01', '2011-11-01'];
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
if (!existsSync(cli)) throw new Error(`build the CLI first (npx -y pnpm@10 build): ${cli} is missing`);

interface Row {
  recommender: string;
  policy: string;
  k: number;
  map: number;
}
const best = (preset: string, cutoff: string) => {
  // the default models (learned-ranker is not among them: its column is NaN unless --models adds it)
  const out = execFileSync(process.execPath, [cli, 'analyze', '--data', file, '--out', mkdtempSync(join(tmpdir(), 'ss-cut-')), '--json', '--quiet', '--cutoff', cutoff, '--preset', preset], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const rows = (JSON.parse(out) as { evaluation: Row[] }).evaluation.filter((r) => r.k === 5 && r.policy === 'exclude');
  const top = rows.reduce((a, b) => (b.map > a.map ? b : a));
  const of = (name: string) => rows.find((r) => r.recommender === name)?.map ?? NaN;
  return { top, ease: of('ease'), ranker: of('learned-ranker') };
};
const reference = JSON.parse(execFileSync(python, [join(here, '../python/ease_reference.py'), file, ...cutoffs], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').at(-1)!) as Record<string, Record<string, { 'map@5': number }>>;
console.log('MAP@5 on new products (K = 5), the default models of the built CLI against the Python EASE reference:');
console.log('');
console.log('| cutoff | Python EASE (notebook) | analyze --preset notebook: best | ease | learned-ranker | analyze (default preset, trusted): best | ease | learned-ranker |');
console.log('| --- | ---: | --- | ---: | ---: | --- | ---: | ---: |');
for (const cutoff of cutoffs) {
  const ref = reference[cutoff]!['new products only']!['map@5'];
  const nb = best('notebook', cutoff);
  const tr = best('trusted', cutoff);
  // the same EASE sums its AP in another order than numpy: equal within 1e-9 counts as equal
  const mark = (v: number) => `${v.toFixed(4)}${Math.abs(v - ref) <= 1e-9 ? ' (equal)' : v > ref ? ' (above)' : ' (below)'}`;
  console.log(`| ${cutoff} | ${ref.toFixed(4)} | ${nb.top.recommender} ${mark(nb.top.map)} | ${nb.ease.toFixed(4)} | ${nb.ranker.toFixed(4)} | ${tr.top.recommender} ${mark(tr.top.map)} | ${tr.ease.toFixed(4)} | ${tr.ranker.toFixed(4)} |`);
}

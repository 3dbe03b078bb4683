/**
 * Side by side: `shopper-spectrum analyze` and the same steps in pandas + scikit-learn
 * (bench/python/analyze_pandas.py), on the real file, three runs each, medians per stage and the
 * ratio. Needs /usr/bin/python3 with pandas, scikit-learn, scipy and matplotlib (Debian packages
 * python3-pandas python3-sklearn python3-matplotlib); never part of CI.
 * Usage: tsx src/sideBySide.ts [file] [runs]   Prints a Markdown table; the last line is JSON.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const file = process.argv[2] ?? process.env.SHOPPER_SPECTRUM_DATA ?? resolve(root, '../shared/data/online-retail.csv.gz');
const runs = Number(process.argv[3] ?? 3);
const python = '/usr/bin/python3';

/** True when python3 has what the script imports. */
export function pythonReady(): boolean {
  if (!existsSync(python)) return false;
  try {
    execFileSync(python, ['-c', 'import pandas, sklearn, scipy, matplotlib'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Run {
  timings: Record<string, number>;
  peakMemoryMiB: number;
  wall: number;
  map5?: Record<string, number>;
}

function timed(cmd: string, args: string[]): { out: string; wall: number } {
  const t = performance.now();
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { out, wall: (performance.now() - t) / 1000 };
}

if (!pythonReady()) {
  console.log('python3 with pandas, scikit-learn, scipy and matplotlib not found: apt-get install -y python3-pandas python3-sklearn python3-matplotlib');
  process.exit(0);
}
if (!existsSync(file)) {
  console.log(`no data at ${file}`);
  process.exit(0);
}
const ours: Run[] = [];
const theirs: Run[] = [];
const tsx = resolve(root, 'node_modules/.bin/tsx');
for (let i = 0; i < runs; i++) {
  const a = timed(tsx, ['--conditions=@shopper-spectrum/source', resolve(root, 'examples/reference-app/src/cli.ts'), 'analyze', '--data', file, '--out', mkdtempSync(join(tmpdir(), 'ss-side-')), '--json', '--quiet']);
  const d = JSON.parse(a.out);
  ours.push({ timings: d.timings, peakMemoryMiB: d.peakMemoryMiB, wall: a.wall });
  const b = timed(python, [join(here, '../python/analyze_pandas.py'), file, mkdtempSync(join(tmpdir(), 'py-side-'))]);
  const p = JSON.parse(b.out.trim().split('\n').at(-1)!);
  theirs.push({ timings: p.timings, peakMemoryMiB: p.peakMemoryMiB, wall: b.wall, map5: p.map5 });
}
const stages = ['load', 'clean', 'explore', 'rfm', 'segment', 'recommend', 'evaluate', 'charts', 'write', 'total'];
const m = (rs: Run[], k: string) => median(rs.map((r) => r.timings[k] ?? 0));
console.log(`Same steps, same file (${file.split('/').at(-1)}), median of ${runs} runs each. Seconds.`);
console.log('');
console.log('| stage | shopper-spectrum | pandas + scikit-learn | ratio |');
console.log('| --- | ---: | ---: | ---: |');
for (const s of stages) {
  const a = m(ours, s);
  const b = m(theirs, s);
  const note = s === 'evaluate' ? ' (ours: in a worker thread, overlapping explore..charts)' : '';
  console.log(`| ${s === 'total' ? '**total (in process)**' : s}${note} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(1)}x |`);
}
const wa = median(ours.map((r) => r.wall));
const wb = median(theirs.map((r) => r.wall));
console.log(`| whole command (with start-up: tsx / python imports) | ${wa.toFixed(2)} | ${wb.toFixed(2)} | ${(wb / wa).toFixed(1)}x |`);
console.log(`| peak RSS (MiB) | ${median(ours.map((r) => r.peakMemoryMiB)).toFixed(0)} | ${median(theirs.map((r) => r.peakMemoryMiB)).toFixed(0)} | |`);
console.log('');
console.log(`pandas + scikit-learn MAP@5 (same protocol): ${Object.entries(theirs[0]!.map5!).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
console.log(JSON.stringify({ ratioInProcess: m(theirs, 'total') / m(ours, 'total'), ratioWall: wb / wa, ours: { total: m(ours, 'total'), wall: wa }, theirs: { total: m(theirs, 'total'), wall: wb } }));

#!/usr/bin/env node
/**
 * README examples, checked for real: every ```ts block that is followed by a line "prints" and a
 * fenced block is run as written (a file of its own, importing the packages by name), and what it
 * prints must equal that block, whole. Used by each package's `test/readme.test.ts` (on the
 * workspace sources) and by `.ci/pack-check.sh` (on the packed tarballs, in a fresh project).
 *
 *   node scripts/readme-examples.mjs <README.md> [--cwd dir] [--runner tsx|node-strip]
 *
 * exits 0 when every example prints what its README says, 1 otherwise (a diff is printed).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The runnable examples of a Markdown text: each ```ts (or ```js) fence directly followed, after
 * blank lines, by a line `prints` and a fence. `line` is the 1-based line of the code fence.
 *
 * @param {string} markdown
 * @returns {{ code: string, expected: string, line: number, lang: string }[]}
 */
export function extractExamples(markdown) {
  const lines = markdown.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|js|typescript|javascript)\s*$/.exec(lines[i]);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j])) j++;
    const code = lines.slice(i + 1, j).join('\n');
    let k = j + 1;
    while (k < lines.length && lines[k].trim() === '') k++;
    if (!/^prints:?\s*$/.test(lines[k] ?? '')) {
      i = j;
      continue;
    }
    k++;
    while (k < lines.length && lines[k].trim() === '') k++;
    if (!/^```\w*\s*$/.test(lines[k] ?? '')) {
      i = j;
      continue;
    }
    let m = k + 1;
    while (m < lines.length && !/^```\s*$/.test(lines[m])) m++;
    out.push({ code, expected: lines.slice(k + 1, m).join('\n'), line: i + 1, lang: open[1] });
    i = m;
  }
  return out;
}

/**
 * Runs one example in `cwd` (written there as a file, so that its imports resolve as a user's
 * would) and returns what it printed.
 *
 * @param {{ code: string, line: number }} example
 * @param {{ cwd: string, runner?: 'tsx' | 'node-strip', env?: Record<string, string>, conditions?: string[], timeoutMs?: number }} options
 * @returns {{ stdout: string, stderr: string, status: number | null }}
 */
export function runExample(example, options) {
  const dir = join(options.cwd, '.readme-examples');
  mkdirSync(dir, { recursive: true });
  const name = `example-${example.line}-${createHash('sha1').update(example.code).digest('hex').slice(0, 8)}`;
  const runner = options.runner ?? 'tsx';
  let args;
  let file;
  if (runner === 'tsx') {
    file = join(dir, `${name}.mts`);
    writeFileSync(file, `${example.code}\n`);
    const require = createRequire(join(options.cwd, 'package.json'));
    let tsx;
    try {
      tsx = require.resolve('tsx/cli');
    } catch {
      tsx = createRequire(import.meta.url).resolve('tsx/cli');
    }
    args = [tsx, ...(options.conditions ?? []).map((c) => `--conditions=${c}`), file];
  } else {
    // plain Node: types stripped by esbuild's transform (installed in the project)
    const require = createRequire(join(options.cwd, 'package.json'));
    const esbuild = require('esbuild');
    file = join(dir, `${name}.mjs`);
    writeFileSync(file, esbuild.transformSync(example.code, { loader: 'ts', format: 'esm', target: 'node20' }).code);
    args = [file];
  }
  // examples run from the folder above .readme-examples, so relative data paths are the cwd's
  const r = spawnSync(process.execPath, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, ...options.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 1 << 24,
  });
  rmSync(file, { force: true });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

/**
 * Runs every example of a README; resolves to the list of failures (empty when all print what the
 * README shows).
 *
 * @param {string} readmePath
 * @param {{ cwd?: string, runner?: 'tsx' | 'node-strip', env?: Record<string, string>, conditions?: string[] }} [options]
 * @returns {{ examples: number, failures: { line: number, expected: string, actual: string, stderr: string }[] }}
 */
export function checkReadme(readmePath, options = {}) {
  const examples = extractExamples(readFileSync(readmePath, 'utf8'));
  const cwd = options.cwd ?? dirname(readmePath);
  const failures = [];
  for (const example of examples) {
    const r = runExample(example, { ...options, cwd });
    const actual = r.stdout.replace(/\n$/, '');
    if (r.status !== 0 || actual !== example.expected) failures.push({ line: example.line, expected: example.expected, actual, stderr: r.stderr.slice(-4000) });
  }
  rmSync(join(cwd, '.readme-examples'), { recursive: true, force: true });
  return { examples: examples.length, failures };
}

/** A readable account of a failure: the lines that differ. */
export function describeFailure(readmePath, f) {
  const e = f.expected.split('\n');
  const a = f.actual.split('\n');
  const diff = [];
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) diff.push(`  line ${i + 1}:\n    README: ${e[i] ?? '(nothing)'}\n    prints: ${a[i] ?? '(nothing)'}`);
  }
  return `${readmePath}: the example at line ${f.line} does not print what the README shows\n${diff.slice(0, 12).join('\n')}${f.stderr ? `\n  stderr:\n${f.stderr}` : ''}`;
}

const invoked = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const argv = process.argv.slice(2);
  const files = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const opt = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  let failed = 0;
  for (const f of files) {
    const path = resolve(f);
    const { examples, failures } = checkReadme(path, { cwd: opt('cwd') ? resolve(opt('cwd')) : dirname(path), runner: opt('runner') ?? 'tsx' });
    for (const x of failures) console.error(describeFailure(f, x));
    console.log(`${f}: ${examples - failures.length} of ${examples} examples print what the README shows`);
    if (examples === 0) console.error(`${f}: no runnable example (a \`\`\`ts block followed by "prints" and a block)`);
    failed += failures.length + (examples === 0 ? 1 : 0);
  }
  process.exitCode = failed ? 1 : 0;
}


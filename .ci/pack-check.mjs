#!/usr/bin/env node
/**
 * What a user of the registry gets: pack every publishable package (pnpm pack: the prepack build
 * runs, workspace ranges are rewritten), check each tarball (LICENSE, README, dist, no sources, no
 * workspace or internal dependency, publint, @arethetypeswrong/cli), then install the tarballs into
 * fresh projects outside the workspace (ESM, CommonJS, TypeScript with module nodenext and with
 * moduleResolution bundler) and run every README example there, on the installed packages.
 *
 * Then the CLI (examples/reference-app, the `shopper-spectrum` package): its tarball (bin, worker,
 * dashboard files, no sources, no workspace ranges, publint), installed with the five library
 * tarballs by plain npm in an empty directory, where `npx shopper-spectrum` runs --help, analyze on
 * the embedded synthetic log (its files checked, the evaluation worker running from dist/), the
 * "Dashboard:" line analyze prints run as printed, and serve (GET /api/health and /, then SIGTERM).
 *
 *   node .ci/pack-check.mjs            (after `pnpm build`; needs the npm registry)
 *
 * Exits 1 on the first failed check, saying which.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const work = mkdtempSync(join(tmpdir(), 'ss-pack-'));
const packs = join(work, 'packs');
mkdirSync(packs);
const PNPM = ['-y', 'pnpm@10'];
let failures = 0;
const fail = (what) => {
  failures++;
  console.error(`✗ ${what}`);
};
const ok = (what) => console.log(`✓ ${what}`);
const sh = (cmd, args, cwd, opts = {}) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26, ...opts });

// ---- pack ---------------------------------------------------------------------------------------
const pkgDirs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')) && !JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).private);
const tarballs = {};
for (const dir of pkgDirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  sh('npx', [...PNPM, 'pack', '--pack-destination', packs], dir);
  const file = readdirSync(packs).find((f) => f === `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`);
  if (!file) {
    fail(`${pkg.name}: pnpm pack wrote no tarball`);
    continue;
  }
  tarballs[pkg.name] = join(packs, file);
}

// ---- each tarball -------------------------------------------------------------------------------
for (const [name, tgz] of Object.entries(tarballs)) {
  const list = sh('tar', ['-tzf', tgz], work).trim().split('\n');
  const has = (p) => list.includes(`package/${p}`);
  if (!has('LICENSE')) fail(`${name}: no LICENSE in the tarball`);
  if (!has('README.md')) fail(`${name}: no README.md in the tarball`);
  if (!list.some((p) => p.startsWith('package/dist/'))) fail(`${name}: no dist/ in the tarball`);
  if (list.some((p) => p.startsWith('package/src/'))) fail(`${name}: src/ is published as well as the source maps' embedded sources`);
  const manifest = JSON.parse(sh('tar', ['-xzOf', tgz, 'package/package.json'], work));
  const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
  for (const [d, range] of Object.entries(deps)) {
    if (String(range).startsWith('workspace:')) fail(`${name}: dependency ${d} keeps the range ${range}`);
    if (d === '@shopper-spectrum/internal') fail(`${name}: depends on the private internal package (it must be bundled)`);
  }
  if (JSON.stringify(manifest.exports).includes('@shopper-spectrum/source')) fail(`${name}: the published exports keep the source condition`);
  for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'engines', 'license']) if (!manifest[field]) fail(`${name}: package.json has no ${field}`);
  const maps = list.filter((p) => p.endsWith('.js.map'));
  for (const m of maps.slice(0, 1)) {
    const map = JSON.parse(sh('tar', ['-xzOf', tgz, m], work));
    if (!map.sourcesContent || map.sourcesContent.some((c) => c == null)) fail(`${name}: ${m} does not embed its sources`);
  }
  ok(`${name}: ${basename(tgz)} (${list.length} files) has LICENSE, README, dist, embedded sources, no workspace ranges`);
}

// publint and arethetypeswrong, from the registry, in a tool project of their own
const tools = join(work, 'tools');
mkdirSync(tools);
writeFileSync(join(tools, 'package.json'), '{"name":"tools","private":true}');
sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'publint@0', '@arethetypeswrong/cli@0'], tools);
for (const [name, tgz] of Object.entries(tarballs)) {
  try {
    const out = sh(join(tools, 'node_modules/.bin/publint'), [tgz, '--strict'], tools);
    ok(`${name}: publint${out.includes('All good') ? ': all good' : ''}`);
  } catch (e) {
    fail(`${name}: publint\n${e.stdout}${e.stderr}`);
  }
  try {
    // ESM-only consumers of node10 resolution are not supported (engines >= 20): ignore that profile
    sh(join(tools, 'node_modules/.bin/attw'), [tgz, '--profile', 'node16', '--format', 'ascii'], tools);
    ok(`${name}: arethetypeswrong (node16 CJS + ESM, bundler)`);
  } catch (e) {
    fail(`${name}: arethetypeswrong\n${e.stdout}${e.stderr}`);
  }
}

// ---- fresh projects -----------------------------------------------------------------------------
// the optional peer dependencies the packages declare (exceljs, the mljs libraries), at their ranges
const peers = [
  ...new Set(
    Object.values(tarballs).flatMap((tgz) =>
      Object.entries(JSON.parse(sh('tar', ['-xzOf', tgz, 'package/package.json'], work)).peerDependencies ?? {})
        .filter(([d]) => !d.startsWith('@shopper-spectrum/'))
        .map(([d, range]) => `${d}@${range}`),
    ),
  ),
];
const project = (name, pkg, extra = []) => {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, ...pkg }, null, 2));
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.values(tarballs), ...peers, ...extra], dir);
  return dir;
};

// ESM: every README example of every package (and the root README's), on the installed packages
const esm = project('consumer-esm', { type: 'module' }, ['esbuild@~0.27.7']);
const readmes = [...pkgDirs.map((d) => join(d, 'README.md'))];
for (const readme of readmes) {
  try {
    const out = sh(process.execPath, [join(root, 'scripts/readme-examples.mjs'), readme, '--cwd', esm, '--runner', 'node-strip'], esm, { env: { ...process.env, SHOPPER_SPECTRUM_DATA_DIR: resolve(root, '../shared/data') } });
    ok(`ESM project: ${out.trim()}`);
  } catch (e) {
    fail(`ESM project: README examples of ${readme}\n${e.stdout}${e.stderr}`);
  }
}

// CommonJS: require every entry; errors of two packages are both ShopperSpectrumError
const cjs = project('consumer-cjs', { type: 'commonjs' });
const entries = Object.entries(tarballs).flatMap(([name]) => {
  const manifest = JSON.parse(readFileSync(join(cjs, 'node_modules', name, 'package.json'), 'utf8'));
  return Object.keys(manifest.exports ?? { '.': 1 }).filter((k) => k !== './package.json').map((k) => (k === '.' ? name : `${name}/${k.slice(2)}`));
});
writeFileSync(
  join(cjs, 'check.cjs'),
  `const assert = require('node:assert');
const entries = ${JSON.stringify(entries)};
for (const e of entries) { const m = require(e); assert.ok(Object.keys(m).length > 0, e + ' exports nothing'); }
const core = require('@shopper-spectrum/core');
const cluster = require('@shopper-spectrum/cluster');
let caught;
try { cluster.kmeans([[1], [2]], { k: 3 }); } catch (e) { caught = e; }
assert.ok(caught instanceof core.ShopperSpectrumError, 'a cluster error is a ShopperSpectrumError for core');
assert.ok(core.isShopperSpectrumError(caught) && caught.code === 'INVALID_K');
const { table } = core.parseTransactionsCsv(core.generateTransactionsCsv({ seed: 1, customers: 30 }));
assert.ok(table.length > 0);
console.log('required ' + entries.length + ' entries; one error base across packages');
`,
);
try {
  ok(`CommonJS project: ${sh(process.execPath, ['check.cjs'], cjs).trim()}`);
} catch (e) {
  fail(`CommonJS project\n${e.stdout}${e.stderr}`);
}

// TypeScript: the declarations type-check under nodenext and bundler resolution
const imports = entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n');
const uses = `${entries.map((_, i) => `m${i}`).join(', ')}`;
const tsSource = `${imports}
import { parseTransactionsCsv, generateTransactionsCsv, isShopperSpectrumError } from '@shopper-spectrum/core';
import { rfmTable } from '@shopper-spectrum/rfm';
const { table } = parseTransactionsCsv(generateTransactionsCsv({ seed: 1, customers: 30 }));
const rfm = rfmTable(table);
const n: number = rfm.length;
const e: unknown = new Error('x');
const guarded: boolean = isShopperSpectrumError(e) ? e.code.length > 0 : false;
console.log(n, guarded, [${uses}].length);
`;
for (const [name, compilerOptions] of [
  ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }],
  ['bundler', { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }],
]) {
  const dir = project(`consumer-ts-${name}`, { type: 'module' }, ['typescript@~5.9.3', '@types/node@^20']);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, types: ['node'] }, include: ['index.ts'] }, null, 2));
  writeFileSync(join(dir, 'index.ts'), tsSource);
  try {
    sh(join(dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir);
    ok(`TypeScript project (${name}): every entry's declarations type-check (skipLibCheck off)`);
  } catch (e) {
    fail(`TypeScript project (${name})\n${e.stdout}${e.stderr}`);
  }
}

// ---- the CLI: the shopper-spectrum package from its tarball, with only Node and npm ------------
const appDir = join(root, 'examples/reference-app');
const app = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
sh('npx', [...PNPM, 'pack', '--pack-destination', packs], appDir);
const cliTgz = join(packs, `${app.name}-${app.version}.tgz`);
if (!existsSync(cliTgz)) fail(`${app.name}: pnpm pack wrote no tarball`);
else await checkCli(cliTgz);

/** The CLI's tarball, then the commands a user types after `npm install` of the six tarballs in an empty directory. */
async function checkCli(tgz) {
  const list = sh('tar', ['-tzf', tgz], work).trim().split('\n');
  const missing = ['LICENSE', 'README.md', 'dist/cli.js', 'dist/evaluateWorker.js', 'public/index.html', 'public/app.js', 'public/style.css'].filter((p) => !list.includes(`package/${p}`));
  if (missing.length) fail(`${app.name}: the tarball lacks ${missing.join(', ')}`);
  if (list.some((p) => /^package\/(src|test)\//.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts')))) fail(`${app.name}: sources or tests are published`);
  const manifest = JSON.parse(sh('tar', ['-xzOf', tgz, 'package/package.json'], work));
  if (manifest.private) fail(`${app.name}: package.json is private`);
  if (manifest.bin?.['shopper-spectrum']?.replace(/^\.\//, '') !== 'dist/cli.js') fail(`${app.name}: bin is ${JSON.stringify(manifest.bin)}, not shopper-spectrum: dist/cli.js`);
  if (!sh('tar', ['-xzOf', tgz, 'package/dist/cli.js'], work).startsWith('#!/usr/bin/env node\n')) fail(`${app.name}: dist/cli.js does not start with #!/usr/bin/env node`);
  if (manifest.license !== 'MIT' || !/^>=\s*20/.test(manifest.engines?.node ?? '')) fail(`${app.name}: license ${manifest.license}, engines.node ${manifest.engines?.node} (want MIT, >=20)`);
  for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'description']) if (!manifest[field]) fail(`${app.name}: package.json has no ${field}`);
  const deps = manifest.dependencies ?? {};
  for (const [d, range] of Object.entries(deps)) if (String(range).startsWith('workspace:')) fail(`${app.name}: dependency ${d} keeps the range ${range}`);
  for (const d of ['tsx', 'typescript', 'vitest', 'playwright-core']) if (deps[d]) fail(`${app.name}: ${d} is a run-time dependency`);
  const notDepended = Object.keys(tarballs).filter((d) => !deps[d]);
  if (notDepended.length) fail(`${app.name}: does not depend on ${notDepended.join(', ')} (they must be dependencies, not bundled)`);
  try {
    sh(join(tools, 'node_modules/.bin/publint'), [tgz, '--strict'], tools);
    ok(`${app.name}: ${basename(tgz)} (${list.length} files): bin dist/cli.js, the worker, the dashboard files, no sources, versioned dependencies, publint`);
  } catch (e) {
    fail(`${app.name}: publint\n${e.stdout}${e.stderr}`);
  }

  // the libraries are not on the registry: npm installs the six tarballs together, the rest from
  // the registry; the commands then run in a shell's environment (no package manager's variables)
  const user = join(work, 'cli-user');
  mkdirSync(user);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'INIT_CWD' && !/^(npm_|pnpm_)/i.test(k)));
  const t0 = performance.now();
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.values(tarballs), tgz], user, { env });
  // npx must find the installed bin, never fetch a package of that name from the registry
  if (!existsSync(join(user, 'node_modules/.bin/shopper-spectrum'))) return fail(`${app.name}: npm install made no node_modules/.bin/shopper-spectrum`);
  ok(`${app.name}: npm install of the six tarballs in an empty directory (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const cli = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: user, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26, timeout: 120_000 });
    return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? r.error.message : ''}${r.signal ? ` (ended by ${r.signal})` : ''}` };
  };
  const npx = (...args) => ({ line: `npx shopper-spectrum ${args.join(' ')}`, ...cli('npx', ['shopper-spectrum', ...args]) });

  const help = npx('--help');
  if (help.code !== 0 || !help.stdout.includes('npx shopper-spectrum analyze [options]')) fail(`${help.line}: exit ${help.code}, usage lines not in the npx form\n${help.stdout}${help.stderr}`);
  else ok(`${help.line}: exit 0; its usage lines say npx shopper-spectrum`);
  const analyzeHelp = npx('analyze', '--help');
  if (analyzeHelp.code !== 0 || !analyzeHelp.stdout.startsWith('Usage: npx shopper-spectrum analyze') || !analyzeHelp.stdout.includes('--clusterer')) fail(`${analyzeHelp.line}: exit ${analyzeHelp.code}\n${analyzeHelp.stdout}${analyzeHelp.stderr}`);
  else ok(`${analyzeHelp.line}: exit 0`);

  const flags = ['--out', 'out', '--customers', '300', '--k', '2', '--models', 'popularity'];
  const quiet = npx('analyze', ...flags.slice(0, 2), '--quiet', ...flags.slice(2));
  try {
    if (quiet.code !== 0 || quiet.stdout !== '') throw new Error(`exit ${quiet.code}\n${quiet.stdout}${quiet.stderr}`);
    const summary = JSON.parse(readFileSync(join(user, 'out/analysis.json'), 'utf8'));
    const absent = summary.artifacts.filter((f) => !existsSync(join(user, 'out', f)));
    if (absent.length) throw new Error(`listed but not written: ${absent.join(', ')}`);
    for (const f of ['report.html', 'summary.md', 'rfm.csv', 'models/segment-model.json', 'models/item-knn.ssrm', 'charts/sales-trend.svg']) if (!summary.artifacts.includes(f)) throw new Error(`${f} not written`);
    if (!(summary.rows.kept > 0) || summary.segments.length !== 2 || summary.evaluation.length === 0) throw new Error(`${summary.rows.kept} rows kept, ${summary.segments.length} segments, ${summary.evaluation.length} evaluation rows`);
    if (!/^<svg[\s\S]*<\/svg>\s*$/.test(readFileSync(join(user, 'out/charts/sales-trend.svg'), 'utf8'))) throw new Error('charts/sales-trend.svg is not an SVG (vega did not render)');
    ok(`${quiet.line}: exit 0, nothing on stdout, ${summary.artifacts.length} files (${summary.rows.kept} rows kept, ${summary.segments.length} segments)`);
  } catch (e) {
    fail(`${quiet.line}: ${e.message}`);
  }
  // --json: stdout is one JSON document, nothing of npx's around it
  const json = npx('analyze', '--out', 'out-json', '--customers', '120', '--k', '2', '--models', 'popularity', '--json');
  try {
    if (json.code !== 0) throw new Error(`exit ${json.code}`);
    const doc = JSON.parse(json.stdout);
    if (doc.rows.loaded !== doc.rows.kept + doc.rows.rejected) throw new Error('rows do not add up');
    ok(`${json.line}: stdout is one JSON document`);
  } catch (e) {
    fail(`${json.line}: ${e.message}\n${json.stdout.slice(0, 500)}${json.stderr}`);
  }
  // the lines analyze prints for the next step, and the evaluation in dist/evaluateWorker.js
  const loud = npx('analyze', ...flags);
  const dashboard = /^Dashboard: (.*)$/m.exec(loud.stdout)?.[1];
  if (loud.code !== 0 || dashboard !== 'npx shopper-spectrum serve --artifacts out') fail(`${loud.line}: the next step is ${JSON.stringify(dashboard)}, not "npx shopper-spectrum serve --artifacts out" (exit ${loud.code})\n${loud.stdout}${loud.stderr}`);
  else ok(`${loud.line}: prints "Dashboard: ${dashboard}"`);
  if (!/Your own data: npx shopper-spectrum analyze --data /.test(loud.stdout)) fail(`${loud.line}: the "Your own data" line is not in the npx form\n${loud.stdout}`);
  if (!/evaluate: .*in a worker thread/.test(loud.stderr)) fail(`${loud.line}: the evaluation did not run in a worker thread (dist/evaluateWorker.js)\n${loud.stderr}`);
  else ok(`${loud.line}: the evaluation ran in a worker thread (dist/evaluateWorker.js)`);

  // serve: the printed line as printed (in a shell; port 3000 when free), npx with --port 0, and
  // the bin itself (whose own exit on SIGTERM npx does not pass on)
  if (dashboard?.startsWith('npx shopper-spectrum ')) {
    const free = await portFree(3000);
    const line = free ? dashboard : `${dashboard} --port 0`;
    await serveCheck(`sh -c '${line}'${free ? ' (as printed)' : ' (as printed plus --port 0: port 3000 is taken here)'}`, 'sh', ['-c', line]);
  }
  await serveCheck('npx shopper-spectrum serve --artifacts out --port 0', 'npx', ['shopper-spectrum', 'serve', '--artifacts', 'out', '--port', '0']);
  await serveCheck('node_modules/.bin/shopper-spectrum serve --artifacts out --port 0', join(user, 'node_modules/.bin/shopper-spectrum'), ['serve', '--artifacts', 'out', '--port', '0'], true);
  ok(`${app.name}: the CLI checks took ${((performance.now() - t0) / 1000).toFixed(0)} s from npm install`);

  /**
   * Starts serve, waits for its "Dashboard: http://..." line, GETs /api/health, / and /app.js,
   * stops it with SIGTERM and waits until nothing answers on its port. `graceful`: the process is
   * serve itself, which must exit 0 (npx and sh end by the signal before serve has closed).
   */
  async function serveCheck(label, cmd, args, graceful = false) {
    // a process group of its own, so that SIGTERM reaches serve through sh and npx
    const child = spawn(cmd, args, { cwd: user, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    try {
      const url = await Promise.race([
        new Promise((found) =>
          child.stdout.on('data', (d) => {
            out += d;
            const m = /Dashboard: (http:\/\/[^/\s]+)\//.exec(out);
            if (m) found(m[1]);
          }),
        ),
        exited.then(({ code, signal }) => Promise.reject(new Error(`exited (${code ?? signal}) before listening`))),
        new Promise((_, late) => setTimeout(() => late(new Error('no "Dashboard: http://..." line within 30 s')), 30_000).unref()),
      ]);
      for (const path of ['/api/health', '/', '/app.js']) {
        const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
        if (path === '/api/health' && JSON.parse(body).status !== 'ok') throw new Error(`GET /api/health: ${body.slice(0, 300)}`);
        if (path === '/' && !/^<!doctype html>/i.test(body)) throw new Error('GET / is not the dashboard page');
      }
      const stopping = performance.now();
      process.kill(-child.pid, 'SIGTERM');
      const how = await Promise.race([exited, new Promise((late) => setTimeout(() => late(null), 10_000).unref())]);
      if (how === null) throw new Error('still running 10 s after SIGTERM');
      if (graceful ? how.code !== 0 : how.code !== 0 && how.signal !== 'SIGTERM') throw new Error(`SIGTERM ended it with ${how.signal ?? `exit ${how.code}`}${graceful ? ', not a graceful exit 0' : ''}`);
      // serve's own process has ended too (through sh and npx, it closes a moment after they end)
      let answering = true;
      for (let i = 0; i < 50 && answering; i++) {
        answering = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
        if (answering) await new Promise((later) => setTimeout(later, 200));
      }
      if (answering) throw new Error(`${url} still answers 10 s after SIGTERM (an orphaned server process)`);
      ok(`${label}: ${url} answered /api/health, / and /app.js with 200; SIGTERM: ${how.code === 0 ? 'exit 0' : `ended by ${how.signal}`} in ${((performance.now() - stopping) / 1000).toFixed(1)} s`);
    } catch (e) {
      fail(`${label}: ${e.message}\n${out}${err}`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

/** Whether nothing listens on 127.0.0.1:port. */
function portFree(port) {
  return new Promise((answer) => {
    const probe = createServer();
    probe.once('error', () => answer(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => answer(true)));
  });
}

if (!process.env.KEEP_PACK_CHECK) rmSync(work, { recursive: true, force: true });
console.log(failures ? `pack check: ${failures} failure(s)` : 'pack check: every tarball installs and works outside the workspace');
process.exitCode = failures ? 1 : 0;

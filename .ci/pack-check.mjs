#!/usr/bin/env node
/**
 * What a user of the registry gets: pack every publishable package (pnpm pack: the prepack build
 * runs, workspace ranges are rewritten), check each tarball (LICENSE, README, dist, no sources, no
 * workspace or internal dependency, publint, @arethetypeswrong/cli), then install the tarballs into
 * fresh projects outside the workspace (ESM, CommonJS, TypeScript with module nodenext and with
 * moduleResolution bundler) and run every README example there, on the installed packages.
 *
 *   node .ci/pack-check.mjs            (after `pnpm build`; needs the npm registry)
 *
 * Exits 1 on the first failed check, saying which.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

if (!process.env.KEEP_PACK_CHECK) rmSync(work, { recursive: true, force: true });
console.log(failures ? `pack check: ${failures} failure(s)` : 'pack check: every tarball installs and works outside the workspace');
process.exitCode = failures ? 1 : 0;

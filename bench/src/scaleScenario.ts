/**
 * The scale benchmark: the same workflow (cleaning with its report, RFM + scores + business
 * segments, top 50 products, the customer x product interaction cells) in-process from CSV, pushed
 * down to DuckDB over Parquet, and pushed down to PostgreSQL over a table, on the real file and the
 * synthetic 10M / 100M logs (bench/src/scaleData.ts). Each (engine, data) runs in its own process, so
 * its wall time and peak RSS are its own (DuckDB runs inside the process, so its memory counts;
 * PostgreSQL's server memory does not, and is said so).
 *
 *   tsx --conditions=@shopper-spectrum/source bench/src/scaleScenario.ts [--sizes real,10M,100M] [--engines inprocess,duckdb,postgres] [--record]
 *   (or `pnpm bench -- --scale`, which records)
 *
 * PostgreSQL runs when SHOPPER_SPECTRUM_PG_URL is set (eval "$(bash .ci/postgres.sh start)"), not at
 * 100M (loading 100M rows into it takes longer than the rest of the benchmark). `--record` writes the
 * table between the scale markers of docs/scale.md.
 *   tsx ... bench/src/scaleScenario.ts child <engine> <file> [pgTable]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanTransactions, topProducts } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { buildInteractions } from '@shopper-spectrum/recommend';
import { BUSINESS_SEGMENTS, rfmScores, rfmTable, segmentRfm } from '@shopper-spectrum/rfm';
import type { CleanOptions } from '@shopper-spectrum/core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
/** The cleaning preset (SCALE_PRESET: trusted, the CLI's default, or notebook, strict). */
const CLEAN: CleanOptions = { preset: (process.env.SCALE_PRESET ?? 'trusted') as NonNullable<CleanOptions['preset']> };
/** DuckDB's memory_limit here (SCALE_DUCKDB_MEMORY_MB; 0 for DuckDB's default, 80% of the machine): past it DuckDB spills to disk. */
const DUCKDB_MEMORY_MB = Number(process.env.SCALE_DUCKDB_MEMORY_MB ?? 3072);

interface Outcome {
  engine: string;
  rows: number;
  kept: number;
  customers: number;
  stages: Record<string, number>;
  wallMs: number;
  maxRssBytes: number;
}

async function timed<T>(stages: Record<string, number>, name: string, f: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const v = await f();
  stages[name] = performance.now() - t;
  return v;
}

async function inProcess(file: string): Promise<Omit<Outcome, 'wallMs' | 'maxRssBytes'>> {
  const stages: Record<string, number> = {};
  const { table } = await timed(stages, 'load', () => loadTransactions(file));
  const cleaned = await timed(stages, 'clean + report', () => cleanTransactions(table, CLEAN));
  const rfm = await timed(stages, 'RFM + scores + segments', () => {
    const r = rfmTable(cleaned.table);
    segmentRfm(rfmScores(r), BUSINESS_SEGMENTS);
    return r;
  });
  await timed(stages, 'top 50 products', () => topProducts(cleaned.table, { limit: 50 }));
  await timed(stages, 'interaction cells', () => buildInteractions(cleaned.table));
  return { engine: 'in-process', rows: table.length, kept: cleaned.report.rowsKept, customers: rfm.length, stages };
}

async function pushdown(engineName: 'duckdb' | 'postgres', file: string, pgTable: string | undefined): Promise<Omit<Outcome, 'wallMs' | 'maxRssBytes'>> {
  const sqlPkg = await import('@shopper-spectrum/sql');
  const stages: Record<string, number> = {};
  const engine = await timed(stages, 'connect', async () =>
    engineName === 'duckdb'
      ? (await import('@shopper-spectrum/sql/duckdb')).openDuckDb({ threads: 2, memoryLimitMb: DUCKDB_MEMORY_MB, tempDirectory: join(tmpdir(), 'shopper-spectrum-bench', 'duckdb-spill') })
      : (await import('@shopper-spectrum/sql/postgres')).connectPostgres({ connectionString: process.env.SHOPPER_SPECTRUM_PG_URL! }),
  );
  const source = engineName === 'duckdb' ? sqlPkg.fileSource({ files: file }) : sqlPkg.tableSource({ table: pgTable!, orderBy: ['row_no'] });
  const resolved = await sqlPkg.resolveSource(engine, source);
  const report = await timed(stages, 'clean + report', () => sqlPkg.cleaningReport(engine, resolved, CLEAN));
  // the cleaned rows computed once into a temporary table: every aggregate below reads it
  const cleaned = await timed(stages, 'store cleaned rows', () => sqlPkg.materializeRelation(engine, sqlPkg.cleanedRelation(engine.dialect, resolved, CLEAN)));
  const rfm = await timed(stages, 'RFM + scores + segments', async () => {
    const r = await sqlPkg.sqlRfmScores(engine, cleaned);
    segmentRfm(r.scores, BUSINESS_SEGMENTS);
    return r.table;
  });
  await timed(stages, 'top 50 products', () => sqlPkg.sqlTopProducts(engine, cleaned, { limit: 50 }));
  await timed(stages, 'interaction cells', () => sqlPkg.sqlInteractions(engine, cleaned));
  await engine.close();
  return { engine: engineName === 'duckdb' ? 'DuckDB pushdown (Parquet)' : 'PostgreSQL pushdown (table)', rows: report.rowsIn, kept: report.rowsKept, customers: rfm.length, stages };
}

if (process.argv[2] === 'child') {
  const [, , , engine, file, pgTable] = process.argv as string[];
  const t = performance.now();
  const r = engine === 'inprocess' ? await inProcess(file!) : await pushdown(engine as 'duckdb' | 'postgres', file!, pgTable);
  console.log(JSON.stringify({ ...r, wallMs: performance.now() - t, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
} else {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return (i >= 0 ? process.argv[i + 1]! : fallback).split(',');
  };
  const sizes = arg('--sizes', 'real,10M,100M');
  const engines = arg('--engines', 'inprocess,duckdb,postgres');
  const { ensureRealParquet, ensureScaleData } = await import('./scaleData.js');
  const real = resolve(root, '../shared/data/online-retail.csv.gz');
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const child = (engine: string, file: string, pgTable?: string): Outcome =>
    JSON.parse(
      execFileSync(tsx, ['--max-old-space-size=20000', '--conditions=@shopper-spectrum/source', join(here, 'scaleScenario.ts'), 'child', engine, file, ...(pgTable ? [pgTable] : [])], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
        env: process.env,
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim().split('\n').at(-1)!,
    ) as Outcome;
  const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const out: string[] = [];
  const say = (line: string) => {
    console.log(line);
    out.push(line);
  };
  say(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; DuckDB memory_limit ${DUCKDB_MEMORY_MB || 'default'} MiB, 2 threads; cleaning preset ${CLEAN.preset}. Date: ${new Date().toISOString().slice(0, 10)}.`);
  say('');
  say('| data | engine | rows in | kept | customers | stages | wall | peak RSS |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const size of sizes) {
    const files = size === 'real' ? { csv: real, parquet: '' } : await ensureScaleData(size as '10M' | '100M');
    if (size === 'real' && !existsSync(real)) continue;
    for (const engine of engines) {
      let file = files.csv;
      let pgTable: string | undefined;
      if (engine === 'duckdb') file = size === 'real' ? await ensureRealParquet(real) : files.parquet;
      if (engine === 'postgres') {
        if (!process.env.SHOPPER_SPECTRUM_PG_URL || size === '100M') continue;
        const { loadPostgres } = await import('./scalePostgres.js');
        pgTable = await loadPostgres(size, size === 'real' ? real : files.csv);
      }
      const r = child(engine, file, pgTable);
      const stages = Object.entries(r.stages).map(([k, v]) => `${k} ${s(v)}`).join('; ');
      say(`| ${size} | ${r.engine} | ${r.rows.toLocaleString('en-GB')} | ${r.kept.toLocaleString('en-GB')} | ${r.customers.toLocaleString('en-GB')} | ${stages} | ${s(r.wallMs)} | ${mib(r.maxRssBytes)} |`);
    }
  }
  if (process.argv.includes('--record')) {
    const doc = join(root, 'docs/scale.md');
    const [start, end] = ['<!-- scale:start -->', '<!-- scale:end -->'];
    let text = readFileSync(doc, 'utf8');
    if (!text.includes(start) || !text.includes(end)) text = `${text.trimEnd()}\n\n${start}\n${end}\n`;
    text = `${text.slice(0, text.indexOf(start) + start.length)}\n${out.join('\n')}\n${text.slice(text.indexOf(end))}`;
    writeFileSync(doc, text);
    console.log(`Recorded in ${doc}`);
  }
}

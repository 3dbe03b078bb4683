#!/usr/bin/env node
/**
 * The `shopper-spectrum` command: `analyze` runs the whole workflow and writes artifacts, charts
 * and a report; `serve` serves the dashboard and JSON API over those artifacts.
 */
import { readFileSync, realpathSync } from 'node:fs';
import module from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadTransactionsOptions } from '@shopper-spectrum/core/node';
import type { DataSource } from './analyze.js';
// Only light modules here (Node built-ins, names, how the CLI was started): --help must not load the
// libraries, the charts or the server. A command's modules load with import() when it runs.
import { CLUSTERER_NAMES, DEFAULT_MODELS, EXIT, EXIT_HELP, MODEL_NAMES } from './cliConstants.js';
import type { ClustererName } from './cliConstants.js';
import type { Io } from './cliShared.js';
import { invocation, shellQuote } from './invocation.js';
import { parseAtRiskRule } from './atRiskRule.js';
import type { CustomerValueSummary } from './customerValue.js';

export { EXIT };

/**
 * The main help. Every usage line starts with `prefix`, the way the CLI was started here
 * (`commandPrefix()`), so that it runs as printed; in this repository it also names the demo script.
 */
export function mainHelp(prefix: string, inRepository: boolean): string {
  const lines = [
    [`${prefix} analyze [options]`, 'run the whole workflow, write artifacts, charts and a report'],
    [`${prefix} serve --artifacts <dir>`, "serve the dashboard and JSON API over analyze's output"],
    [`${prefix} <command> --help`, 'the options of a command'],
    [`${prefix} --version`, 'the version of this command'],
  ] as const;
  const width = Math.max(...lines.map(([l]) => l.length)) + 2;
  return `shopper-spectrum: customer segments and product recommendations from a transaction log

Usage:
${lines.map(([l, what]) => `  ${l.padEnd(width)}${what}`).join('\n')}
${inRepository ? `\n${prefix.replace(/ shopper-spectrum$/, ' demo')}: analyze on the embedded synthetic log, into ./out\n` : ''}
${EXIT_HELP}`;
}

/** The help of `analyze`, its usage line starting with `prefix` (as `mainHelp`). */
export const analyzeHelp = (prefix: string): string => `Usage: ${prefix} analyze [options]

Loads a log, cleans it, explores it, computes RFM and segments, chooses k, clusters (k-means and
agglomerative), fits recommenders, evaluates them on a temporal split, and writes everything to --out.

Options:
  --data <source>      a CSV, CSV.gz, XLSX or Parquet (.parquet) log (Online Retail or Online Retail II
                       columns, or --columns), duckdb:path.duckdb#table (or #schema.table), or a
                       PostgreSQL URL with a table or a query: postgres://user@host:5432/db#table (or
                       #schema.table), or postgres://user@host/db?query=SELECT%20... (URL-encoded).
                       The password comes from the URL or PGPASSWORD / PGPASSFILE and is never
                       printed. From DuckDB or PostgreSQL the engine reads, cleans (with the row
                       report) and computes the RFM table; only the cleaned rows (and, for the
                       cancellation figures, the rows as loaded) come to this process; the summary's
                       stages say what ran where. Needs the optional package @duckdb/node-api or pg
                       (exit 2 naming it when missing; exit 3 when the engine cannot be reached or
                       the login is refused; exit 4 for a missing table or column, or a timeout).
                       Default: the embedded synthetic log (seeded generator in @shopper-spectrum/core)
  --query-timeout <s>  DuckDB / PostgreSQL: seconds after which the engine stops a statement
                       (QUERY_TIMEOUT, exit 4); 0 for none (default 0)
  --out <dir>          output directory (default: out). Holds report.html, summary.md, analysis.json,
                       charts/*.svg, rfm.csv, eda/, models/ (the artifacts serve reads)
  --preset <name>      cleaning preset: trusted (default: cancellations netted against the orders they
                       cancel, exact duplicates dropped, non-product codes such as POST, M, BANK
                       CHARGES kept out of products), notebook (the Python notebooks' four rules, to
                       reproduce their figures) or strict (notebook + duplicates + non-product codes)
  --fees-in-spend      count the non-product lines (postage, fees) in customers' spend (monetary);
                       they stay out of product rankings and recommendations either way
  --columns <map>      column names of your file, field=column,...: invoiceNo, stockCode, description,
                       quantity, invoiceDate, unitPrice, customerId, country, amount. With amount,
                       customerId and invoiceDate only (e.g. CDNOW:
                       customerId=customer_id,invoiceDate=date,amount=dollar_value,quantity=number_of_cds)
                       the log is read as customer, date and amount: RFM, segments and clusters run,
                       product stages are skipped and the summary says why
  --delimiter <c>      field separator, one character, 'tab', or 'auto' (default: told from the header among , ; tab |)
  --decimal-comma      numbers are written with decimal commas (2,55), as European exports are
  --date-format <f>    auto (default: ISO, or slash dates day- or month-first as the values prove),
                       iso, mdy, dmy, or a date-fns pattern such as dd.MM.yyyy HH:mm
  --encoding <e>       auto (default), utf-8, windows-1252, latin1, utf-16le or utf-16be
  --sheet <name|n>     XLSX only: the worksheet, by name or 1-based position (default: the first
                       sheet, or the next one with data when the first is empty)
  --date-range <a..b>  the plausible dates, YYYY-MM-DD..YYYY-MM-DD (either side may be empty); rows
                       outside are rejected (default 1990-01-01.. the day after today)
  --k <n>              number of clusters, 2 to 10 (default 4); the summary says what the indices
                       (elbow, silhouette) suggest next to it
  --currency <code>    the ISO 4217 currency of the log's prices, for every money figure of the
                       summary, the report and its charts (default GBP, Online Retail's)
  --cutoff <date>      temporal split for the evaluation, YYYY-MM-DD (default: the first day of the
                       month three months before the last transaction: 2011-09-01 on Online Retail)
  --models <list>      recommenders to evaluate, comma-separated, from:
                       ${MODEL_NAMES.join(', ')}, or a kind a --plugin registers
                       (default: ${DEFAULT_MODELS.join(',')}; learned-ranker adds about
                       15 s on Online Retail; sansa is the sparse EASE for catalogues too large
                       for a dense one)
  --plugin <file>      an ES module whose default export is a recommender definition (or an array of
                       them; see the recommend README): its kind can then be named in --models, and
                       it is evaluated, saved and served like a built-in. Repeatable
  --at-risk <rule>     how the business labels decide At-Risk: rfm (default: recency quintile score
                       1 or 2) or 'p-alive<t' (quoted: the fitted BG/NBD's P(alive) below t, a
                       decimal strictly between 0 and 1, e.g. 'p-alive<0.5'). With p-alive, the
                       others are labelled by frequency and spend as recent customers are
                       (High-Value, Regular, Occasional), those first seen on the last day keep the
                       RFM label, and a log the models cannot fit falls back to rfm (the summary
                       says so); rfm.csv, the segment files, the report and the dashboard all
                       use the resulting labels
  --clusterer <name>   the algorithm that makes the segments: ${CLUSTERER_NAMES.join(', ')}
                       (default kmeans; ml-kmeans and ml-hclust are the mljs libraries, optional
                       peer dependencies of @shopper-spectrum/cluster)
  --seed <n>           seed for the generator and every randomised step (default 42)
  --customers <n>      size of the synthetic log, in customers (default 4000; ignored with --data)
  --json               print one JSON document (the analysis summary) on stdout; progress on stderr
  --quiet              no progress output
  --help               this text

${EXIT_HELP}`;

/**
 * The process's I/O. Relative paths start where the user stands: the working directory, or, when
 * a pnpm script of this repository runs the CLI (pnpm moves to the package's directory),
 * `INIT_CWD`, the directory pnpm was started in. An installed package's relative paths are the
 * working directory's even inside a package script that changed it (`cd data && shopper-spectrum ...`).
 */
const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, cwd: (invocation().kind === 'repository' ? process.env.INIT_CWD : undefined) ?? process.cwd() });

/** Runs the CLI with the given arguments; resolves to the exit code (serve resolves when listening). */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const command = args[0];
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${currentMainHelp()}\n`);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout.write(`shopper-spectrum ${appVersion()}\n`);
    return EXIT.ok;
  }
  if (command === 'analyze') return runAnalyze(args.slice(1), io);
  if (command === 'serve') return (await import('./serveCommand.js')).runServe(args.slice(1), io);
  io.stderr.write(`Unknown command ${JSON.stringify(command)}: expected analyze or serve.\n\n${currentMainHelp()}\n`);
  return EXIT.usage;
}

/** This app's version, from its package.json (one level above src/ and dist/ alike). */
function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function currentMainHelp(): string {
  const { kind, prefix } = invocation();
  return mainHelp(prefix, kind === 'repository');
}

const FIELDS = ['invoiceNo', 'stockCode', 'description', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country', 'amount'] as const;
const ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be'] as const;

/** The loading flags as parsing options, or the usage message for a bad one. */
export function parseLoadFlags(values: { columns?: string | undefined; delimiter?: string | undefined; 'date-format'?: string | undefined; encoding?: string | undefined; 'date-range'?: string | undefined; 'decimal-comma'?: boolean | undefined; sheet?: string | undefined }): LoadTransactionsOptions | string {
  const out: { -readonly [K in keyof LoadTransactionsOptions]: LoadTransactionsOptions[K] } = {};
  if (values.columns !== undefined) {
    const mapping: Record<string, string> = {};
    for (const part of values.columns.split(',').map((x) => x.trim()).filter(Boolean)) {
      const eq = part.indexOf('=');
      const field = part.slice(0, eq).trim();
      const column = part.slice(eq + 1).trim();
      if (eq <= 0 || column === '') return `--columns takes field=column pairs separated by commas, got ${JSON.stringify(part)}`;
      if (!(FIELDS as readonly string[]).includes(field)) return `--columns: unknown field ${JSON.stringify(field)}; allowed: ${FIELDS.join(', ')}`;
      mapping[field] = column;
    }
    if (Object.keys(mapping).length === 0) return '--columns needs at least one field=column pair';
    out.columns = mapping;
  }
  if (values.delimiter !== undefined) {
    const d = values.delimiter === 'tab' || values.delimiter === '\\t' ? '\t' : values.delimiter;
    if (d !== 'auto' && (d.length !== 1 || d === '"' || d === '\n' || d === '\r')) return `--delimiter must be one character, 'tab' or 'auto', other than a quote or a line break, got ${JSON.stringify(values.delimiter)}`;
    out.delimiter = d;
  }
  if (values['decimal-comma'] === true) {
    if (out.delimiter === ',') return "--decimal-comma needs a separator other than ',' (--delimiter ';', or leave it to auto)";
    out.decimalSeparator = ',';
  }
  const df = values['date-format'];
  if (df !== undefined) {
    if (df === 'auto' || df === 'iso' || df === 'mdy' || df === 'dmy') out.dateFormat = df;
    else if (/y/.test(df) && /M/.test(df) && /d/.test(df)) out.dateFormat = { pattern: df };
    else return `--date-format must be auto, iso, mdy, dmy or a date-fns pattern such as dd.MM.yyyy HH:mm, got ${JSON.stringify(df)}`;
  }
  if (values.encoding !== undefined) {
    if (!(ENCODINGS as readonly string[]).includes(values.encoding)) return `--encoding must be one of ${ENCODINGS.join(', ')}, got ${JSON.stringify(values.encoding)}`;
    out.encoding = values.encoding as (typeof ENCODINGS)[number];
  }
  if (values.sheet !== undefined) {
    const sheet = values.sheet.trim();
    if (sheet === '' || sheet.length > 31) return `--sheet takes a worksheet name (1 to 31 characters) or a 1-based position, got ${JSON.stringify(values.sheet)}`;
    out.sheet = /^\d+$/.test(sheet) ? Number(sheet) : sheet;
    if (out.sheet === 0) return `--sheet positions start at 1, got ${JSON.stringify(values.sheet)}`;
  }
  const range = values['date-range'];
  if (range !== undefined) {
    const m = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$/.exec(range.trim());
    if (!m || (!m[1] && !m[2]) || [m[1], m[2]].some((d) => d !== undefined && Number.isNaN(Date.parse(d)))) return `--date-range must be YYYY-MM-DD..YYYY-MM-DD (either side may be empty), got ${JSON.stringify(range)}`;
    if (m[1] && m[2] && m[2] < m[1]) return `--date-range ends before it starts: ${JSON.stringify(range)}`;
    out.dateRange = { ...(m[1] ? { from: m[1] } : {}), ...(m[2] ? { to: m[2] } : {}) };
  }
  return out;
}

async function runAnalyze(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        'query-timeout': { type: 'string', default: '0' },
        out: { type: 'string', default: 'out' },
        preset: { type: 'string', default: 'trusted' },
        'fees-in-spend': { type: 'boolean', default: false },
        columns: { type: 'string' },
        delimiter: { type: 'string' },
        'decimal-comma': { type: 'boolean', default: false },
        'date-format': { type: 'string' },
        encoding: { type: 'string' },
        sheet: { type: 'string' },
        'date-range': { type: 'string' },
        k: { type: 'string' },
        currency: { type: 'string', default: 'GBP' },
        cutoff: { type: 'string' },
        models: { type: 'string', default: DEFAULT_MODELS.join(',') },
        plugin: { type: 'string', multiple: true, default: [] },
        seed: { type: 'string', default: '42' },
        clusterer: { type: 'string', default: 'kmeans' },
        'at-risk': { type: 'string', default: 'rfm' },
        customers: { type: 'string', default: '4000' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return (await import('./cliShared.js')).usage(io, (error as Error).message);
  }
  const { prefix } = invocation();
  if (values.help) {
    io.stdout.write(`${analyzeHelp(prefix)}\n`);
    return EXIT.ok;
  }
  // the analysis and its libraries start loading now, while the flags are checked (a usage error
  // still prints without waiting for them); the checks need the shared helpers (and, for --models,
  // the registry a --plugin adds to)
  const modules = Promise.all([import('./analyze.js'), import('./progress.js'), import('./errors.js'), import('./dataSource.js')]);
  modules.catch(() => undefined); // a failure is reported where the modules are awaited
  const { intFlag, resolvePlugins, unreadable, usage } = await import('./cliShared.js');
  const preset = values.preset;
  if (preset !== 'trusted' && preset !== 'notebook' && preset !== 'strict') return usage(io, `--preset must be trusted, notebook or strict, got ${JSON.stringify(preset)}`);
  const parsing = parseLoadFlags(values);
  if (typeof parsing === 'string') return usage(io, parsing);
  if (!(CLUSTERER_NAMES as readonly string[]).includes(values.clusterer)) return usage(io, `--clusterer must be one of ${CLUSTERER_NAMES.join(', ')}, got ${JSON.stringify(values.clusterer)}`);
  const clusterer = values.clusterer as ClustererName;
  const atRisk = parseAtRiskRule(values['at-risk']);
  if ('message' in atRisk) return usage(io, atRisk.message);
  const k = intFlag(values.k ?? '4', 'k', 2, 10);
  if (typeof k === 'string') return usage(io, k);
  const currency = values.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) return usage(io, `--currency must be an ISO 4217 currency code such as GBP, EUR or USD, got ${JSON.stringify(values.currency)}`);
  const seed = intFlag(values.seed, 'seed', 0, 2 ** 31 - 1);
  if (typeof seed === 'string') return usage(io, seed);
  const customers = intFlag(values.customers, 'customers', 10, 10_000_000);
  if (typeof customers === 'string') return usage(io, customers);
  if (values.cutoff !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(values.cutoff) || Number.isNaN(Date.parse(values.cutoff)))) {
    return usage(io, `--cutoff must be a date YYYY-MM-DD, got ${JSON.stringify(values.cutoff)}`);
  }
  const plugins = await resolvePlugins(values.plugin, io);
  if (typeof plugins === 'number') return plugins;
  const models = values.models.split(',').map((s) => s.trim()).filter(Boolean);
  const known = (await import('./recommenders.js')).modelNames();
  const unknown = models.filter((m) => !known.includes(m));
  if (unknown.length || models.length === 0) return usage(io, `--models: unknown ${JSON.stringify(unknown.join(','))}; allowed: ${known.join(', ')}${values.plugin.length ? '' : ' (or a kind a --plugin registers)'}`);
  const queryTimeout = Number(values['query-timeout']);
  if (!(values['query-timeout'].trim() !== '' && Number.isFinite(queryTimeout) && queryTimeout >= 0 && queryTimeout <= 86_400)) return usage(io, `--query-timeout must be a number of seconds from 0 (none) to 86400, got ${JSON.stringify(values['query-timeout'])}`);
  let source: DataSource = { seed, customers };
  if (values.data !== undefined) {
    // --data: a file (CSV, CSV.gz, XLSX, Parquet), duckdb:path#table or a PostgreSQL URL (dataSource.ts)
    const { parseDataArgument, describeSpec } = await import('./dataSource.js');
    let spec;
    try {
      spec = parseDataArgument(values.data, io.cwd);
    } catch (error) {
      return usage(io, (error as Error).message);
    }
    const file = spec.kind === 'file' || spec.kind === 'parquet' || spec.kind === 'duckdb' ? spec.path : null;
    const problem = file === null ? null : unreadable(file);
    if (problem) {
      io.stderr.write(`Cannot read --data ${JSON.stringify(spec.kind === 'duckdb' ? describeSpec(spec) : values.data)}: ${problem} (looked at ${file}).\n`);
      return EXIT.missingFile;
    }
    source = spec.kind === 'file' ? { file: spec.path } : { spec };
  }
  const out = resolve(io.cwd, values.out);
  const [{ analyze, ANALYZE_STAGES }, { Progress }, { cliMessage, exitCodeOf }, { engineExitCode }] = await modules;
  const progress = new Progress(values.quiet ? null : io.stderr, ANALYZE_STAGES.length);
  try {
    const result = await analyze({ source, preset, k, kAsked: values.k !== undefined, currency, seed, clusterer, atRisk, plugins, parsing, feesInSpend: values['fees-in-spend'], models, out, queryTimeoutMs: Math.round(queryTimeout * 1000), ...(values.cutoff ? { cutoff: values.cutoff } : {}) }, progress);
    if (values.json) io.stdout.write(`${JSON.stringify(result.summary, null, 1)}\n`);
    else if (!values.quiet) {
      const s = result.summary;
      io.stdout.write(
        [
          `\n${s.source}: ${s.rows.kept.toLocaleString('en-GB')} of ${s.rows.loaded.toLocaleString('en-GB')} rows kept; ${s.customers.toLocaleString('en-GB')} customers, ${s.products.toLocaleString('en-GB')} products.`,
          s.stages.text,
          `RFM segments (the names): ${s.rfmSegments.map((g) => `${g.segment} ${g.customers}`).join(', ')}.`,
          s.atRisk.text,
          `Clusters (${s.clusterer}): ${s.segments.map((g) => `${g.name} ${g.size}`).join('; ')}.`,
          customerValueLine(s.customerValue, s.currency),
          s.k.text,
          ...(s.evaluation.length ? [`Best MAP@5: ${bestLine(s.evaluation, 'exclude')} (new products); ${bestLine(s.evaluation, 'allow')} (repeats allowed).`] : []),
          `Wrote ${s.artifacts.length} files to ${out}. Read ${resolve(out, 'summary.md')} first, or open report.html.`,
          `Dashboard: ${prefix} serve --artifacts ${shellQuote(values.out)}${values.plugin.map((p) => ` --plugin ${shellQuote(p)}`).join('')}`,
          ...(values.data === undefined ? [`This ran on the embedded synthetic log. Your own data: ${prefix} analyze --data path/to/online-retail.csv.gz`] : []),
          '',
        ].join('\n'),
      );
    }
    return EXIT.ok;
  } catch (error) {
    // any library error (every package's errors share one base) maps to a documented exit code
    io.stderr.write(`${cliMessage(error)}\n`);
    return engineExitCode(error) ?? exitCodeOf(error);
  }
}

/** The customer-value line of the printed summary: the totals and mean P(alive), or why the models were not fitted. */
function customerValueLine(v: CustomerValueSummary, currency: { code: string }): string {
  if (v.model === null) return `Customer value: not fitted (${v.reason}).`;
  const money = (x: number) => x.toLocaleString('en-GB', { style: 'currency', currency: currency.code, maximumFractionDigits: 0 });
  const c = v.calibration;
  const check = 'skipped' in c ? `calibration check skipped (${c.skipped})` : `calibration on the last ${c.holdoutDays} days: ${c.actualPerCustomer.toFixed(3)} actual against ${c.expectedPerCustomer.toFixed(3)} expected purchase days per customer`;
  return `Customer value (BG/NBD + Gamma-Gamma, ${v.horizonMonths} months): ${money(v.totalClv)} in total, ${money(v.meanClv)} per customer, mean P(alive) ${(v.meanPAlive ?? NaN).toFixed(3)}; ${check}.`;
}

function bestLine(rows: readonly { recommender: string; policy: string; k: number; map: number }[], policy: string): string {
  const r = rows.filter((x) => x.policy === policy && x.k === 5).reduce((a, b) => (b.map > a.map ? b : a));
  return `${r.recommender} ${r.map.toFixed(4)}`;
}

/** Whether node was started with this file: directly, through tsx, or through the installed bin (a link to dist/cli.js). */
function startedAsScript(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (startedAsScript()) {
  // Node 22.1+ keeps the compiled code of the modules a command loads (charts, server) between
  // runs; Node 20 has no such cache and this does nothing (NODE_DISABLE_COMPILE_CACHE=1 turns it off)
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const code = await main(process.argv.slice(2));
  if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
}

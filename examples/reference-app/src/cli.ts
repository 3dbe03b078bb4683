#!/usr/bin/env node
/**
 * The `shopper-spectrum` command: `analyze` runs the whole workflow and writes artifacts, charts
 * and a report; `serve` serves the dashboard and JSON API over those artifacts.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseTransactionsOptions } from '@shopper-spectrum/core';
import { analyze, ANALYZE_STAGES } from './analyze.js';
import { cliMessage, EXIT, exitCodeOf } from './errors.js';
import type { DataSource } from './analyze.js';
import { Progress } from './progress.js';
import { DEFAULT_MODELS, loadPlugins, MODEL_NAMES, modelNames } from './recommenders.js';
import type { ModelName } from './recommenders.js';
import { startServer } from './server.js';
import { CLUSTERERS } from './segmentation.js';
import type { ClustererName } from './segmentation.js';

export { EXIT };

const EXIT_HELP = `Exit codes:
  0  success
  1  unexpected failure (a bug: please report it with the message)
  2  bad usage: unknown command or flag, a flag value out of range, or a library error about an
     option (codes INVALID_OPTION, INVALID_K, INVALID_BINS, INVALID_AS_OF, ...)
  3  a file or directory given does not exist or cannot be read (READ_FAILED)
  4  the data cannot be used: wrong format, missing columns, no usable rows, or any other library
     error about the data (the message gives its code, the parameter and what is allowed)
  5  serve cannot listen: the port is in use, or not allowed for this user`;

const MAIN_HELP = `shopper-spectrum: customer segments and product recommendations from a transaction log

Usage:
  shopper-spectrum analyze [options]     run the whole workflow, write artifacts, charts and a report
  shopper-spectrum serve --artifacts dir serve the dashboard and JSON API over analyze's output
  shopper-spectrum <command> --help      the options of a command

From the repository root: pnpm shopper-spectrum <command> ...   (pnpm demo = analyze on the embedded log)

${EXIT_HELP}`;

const ANALYZE_HELP = `Usage: shopper-spectrum analyze [options]

Loads a log, cleans it, explores it, computes RFM and segments, chooses k, clusters (k-means and
agglomerative), fits recommenders, evaluates them on a temporal split, and writes everything to --out.

Options:
  --data <file>        a CSV, CSV.gz or XLSX log (Online Retail or Online Retail II columns).
                       Default: the embedded synthetic log (seeded generator in @shopper-spectrum/core)
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
  --date-range <a..b>  the plausible dates, YYYY-MM-DD..YYYY-MM-DD (either side may be empty); rows
                       outside are rejected (default 1990-01-01.. the day after today)
  --k <n>              number of k-means clusters / named segments, 2 to 10 (default 4)
  --cutoff <date>      temporal split for the evaluation, YYYY-MM-DD (default: the first day of the
                       month three months before the last transaction: 2011-09-01 on Online Retail)
  --models <list>      recommenders to evaluate, comma-separated, from:
                       ${MODEL_NAMES.join(', ')}, or a kind a --plugin registers
                       (default: ${DEFAULT_MODELS.join(',')}; ease and learned-ranker take minutes)
  --plugin <file>      an ES module whose default export is a recommender definition (or an array of
                       them; see the recommend README): its kind can then be named in --models, and
                       it is evaluated, saved and served like a built-in. Repeatable
  --clusterer <name>   the algorithm that makes the segments: ${Object.keys(CLUSTERERS).join(', ')}
                       (default kmeans; ml-kmeans and ml-hclust are the mljs libraries, optional
                       peer dependencies of @shopper-spectrum/cluster)
  --seed <n>           seed for the generator and every randomised step (default 42)
  --customers <n>      size of the synthetic log, in customers (default 4000; ignored with --data)
  --json               print one JSON document (the analysis summary) on stdout; progress on stderr
  --quiet              no progress output
  --help               this text

${EXIT_HELP}`;

const SERVE_HELP = `Usage: shopper-spectrum serve --artifacts <dir> [--port <n>] [--host <addr>] [--plugin <file>]

Serves the dashboard at / and the JSON API under /api over the artifacts analyze wrote.

Options:
  --artifacts <dir>    the --out directory of analyze (default: out)
  --port <n>           TCP port, 0 for any free port (default 3000)
  --host <addr>        address to listen on (default 127.0.0.1)
  --plugin <file>      the --plugin modules analyze was given, so their model files load. Repeatable
  --quiet              no request log
  --help               this text

API: GET /api/health, GET /api/customers/:id/recommendations?k=&seen=&model=&history=,
     GET /api/products/:stockCode/similar?k=, GET /api/products/search?q=&limit=,
     POST /api/segments/predict {recency, frequency, monetary},
     GET /api/sales?from=&to=&country=&interval=, GET /api/products/top?by=&limit=&from=&to=&country=
See docs/dashboard-and-api.md.

${EXIT_HELP}`;

interface Io {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly cwd: string;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.env.INIT_CWD ?? process.cwd() });

/** Runs the CLI with the given arguments; resolves to the exit code (serve resolves when listening). */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const command = args[0];
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${MAIN_HELP}\n`);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === 'analyze') return runAnalyze(args.slice(1), io);
  if (command === 'serve') return runServe(args.slice(1), io);
  io.stderr.write(`Unknown command ${JSON.stringify(command)}: expected analyze or serve.\n\n${MAIN_HELP}\n`);
  return EXIT.usage;
}

function usage(io: Io, message: string): number {
  io.stderr.write(`${message}\n\nRun with --help for the options.\n`);
  return EXIT.usage;
}

const FIELDS = ['invoiceNo', 'stockCode', 'description', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country', 'amount'] as const;
const ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be'] as const;

/** The loading flags as parsing options, or the usage message for a bad one. */
export function parseLoadFlags(values: { columns?: string | undefined; delimiter?: string | undefined; 'date-format'?: string | undefined; encoding?: string | undefined; 'date-range'?: string | undefined; 'decimal-comma'?: boolean | undefined }): ParseTransactionsOptions | string {
  const out: { -readonly [K in keyof ParseTransactionsOptions]: ParseTransactionsOptions[K] } = {};
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
  const range = values['date-range'];
  if (range !== undefined) {
    const m = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$/.exec(range.trim());
    if (!m || (!m[1] && !m[2]) || [m[1], m[2]].some((d) => d !== undefined && Number.isNaN(Date.parse(d)))) return `--date-range must be YYYY-MM-DD..YYYY-MM-DD (either side may be empty), got ${JSON.stringify(range)}`;
    if (m[1] && m[2] && m[2] < m[1]) return `--date-range ends before it starts: ${JSON.stringify(range)}`;
    out.dateRange = { ...(m[1] ? { from: m[1] } : {}), ...(m[2] ? { to: m[2] } : {}) };
  }
  return out;
}

function intFlag(value: string, name: string, min: number, max: number): number | string {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) return `--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`;
  return n;
}

async function runAnalyze(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        out: { type: 'string', default: 'out' },
        preset: { type: 'string', default: 'trusted' },
        'fees-in-spend': { type: 'boolean', default: false },
        columns: { type: 'string' },
        delimiter: { type: 'string' },
        'decimal-comma': { type: 'boolean', default: false },
        'date-format': { type: 'string' },
        encoding: { type: 'string' },
        'date-range': { type: 'string' },
        k: { type: 'string', default: '4' },
        cutoff: { type: 'string' },
        models: { type: 'string', default: DEFAULT_MODELS.join(',') },
        plugin: { type: 'string', multiple: true, default: [] },
        seed: { type: 'string', default: '42' },
        clusterer: { type: 'string', default: 'kmeans' },
        customers: { type: 'string', default: '4000' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout.write(`${ANALYZE_HELP}\n`);
    return EXIT.ok;
  }
  const preset = values.preset;
  if (preset !== 'trusted' && preset !== 'notebook' && preset !== 'strict') return usage(io, `--preset must be trusted, notebook or strict, got ${JSON.stringify(preset)}`);
  const parsing = parseLoadFlags(values);
  if (typeof parsing === 'string') return usage(io, parsing);
  if (!Object.hasOwn(CLUSTERERS, values.clusterer)) return usage(io, `--clusterer must be one of ${Object.keys(CLUSTERERS).join(', ')}, got ${JSON.stringify(values.clusterer)}`);
  const clusterer = values.clusterer as ClustererName;
  const k = intFlag(values.k, 'k', 2, 10);
  if (typeof k === 'string') return usage(io, k);
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
  const known = modelNames();
  const unknown = models.filter((m) => !known.includes(m));
  if (unknown.length || models.length === 0) return usage(io, `--models: unknown ${JSON.stringify(unknown.join(','))}; allowed: ${known.join(', ')}${values.plugin.length ? '' : ' (or a kind a --plugin registers)'}`);
  let source: DataSource = { seed, customers };
  if (values.data !== undefined) {
    const file = resolve(io.cwd, values.data);
    const problem = unreadable(file);
    if (problem) {
      io.stderr.write(`Cannot read --data ${JSON.stringify(values.data)}: ${problem} (looked at ${file}).\n`);
      return EXIT.missingFile;
    }
    source = { file };
  }
  const out = resolve(io.cwd, values.out);
  const progress = new Progress(values.quiet ? null : io.stderr, ANALYZE_STAGES.length);
  try {
    const result = await analyze({ source, preset, k, seed, clusterer, plugins, parsing, feesInSpend: values['fees-in-spend'], models: models as ModelName[], out, ...(values.cutoff ? { cutoff: values.cutoff } : {}) }, progress);
    if (values.json) io.stdout.write(`${JSON.stringify(result.summary, null, 1)}\n`);
    else if (!values.quiet) {
      const s = result.summary;
      io.stdout.write(
        [
          `\n${s.source}: ${s.rows.kept.toLocaleString('en-GB')} of ${s.rows.loaded.toLocaleString('en-GB')} rows kept; ${s.customers.toLocaleString('en-GB')} customers, ${s.products.toLocaleString('en-GB')} products.`,
          `Segments: ${s.segments.map((g) => `${g.name} ${g.size}`).join(', ')}.`,
          ...(s.evaluation.length ? [`Best MAP@5: ${bestLine(s.evaluation, 'exclude')} (new products); ${bestLine(s.evaluation, 'allow')} (repeats allowed).`] : []),
          `Wrote ${s.artifacts.length} files to ${out}. Read ${resolve(out, 'summary.md')} first, or open report.html.`,
          `Dashboard: pnpm shopper-spectrum serve --artifacts ${values.out}${values.plugin.map((p) => ` --plugin ${p}`).join("")}`,
          ...(values.data === undefined ? ['This ran on the embedded synthetic log. Your own data: pnpm shopper-spectrum analyze --data path/to/online-retail.csv.gz'] : []),
          '',
        ].join('\n'),
      );
    }
    return EXIT.ok;
  } catch (error) {
    // any library error (every package's errors share one base) maps to a documented exit code
    io.stderr.write(`${cliMessage(error)}\n`);
    return exitCodeOf(error);
  }
}

/** Why a path cannot be read as a file, or null: missing, a directory, or no permission. */
function unreadable(file: string): string | null {
  if (!existsSync(file)) return 'no such file';
  const st = statSync(file);
  if (st.isDirectory()) return 'it is a directory, not a file (give the file inside it)';
  if (!st.isFile()) return 'it is not a regular file';
  try {
    accessSync(file, constants.R_OK);
  } catch {
    return 'permission denied (the file exists but cannot be read by this user)';
  }
  return null;
}

/** Resolves and loads `--plugin` files (registering their kinds); an exit code when one is missing or invalid. */
async function resolvePlugins(paths: readonly string[], io: Io): Promise<string[] | number> {
  const files = paths.map((p) => resolve(io.cwd, p));
  for (const [i, file] of files.entries()) {
    const problem = unreadable(file);
    if (problem) {
      io.stderr.write(`Cannot read --plugin ${JSON.stringify(paths[i])}: ${problem} (looked at ${file}).\n`);
      return EXIT.missingFile;
    }
  }
  try {
    await loadPlugins(files);
  } catch (error) {
    io.stderr.write(`${cliMessage(error)}\n`);
    return exitCodeOf(error);
  }
  return files;
}

function bestLine(rows: readonly { recommender: string; policy: string; k: number; map: number }[], policy: string): string {
  const r = rows.filter((x) => x.policy === policy && x.k === 5).reduce((a, b) => (b.map > a.map ? b : a));
  return `${r.recommender} ${r.map.toFixed(4)}`;
}

async function runServe(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        artifacts: { type: 'string', default: 'out' },
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        plugin: { type: 'string', multiple: true, default: [] },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return EXIT.ok;
  }
  const port = intFlag(values.port, 'port', 0, 65535);
  if (typeof port === 'string') return usage(io, port);
  const dir = resolve(io.cwd, values.artifacts);
  if (!existsSync(resolve(dir, 'analysis.json'))) {
    io.stderr.write(`No artifacts in ${dir} (analysis.json is missing). Run first: pnpm shopper-spectrum analyze --out ${values.artifacts}\n`);
    return EXIT.missingFile;
  }
  const plugins = await resolvePlugins(values.plugin, io);
  if (typeof plugins === 'number') return plugins;
  try {
    const server = await startServer({ artifacts: dir, port, host: values.host, log: values.quiet ? null : io.stderr });
    io.stdout.write(`Dashboard: ${server.url}/   API: ${server.url}/api/health   (Ctrl-C to stop)\n`);
    return EXIT.ok;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const why = code === 'EADDRINUSE' ? `port ${port} is already in use (another server, or an earlier serve still running): pass --port 0 for any free port, or another --port` : code === 'EACCES' ? `this user may not listen on port ${port} (ports below 1024 need privileges): pass a --port above 1023` : `${values.host} is not an address of this machine: pass --host 127.0.0.1`;
      io.stderr.write(`Cannot serve ${dir}: ${why}.\n`);
      return EXIT.cannotListen;
    }
    io.stderr.write(`Cannot serve ${dir}: ${cliMessage(error)}\n`);
    return exitCodeOf(error) === EXIT.failure ? EXIT.badData : exitCodeOf(error);
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  const code = await main(process.argv.slice(2));
  if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
}

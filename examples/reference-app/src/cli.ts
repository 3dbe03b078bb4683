#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreError } from '@shopper-spectrum/core';
import { explore, formatReport } from './explore.js';
import type { DataSource } from './explore.js';

const USAGE = `Usage: pnpm start [-- options]

  --data <file>       a CSV, CSV.gz or XLSX transaction log (Online Retail or Online Retail II columns)
                      default: the embedded synthetic log (seeded generator), no file needed
  --preset <name>     cleaning preset: notebook (default) or strict
  --seed <n>          generator seed (default 42)
  --customers <n>     generator size in customers (default 4000)
  --out <dir>         where to write explore.json (default ./out)
  --help`;

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let values;
  // `pnpm start -- --data x` hands the script a leading `--`: drop it.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  try {
    ({ values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        preset: { type: 'string', default: 'notebook' },
        seed: { type: 'string', default: '42' },
        customers: { type: 'string', default: '4000' },
        out: { type: 'string', default: 'out' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const preset = values.preset;
  if (preset !== 'notebook' && preset !== 'strict') {
    console.error(`--preset must be notebook or strict, got ${JSON.stringify(preset)}`);
    return 2;
  }
  const seed = Number(values.seed);
  const customers = Number(values.customers);
  if (!Number.isInteger(seed) || !Number.isInteger(customers) || customers < 1) {
    console.error('--seed must be an integer and --customers a positive integer');
    return 2;
  }
  const source: DataSource = values.data !== undefined ? { file: resolve(process.env.INIT_CWD ?? process.cwd(), values.data) } : { seed, customers };
  try {
    const artifact = await explore(source, preset);
    console.log(formatReport(artifact));
    const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'explore.json');
    writeFileSync(file, `${JSON.stringify(artifact, null, 1)}\n`);
    console.log(`\nWrote ${file}`);
    if (!('file' in source)) console.log('Run on real data with: pnpm start -- --data path/to/online-retail.csv.gz');
    return 0;
  } catch (error) {
    if (error instanceof CoreError) {
      console.error(`Error ${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));

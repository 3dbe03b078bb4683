/**
 * The same analysis as the page, in Node, on the same sample: what the README shows and what the
 * browser test compares the page with.
 *
 *   pnpm --dir examples/browser-analysis start [file.csv.gz]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyse } from './analysis.js';
import { sampleGz } from './sample.js';

const file = process.argv[2];
const bytes: Uint8Array<ArrayBuffer> = file ? new Uint8Array(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file))) : sampleGz();
for (const line of await analyse(new Blob([bytes]), '2011-11-01')) console.log(line);

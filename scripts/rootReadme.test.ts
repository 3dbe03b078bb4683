/**
 * The root README's example, run as written on the real data (from examples/notebook-workflow, a
 * package that depends on every library), prints what the README shows. In CI always; elsewhere when
 * the file is there.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { REAL_DATA } from './exampleTest.js';
import { readmeExamplesTest } from './readmeTest.js';

describe.runIf(process.env.CI === 'true' || existsSync(REAL_DATA))('the root README', () =>
  readmeExamplesTest(new URL('../README.md', import.meta.url), { cwd: fileURLToPath(new URL('../examples/notebook-workflow', import.meta.url)), env: { SHOPPER_SPECTRUM_DATA: REAL_DATA } }),
);

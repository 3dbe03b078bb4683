/** The examples of packages/sql/README.md, run as written, print what the README shows. */
import { describe } from 'vitest';
import { readmeExamplesTest } from '../../../scripts/readmeTest.js';

describe('README', () => readmeExamplesTest(new URL('../README.md', import.meta.url)));

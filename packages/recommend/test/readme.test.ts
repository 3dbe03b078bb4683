import { describe } from 'vitest';
import { readmeExamplesTest } from '../../../scripts/readmeTest.js';
describe('README', () => readmeExamplesTest(new URL('../README.md', import.meta.url)));

import { exampleOutputTest } from '../../../scripts/exampleTest.js';

exampleOutputTest(new URL('..', import.meta.url), { realData: true });

/**
 * The README test every package shares: each example of the README runs as written, importing the
 * packages by name from the package's folder, and must print exactly the block the README shows.
 */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { checkReadme, describeFailure } from './readme-examples.mjs';
import type { RunOptions } from './readme-examples.mjs';

/** Declares the test for the README at `readmeUrl` (a `new URL('../README.md', import.meta.url)`). */
export function readmeExamplesTest(readmeUrl: URL, options: RunOptions = {}): void {
  it('every example of the README prints exactly what the README shows', () => {
    const readme = fileURLToPath(readmeUrl);
    const { examples, failures } = checkReadme(readme, { conditions: ['@shopper-spectrum/source'], ...options });
    expect(examples, 'runnable examples in the README').toBeGreaterThan(0);
    expect(failures.map((f) => describeFailure(readme, f))).toEqual([]);
  }, 180_000);
}

/**
 * The README's plugin module (`my-recommender.mjs`, the block the reference app's `--plugin` loads)
 * run as written: its default export registered, fitted, saved and loaded through the registry.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeOf } from './codeOf.js';
import { synthetic } from './fixtures/shop.js';
import { fitRecommender, loadRecommender, recommenderKinds, registerRecommender, serializeRecommender, serializeRecommenderBinary, unregisterRecommender } from '@shopper-spectrum/recommend';
import type { RecommenderDefinition } from '@shopper-spectrum/recommend';

/** The ```js blocks of the README that start with the line `// my-recommender.mjs`. */
const pluginBlocks = (): string[] => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/^```js\n(\/\/ my-recommender\.mjs\n[\s\S]*?)^```$/gm)].map((m) => m[1]!);
};

// written inside the package (so that '@shopper-spectrum/recommend' resolves as in a user's project), removed after
const dir = new URL(`./.plugin-${process.pid}/`, import.meta.url);
afterAll(() => {
  unregisterRecommender('my-kind');
  rmSync(dir, { recursive: true, force: true });
});

describe('the README plugin (my-recommender.mjs)', () => {
  it('is one block, a module whose default export registers, fits, saves and loads like a built-in', async () => {
    const blocks = pluginBlocks();
    expect(blocks).toHaveLength(1);
    mkdirSync(dir, { recursive: true });
    const file = new URL('my-recommender.mjs', dir);
    writeFileSync(file, blocks[0]!);
    const definition = ((await import(/* @vite-ignore */ pathToFileURL(file.pathname).href)) as { default: RecommenderDefinition }).default;

    registerRecommender(definition);
    expect(recommenderKinds()).toContain('my-kind');
    const table = synthetic(5, { customers: 40, products: 25, days: 90 });
    const model = fitRecommender('my-kind', table);
    expect([model.kind, model.name]).toEqual(['my-kind', 'my-kind (weight 1)']); // its defaults
    const heavier = fitRecommender('my-kind', table, { weight: 3 });
    const id = model.matrix.customers[0]!;
    const first = model.recommend(id, 3)[0]!;
    expect(heavier.recommend(id, 3)[0]).toEqual({ ...first, score: 3 * first.score, because: `scores ${3 * first.score}` }); // popularity times the weight

    for (const saved of [serializeRecommender(heavier), serializeRecommenderBinary(heavier)]) {
      const loaded = loadRecommender(saved, { kind: 'my-kind' });
      expect(loaded.name).toBe('my-kind (weight 3)');
      for (const c of model.matrix.customers.slice(0, 10)) expect(loaded.recommend(c, 5)).toEqual(heavier.recommend(c, 5));
    }
    // its restore checks what it reads: a weight that is not positive is refused
    const bad = { ...heavier, spec: { ...heavier.spec, options: { weight: -1 } } };
    expect(codeOf(() => loadRecommender(serializeRecommender(bad)))).toBe('INVALID_MODEL');
  });
});

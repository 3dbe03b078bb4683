import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-custom-recommender', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['@shopper-spectrum/source'] },
  ssr: { resolve: { conditions: ['@shopper-spectrum/source'] } },
});

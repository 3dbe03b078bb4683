import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'examples/*',
      // the root README's examples (scripts/*.test.ts)
      {
        test: { name: 'docs', include: ['scripts/*.test.ts'] },
        resolve: { conditions: ['@shopper-spectrum/source'] },
        ssr: { resolve: { conditions: ['@shopper-spectrum/source'] } },
      },
    ],
  },
});

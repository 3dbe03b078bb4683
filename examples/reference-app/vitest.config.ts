import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'reference-app', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 }, // whole analyze runs: seconds, more on a loaded CI machine
  resolve: { conditions: ['@shopper-spectrum/source'] },
  ssr: { resolve: { conditions: ['@shopper-spectrum/source'] } },
});

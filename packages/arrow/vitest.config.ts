import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'arrow', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  resolve: { conditions: ['@shopper-spectrum/source'] },
  ssr: { resolve: { conditions: ['@shopper-spectrum/source'] } },
});

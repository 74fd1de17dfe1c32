import { defineConfig } from 'vitest/config';

/** One vitest run for the whole workspace; workspace packages resolve to their TypeScript source. */
export default defineConfig({
  resolve: { conditions: ['ivrkit-source'] },
  ssr: { resolve: { conditions: ['ivrkit-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['packages/*/test/**/*.types.test.ts'] },
  },
});

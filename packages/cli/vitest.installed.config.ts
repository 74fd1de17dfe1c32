import { defineConfig } from 'vitest/config';

/**
 * The installed-package test (`pnpm test:installed`): builds, packs and installs with npm, so minutes and the
 * network; apart from `pnpm test`. Nothing here resolves the source condition: the test runs the packages as a
 * user installs them.
 */
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: {
    include: ['packages/cli/installed/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `pnpm test:reliability`: faults, crash, hostile input and soak — minutes, not seconds, so apart from `pnpm test`.
 * Files run one after another: they load the machine, and they share `results/reliability.json`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { conditions: ['ivrkit-source'] },
  ssr: { resolve: { conditions: ['ivrkit-source'] } },
  test: {
    include: ['reliability/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});

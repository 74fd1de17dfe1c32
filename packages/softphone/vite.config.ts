import { defineConfig } from 'vite';

/** The softphone page: one HTML entry, relative asset URLs so it can be served under any path. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist/page', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});

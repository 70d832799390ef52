/**
 * Builds the recorder as an npm package (`@cobrowse/recorder`, assembled in
 * dist/recorder-package by scripts/build-recorder-package.ts): the same entry
 * as recorder.js, but with lit and rrweb left as dependencies for the host
 * application's bundler to share and dedupe. Split the same way: live help,
 * calls, "Ask for help" and video are in `chunks/`, imported on demand, so
 * the host's bundler keeps them out of its main bundle too.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/recorder-package', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./recorder/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'index.js',
    },
    rolldownOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^rrweb($|\/)/, /^@rrweb\//],
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});

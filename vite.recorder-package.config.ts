/**
 * Builds the recorder as an npm package (`@cobrowse/recorder`, assembled in
 * dist/recorder-package by scripts/build-recorder-package.ts): the same entry
 * as recorder.js, with lit left as a dependency for the host application's
 * bundler to share and dedupe. rrweb is inlined, rewritten as recorder.js's
 * is (scripts/rrweb-recorder-plugins.ts): as published, rrweb's single file
 * would bring its replay-only postcss into the host's bundle (half as much
 * again as the whole recorder), and the host would record with an rrweb that
 * observes the recorder's own panels. Split the same way: live help,
 * calls, "Ask for help" and video are in `chunks/`, imported on demand, so
 * the host's bundler keeps them out of its main bundle too.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { rrwebRecorderPlugins } from './scripts/rrweb-recorder-plugins.ts';

export default defineConfig({
  publicDir: false,
  plugins: rrwebRecorderPlugins(),
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
      external: [/^lit($|\/)/, /^@lit\//, /^@rrweb\//],
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});

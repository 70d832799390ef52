/**
 * Builds recorder.js: the `<cobrowse-recorder>` element and the programmatic
 * API as one self-contained ES module (lit and rrweb inlined), served by the
 * server at `/recorder.js`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/recorder', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./recorder/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'recorder.js',
    },
    rolldownOptions: {
      output: { codeSplitting: false },
    },
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
});

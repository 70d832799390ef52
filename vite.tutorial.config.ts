/**
 * @module vite.tutorial.config
 * Builds tutorial.js: the `<cobrowse-tutorial>` embed (client/tutorial-embed/)
 * as one self-contained ES module (lit and rrweb's Replayer inlined, no
 * chunks), served by the server at `/tutorial.js` for any help centre to load.
 * Its gzipped size: `npm run bench -- bundle`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/tutorial', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./client/tutorial-embed/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'tutorial.js',
    },
    rolldownOptions: {
      // One file: a help centre adds one script tag, and nothing else is fetched from beside it.
      output: { codeSplitting: false, minify: true },
    },
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
});

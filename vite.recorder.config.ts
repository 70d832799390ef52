/**
 * Builds recorder.js: the `<cobrowse-recorder>` element and the programmatic
 * API as a self-contained ES module (lit and rrweb inlined), served by the
 * server at `/recorder.js`, with what only some pages use (live help, calls,
 * "Ask for help", video) split into chunks it imports on demand from
 * `recorder-chunks/` beside it (served at `/recorder-chunks/*`).
 * Sizes against stock rrweb's recorder: `npm run bench -- bundle`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { RECORDER_CHUNKS_DIR } from './protocol/recorder-constants.ts';
import { rrwebRecorderPlugins } from './scripts/rrweb-recorder-plugins.ts';

export default defineConfig({
  publicDir: false,
  // rrweb as the recorder needs it (scripts/rrweb-recorder-plugins.ts); flat, so the bundle bench can leave one out.
  plugins: [...rrwebRecorderPlugins()],
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
      // What recorder.js shares with its chunks stays in recorder.js (the chunks import it from there) rather
      // than in common chunks a page would fetch at start: it may export a few more (internal) names for them.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // Content-hashed names: the server caches them for good (recorder.js itself is not hashed).
        chunkFileNames: `${RECORDER_CHUNKS_DIR}/[name]-[hash].js`,
        // Whitespace too: lib mode keeps it for bundlers' pure annotations, but browsers load these files as they are.
        minify: true,
      },
    },
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
});

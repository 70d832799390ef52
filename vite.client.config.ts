/**
 * @module vite.client.config
 * Builds the advisor app (client/) to dist/client, served by the server under /app/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./client', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/client', import.meta.url));

export default defineConfig({
  root,
  base: '/app/',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // rrweb alone is ~400 kB; the app is one screen, so one chunk is fine.
    chunkSizeWarningLimit: 1024,
  },
});

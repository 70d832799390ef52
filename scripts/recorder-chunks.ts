/**
 * @module scripts/recorder-chunks
 * Where recorder.js's on-demand chunks live, shared by its build
 * (vite.recorder.config.ts), the server's static route and the bundle-size
 * benchmark: `dist/recorder/<dir>/<name>-<hash>.js`, served at `/<dir>/…`
 * (recorder.js imports them relative to its own URL, `/recorder.js`).
 */
export const RECORDER_CHUNKS_DIR = 'recorder-chunks';

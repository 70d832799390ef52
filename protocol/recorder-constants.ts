/**
 * @module protocol/recorder-constants
 * Where recorder.js's on-demand chunks are served: the build writes them to
 * `dist/recorder/<dir>/<name>-<hash>.js` (vite.recorder.config.ts), the
 * server answers `/<dir>/<file>` (server/static), and recorder.js imports
 * them relative to its own URL (`/recorder.js`), so the three must agree.
 */
export const RECORDER_CHUNKS_DIR = 'recorder-chunks';

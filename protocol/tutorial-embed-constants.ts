/**
 * @module protocol/tutorial-embed-constants
 * Where the `<cobrowse-tutorial>` embed's script is: built by
 * vite.tutorial.config.ts to `dist/tutorial/TUTORIAL_SCRIPT_FILE`, served at
 * `TUTORIAL_SCRIPT_PATH` (any origin may load it; `/t/:slug` loads it too).
 */
export const TUTORIAL_SCRIPT_PATH = '/tutorial.js';
export const TUTORIAL_SCRIPT_FILE = 'tutorial.js';

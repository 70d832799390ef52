/**
 * @module bench/stock-rrweb-record
 * Stock rrweb's recorder as a site would bundle it: `record` from the rrweb
 * package and nothing else. bench/bundle-size.ts builds it with
 * recorder.js's own Vite settings as the baseline of the recorder's size
 * (rrweb 2 ships no record-only file of its own: its `dist/` has record and
 * replay together).
 */
export { record } from 'rrweb';

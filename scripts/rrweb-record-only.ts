/**
 * @module scripts/rrweb-record-only
 * A Vite plugin for recorder.js's build: lets the bundler drop what rrweb's
 * published file (`rrweb/dist/rrweb.js`) carries for replay only and yet
 * keeps in every bundle of `record` — two bundled copies of postcss, which
 * only the Replayer's `adaptCssForReplay` calls. rrweb's build leaves them
 * behind statements a bundler must assume have effects: the CommonJS
 * wrapper's call that runs postcss, and bare reads of its exports
 * (`import_postcss.default.parse;`). The plugin marks that call pure and
 * removes the bare reads (reading a property of postcss's plain export
 * object does nothing). Nothing becomes unreachable by it: code that uses
 * postcss keeps it (the advisor app's Replayer is not built with this
 * plugin anyway). About 35 kB of the 58 kB gzipped that `record` costs.
 *
 * It changes nothing else and fails the build when rrweb's file no longer
 * looks as expected (an rrweb upgrade), rather than silently keeping postcss.
 */
import type { Plugin } from 'vite';
import { rrwebRewritePlugin, type RrwebRewrite } from './rrweb-rewrite.ts';

/** Each rewrite and how many places it must match in rrweb 2.2's file. */
const REWRITES: RrwebRewrite[] = [
  {
    what: 'bare reads of postcss exports',
    find: /^import_postcss(?:\$1)?\.default(?:\.\w+)?;$/gm,
    replacement: '',
    expected: 49,
  },
  {
    what: "the CommonJS wrapper's call that runs postcss",
    find: /__toESM(\$1)?\(\(\/\* @__PURE__ \*\/ __commonJSMin/g,
    replacement: '__toESM$1(/* @__PURE__ */ (/* @__PURE__ */ __commonJSMin',
    expected: 2,
  },
  {
    what: "the replay helper's handle on postcss",
    find: /^var postcss_default = (import_postcss\$1\.default);$/m,
    replacement: 'var postcss_default = /* @__PURE__ */ (() => $1)();',
    expected: 1,
  },
];

export function rrwebRecordOnly(): Plugin {
  return rrwebRewritePlugin('rrweb-record-only', REWRITES);
}

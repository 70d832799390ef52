/**
 * @module scripts/rrweb-block-memo
 * A Vite plugin for recorder.js's build: rrweb asks, for every `childList`
 * mutation, whether its target is inside a blocked element, with
 * `target.closest(blockSelector)`. Chromium walks every ancestor through its
 * slow selector path for an attribute selector like `[data-cb-block]` (about
 * 10× rrweb's default `.rr-block`), so a burst of N nested appends costs
 * N²/2 attribute matches: a subtree 1,000 levels deep cost the page twice
 * what stock rrweb costs.
 *
 * The plugin makes that one check remember, per ancestor, whether it is
 * blocked — for the length of one `processMutations` call only (rrweb's
 * synchronous pass over one batch of mutation records, during which no page
 * code runs and the DOM cannot change), so the answer is always rrweb's own:
 * the memo is made at the pass's start and dropped at its end, and every
 * other `isBlocked` call (input, scroll, media, selection, canvas) is left
 * as it is. Each ancestor is then matched once per pass.
 *
 * Like `rrweb-record-only.ts`, it fails the build when rrweb's file no
 * longer looks as expected (an rrweb upgrade) rather than silently doing
 * nothing. The npm package (`vite.recorder-package.config.ts`) leaves rrweb
 * to the host's bundler and so goes without: same recording, stock cost.
 */
import type { Plugin } from 'vite';
import { rrwebRewritePlugin, type RrwebRewrite } from './rrweb-rewrite.ts';

/**
 * rrweb's `isBlocked(node, blockClass, blockSelector, true)`, with the
 * selector's ancestor walk memoized in `memo` (element → it or an ancestor
 * matches). Without a memo (outside a pass) it is rrweb's function.
 */
const HELPER = `function isBlockedMemo(node, blockClass, blockSelector, memo) {
	if (!memo || !blockSelector) return isBlocked(node, blockClass, blockSelector, true);
	const el = closestElementOfNode(node);
	if (!el) return false;
	if (isBlocked(el, blockClass, null, true)) return true;
	const path = [];
	let blocked = false;
	for (let current = el; current; current = src_default.parentElement(current)) {
		const known = memo.get(current);
		if (known !== undefined) { blocked = known; break; }
		path.push(current);
		if (current.matches(blockSelector)) { blocked = true; break; }
	}
	for (const element of path) memo.set(element, blocked);
	return blocked;
}
`;

/** Each rewrite and how many places it must match in rrweb 2.2's file. */
const REWRITES: RrwebRewrite[] = [
  {
    what: "the childList mutation's ancestor check",
    find: 'if (isBlocked(m.target, this.blockClass, this.blockSelector, true)) return;',
    replacement: 'if (isBlockedMemo(m.target, this.blockClass, this.blockSelector, this.blockedMemo)) return;',
    expected: 1,
  },
  {
    what: 'the pass over one batch of mutation records',
    find: 'processMutations = (mutations) => {\n\t\tmutations.forEach(this.processMutation);\n',
    replacement:
      'processMutations = (mutations) => {\n\t\tthis.blockedMemo = new Map();\n\t\ttry {\n\t\t\tmutations.forEach(this.processMutation);\n\t\t} finally {\n\t\t\tthis.blockedMemo = void 0;\n\t\t}\n',
    expected: 1,
  },
  {
    what: 'the place for the memoized check (after isBlocked)',
    find: 'function isSerialized(n, mirror) {',
    replacement: `${HELPER}function isSerialized(n, mirror) {`,
    expected: 1,
  },
];

export function rrwebBlockMemo(): Plugin {
  return rrwebRewritePlugin('rrweb-block-memo', REWRITES);
}

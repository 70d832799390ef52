/**
 * @module scripts/rrweb-blocked-shadow-roots
 * A Vite plugin for recorder.js's build: rrweb observes the shadow root of
 * every element it serializes (the blocked placeholder too) and of every
 * element that attaches one after recording started (it patches
 * `attachShadow`), also when the host is, or is inside, a blocked element.
 * Nothing in such a root can ever be recorded (a blocked element is
 * serialized without its subtree, so the root has no id to add nodes to),
 * yet rrweb runs its mutation, scroll and
 * stylesheet observers on it, and logs "Couldn't record new node" for each
 * render. The recorder's own UI (launchers, Ask for help, live help, calls)
 * renders in the shadow root of the blocked `<cobrowse-recorder>`: each
 * panel opening cost that work and a warning in the customer's console.
 *
 * The plugin makes rrweb skip a shadow root whose host is blocked,
 * looking through enclosing shadow roots to their hosts (`closest()` stops at
 * a shadow root). The recording is the same; only the wasted observers and
 * the warnings go.
 *
 * Like its siblings, it fails the build when rrweb's file no longer looks as
 * expected (an rrweb upgrade) rather than silently doing nothing. The npm
 * package (`vite.recorder-package.config.ts`) leaves rrweb to the host's
 * bundler and so goes without: same recording, the warnings stay.
 */
import type { Plugin } from 'vite';
import { rrwebRewritePlugin, type RrwebRewrite } from './rrweb-rewrite.ts';

/** Whether `element` or an ancestor, through enclosing shadow roots' hosts, is blocked. */
const HELPER = `function isBlockedThroughShadowRoots(element, blockClass, blockSelector) {
	for (let current = element; current; ) {
		if (isBlocked(current, blockClass, blockSelector, true)) return true;
		const root = current.getRootNode();
		current = root && root.host ? root.host : null;
	}
	return false;
}
`;

const REWRITES: RrwebRewrite[] = [
  {
    // Every way a shadow root comes to be observed goes through here: the full snapshot's and a mutation's
    // serialized elements, and the patched attachShadow.
    what: 'the start of ShadowDomManager.addShadowRoot',
    find: 'addShadowRoot(shadowRoot, doc) {\n\t\tif (!isNativeShadowDom(shadowRoot)) return;\n',
    replacement:
      'addShadowRoot(shadowRoot, doc) {\n\t\tif (!isNativeShadowDom(shadowRoot)) return;\n\t\tif (isBlockedThroughShadowRoots(src_default.host(shadowRoot), this.bypassOptions.blockClass, this.bypassOptions.blockSelector)) return;\n',
    expected: 1,
  },
  {
    what: 'the place for the helper (after isBlocked)',
    find: 'function isSerialized(n, mirror) {',
    replacement: `${HELPER}function isSerialized(n, mirror) {`,
    expected: 1,
  },
];

export function rrwebBlockedShadowRoots(): Plugin {
  return rrwebRewritePlugin('rrweb-blocked-shadow-roots', REWRITES);
}

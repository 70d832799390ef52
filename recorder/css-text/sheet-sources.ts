/**
 * @module recorder/css-text/sheet-sources
 * The source text a stylesheet was built from, where the page still has it:
 *
 * - constructed sheets (`new CSSStyleSheet()`) filled by `replaceSync`,
 *   `replace` or `insertRule` after the recorder loaded: remembered by a thin
 *   wrapper around those three methods (rrweb wraps the same methods to
 *   record later changes; ours only keeps the text);
 * - a Lit component's sheets built before the recorder loaded: its class's
 *   `elementStyles` (Lit's public static field) hold each sheet beside the
 *   `cssText` it was made from;
 * - a `<style>` element: its text.
 *
 * Nothing here changes what a method does or returns.
 */

/** Source texts per sheet: the last `replace`/`replaceSync` text, then every inserted rule. */
const sources = new WeakMap<CSSStyleSheet, string[]>();
/** Bumped with every text kept, so a cache of a sheet's sources knows when it is stale. */
let changes = 0;
let installed = false;

/** Native `replaceSync`, kept before anyone (rrweb) wraps it: parsing scratch sheets must not be recorded. */
// NOTE: the prototype's own methods, called later with `.call(sheet, …)` (hence unbound).
export const nativeReplaceSync: ((this: CSSStyleSheet, text: string) => void) | undefined =
  // eslint-disable-next-line @typescript-eslint/unbound-method
  typeof CSSStyleSheet === 'undefined' ? undefined : CSSStyleSheet.prototype.replaceSync;

/** Starts remembering constructed sheets' texts (once per page). */
export function watchSheetSources(): void {
  if (installed || typeof CSSStyleSheet === 'undefined') return;
  installed = true;
  const proto = CSSStyleSheet.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- wrapped below, called with `.call(this, …)`
  const { replaceSync, replace, insertRule } = proto;
  const keep = (sheet: CSSStyleSheet, text: unknown, append: boolean) => {
    if (typeof text !== 'string') return;
    const list = append ? (sources.get(sheet) ?? []) : [];
    list.push(text);
    sources.set(sheet, list);
    changes++;
  };
  if (replaceSync)
    proto.replaceSync = function (this: CSSStyleSheet, text: string) {
      keep(this, text, false);
      return replaceSync.call(this, text);
    };
  if (replace)
    proto.replace = function (this: CSSStyleSheet, text: string) {
      keep(this, text, false);
      return replace.call(this, text);
    };
  proto.insertRule = function (this: CSSStyleSheet, rule: string, index?: number) {
    keep(this, rule, true);
    return insertRule.call(this, rule, index);
  };
}

/** Changes whenever any remembered source text does. */
export function sourcesVersion(): number {
  return changes;
}

/**
 * `node` as an element, by its node type: a same-origin iframe's nodes
 * belong to the frame's window, where `instanceof Element` (this window's
 * class) is false.
 */
export function asElement(node: Node | null | undefined): Element | null {
  return node?.nodeType === Node.ELEMENT_NODE ? (node as Element) : null;
}

interface LitLikeClass {
  elementStyles?: unknown;
}

/** The texts `sheet` may have been built from; `owner` is the shadow root's host or the `<style>` element. */
export function sheetSources(sheet: CSSStyleSheet, owner: Node | null): string[] {
  const found = [...(sources.get(sheet) ?? [])];
  if (asElement(owner)?.tagName === 'STYLE') found.push(owner?.textContent ?? '');
  const styles = owner && (owner.constructor as LitLikeClass).elementStyles;
  if (Array.isArray(styles)) {
    for (const style of styles as unknown[]) {
      const result = style as { styleSheet?: unknown; cssText?: unknown } | null;
      if (result && typeof result.cssText === 'string' && result.styleSheet === sheet) found.push(result.cssText);
    }
  }
  return found;
}

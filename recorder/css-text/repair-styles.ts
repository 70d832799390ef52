/**
 * @module recorder/css-text/repair-styles
 * Puts back the CSS declarations rrweb's events lose, before an event is
 * batched, so every replay (ours, and stock rrweb over the export) gets them.
 *
 * Why they are lost: rrweb records a stylesheet as its rules' `cssText`
 * (adopted/constructed sheets in `AdoptedStyleSheet` events, `<style>`
 * elements as `_cssText`). When a rule writes a shorthand with `var()` and a
 * later longhand overrides part of it — Shoelace's alert:
 * `border: var(--sl-panel-border-width) solid var(--sl-panel-border-color);
 * border-top-width: calc(…)` — CSSOM serialises the shorthand's other
 * longhands as empty values (`border-top-color: ;`), which the replay's
 * browser drops: the alert loses its border and its top accent, and
 * everything below moves up. The rule's source text is the only place the
 * declaration survives ({@link sheetSources}), so a rule that lost
 * declarations is replaced by the source rule that serialises exactly like
 * it.
 */
import { EventType, IncrementalSource, type eventWithTime, type serializedNodeWithId } from '@rrweb/types';
import { hasLostDeclarations, splitRules } from './split-rules.ts';
import { asElement, nativeReplaceSync, sheetSources, sourcesVersion } from './sheet-sources.ts';

interface NodeMirror {
  getNode(id: number): Node | null;
}

/** Per sheet: the source rule for each lost-declaration serialisation, with the source count it was built from. */
const repairs = new WeakMap<CSSStyleSheet, { key: string; bySerialisation: Map<string, string> }>();

/** Mends `event` in place; cheap when nothing was lost (a regular-expression test per stylesheet text). */
export function repairStyles(event: eventWithTime, mirror: NodeMirror): void {
  if (event.type === EventType.FullSnapshot) repairTree(event.data.node, mirror);
  else if (event.type === EventType.IncrementalSnapshot) {
    const data = event.data;
    if (data.source === IncrementalSource.Mutation) for (const add of data.adds) repairTree(add.node, mirror);
    else if (data.source === IncrementalSource.AdoptedStyleSheet && data.styles) repairAdopted(data, mirror);
  }
}

function repairTree(node: serializedNodeWithId, mirror: NodeMirror): void {
  if (node.type === 2 && node.tagName === 'style') {
    const cssText = node.attributes._cssText;
    if (typeof cssText === 'string' && hasLostDeclarations(cssText)) {
      const element = mirror.getNode(node.id) as HTMLStyleElement | null;
      if (element?.sheet) node.attributes._cssText = mendText(cssText, element.sheet, element, element.baseURI);
    }
  }
  if ('childNodes' in node) for (const child of node.childNodes) repairTree(child, mirror);
}

type AdoptedData = Extract<eventWithTime, { type: EventType.IncrementalSnapshot }>['data'] & {
  source: IncrementalSource.AdoptedStyleSheet;
};

function repairAdopted(data: AdoptedData, mirror: NodeMirror): void {
  const styles = data.styles ?? [];
  if (!styles.some((style) => style.rules.some((r) => hasLostDeclarations(r.rule)))) return;
  const target = mirror.getNode(data.id);
  const host = asElement(target);
  const sheets = host ? host.shadowRoot?.adoptedStyleSheets : (target as Document | null)?.adoptedStyleSheets;
  // rrweb lists the style ids in the order of the node's adoptedStyleSheets, which it read just now.
  if (!sheets || sheets.length !== data.styleIds.length) return;
  for (const style of styles) {
    const sheet = sheets[data.styleIds.indexOf(style.styleId)];
    if (!sheet) continue;
    for (const entry of style.rules) {
      if (!hasLostDeclarations(entry.rule)) continue;
      const live = typeof entry.index === 'number' ? sheet.cssRules[entry.index]?.cssText : undefined;
      const source = live !== undefined ? sourceOf(sheet, host, live) : undefined;
      if (source) entry.rule = sheet.href ? absolutify(source, sheet.href) : source;
    }
  }
}

/** `sheet`'s rules as rrweb records them in an `AdoptedStyleSheet` event, mended. */
export function currentRules(sheet: CSSStyleSheet, host: Element | null): { rule: string; index: number }[] {
  return Array.from(sheet.cssRules, (rule, index) => {
    const text = rule.cssText;
    const source = hasLostDeclarations(text) ? sourceOf(sheet, host, text) : undefined;
    return { rule: source ?? text, index };
  });
}

/** `cssText` (rrweb's text of `sheet`) with each rule that lost declarations replaced by its source. */
function mendText(cssText: string, sheet: CSSStyleSheet, owner: Node, base: string): string {
  let text = cssText;
  for (const rule of Array.from(sheet.cssRules)) {
    if (!hasLostDeclarations(rule.cssText)) continue;
    const source = sourceOf(sheet, owner, rule.cssText);
    const at = text.indexOf(rule.cssText);
    if (source && at >= 0) text = text.slice(0, at) + absolutify(source, base) + text.slice(at + rule.cssText.length);
  }
  return text;
}

function sourceOf(sheet: CSSStyleSheet, owner: Node | null, serialised: string): string | undefined {
  const texts = sheetSources(sheet, owner);
  const key = `${sourcesVersion()}:${texts.reduce((n, text) => n + text.length, 0)}`;
  let known = repairs.get(sheet);
  if (known?.key !== key) {
    known = { key, bySerialisation: lostRules(texts) };
    repairs.set(sheet, known);
  }
  return known.bySerialisation.get(serialised);
}

/** Source rules whose serialisation lost declarations, by that serialisation (parsed in a scratch sheet). */
function lostRules(texts: string[]): Map<string, string> {
  const found = new Map<string, string>();
  const replaceSync = nativeReplaceSync;
  if (!replaceSync) return found;
  const scratch = new CSSStyleSheet();
  const parse = (text: string) => {
    try {
      replaceSync.call(scratch, text);
      return Array.from(scratch.cssRules, (rule) => rule.cssText);
    } catch {
      return [];
    }
  };
  for (const text of texts) {
    const rules = splitRules(text);
    const whole = parse(text);
    // The browser drops rules it cannot parse; only then is each rule parsed alone.
    const serialised = whole.length === rules.length ? whole : rules.map((rule) => parse(rule)[0] ?? '');
    rules.forEach((rule, i) => {
      const text = serialised[i];
      if (text && hasLostDeclarations(text)) found.set(text, rule);
    });
  }
  return found;
}

const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

/** Relative `url()`s made absolute against `base`, as rrweb does for the rest of the sheet. */
function absolutify(css: string, base: string): string {
  return css.replace(CSS_URL, (match, quote: string, url: string) => {
    if (/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(url)) return match;
    try {
      return `url(${quote}${new URL(url, base).href}${quote})`;
    } catch {
      return match;
    }
  });
}

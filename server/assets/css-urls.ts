/**
 * @module server/assets/css-urls
 * The addresses inside CSS text — `url(…)` (fonts, backgrounds, cursors,
 * `@import url(…)`) and `@import "…"` — found and replaced in one pass.
 * Relative addresses resolve against the stylesheet's own URL (or the page's,
 * for inline styles); only `http(s):` results are handed to the callback,
 * `data:`, `blob:` and in-document `#fragment` references stay as they are.
 *
 * A regular expression, not a CSS parser: the server only swaps addresses and
 * never interprets the rest, so a construct it misreads is left unchanged
 * (and, at worst, not captured).
 */

/** `url(x)`, `url('x')`, `url("x")`, with optional spaces inside the parentheses. */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]*))\s*\)/gi;
/** `@import "x"` / `@import 'x'` (the `url(…)` form is caught by {@link CSS_URL}). */
const CSS_IMPORT = /@import\s+(?:"([^"]*)"|'([^']*)')/gi;

/** The absolute http(s) form of `value` against `base` without its `#fragment`, or undefined (data:, fragments, unparsable). */
export function absoluteHttpUrl(value: string, base: string | undefined): string | undefined {
  return resolveHttpUrl(value, base)?.url;
}

/** {@link absoluteHttpUrl} and the fragment it dropped (`#icon` of an SVG sprite), to put back after a swap. */
function resolveHttpUrl(value: string, base: string | undefined): { url: string; fragment: string } | undefined {
  const v = value.trim();
  if (v === '' || v.startsWith('#') || /^(data|blob|about|javascript):/i.test(v)) return undefined;
  try {
    const url = base ? new URL(v, base) : new URL(v);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const fragment = url.hash;
    url.hash = '';
    return { url: url.href, fragment };
  } catch {
    return undefined;
  }
}

/**
 * `map` applied to one address: the replacement (with the original's
 * `#fragment` kept), or undefined when it is not an http(s) address or `map`
 * keeps it.
 */
export function mapOneUrl(value: string, base: string | undefined, map: (absoluteUrl: string) => string | undefined): string | undefined {
  const resolved = resolveHttpUrl(value, base);
  const replacement = resolved && map(resolved.url);
  return replacement === undefined ? undefined : replacement + resolved!.fragment;
}

/**
 * Calls `map` with every absolute http(s) address in `css` and puts what it
 * answers in its place (undefined keeps the original text).
 */
export function mapCssUrls(css: string, base: string | undefined, map: (absoluteUrl: string) => string | undefined): string {
  if (!/url\(|@import/i.test(css)) return css;
  const swap = (whole: string, found: string, rebuild: (url: string) => string) => {
    const replacement = mapOneUrl(found, base, map);
    return replacement === undefined ? whole : rebuild(replacement);
  };
  return css
    .replace(CSS_URL, (whole, dq?: string, sq?: string, bare?: string) =>
      swap(whole, dq ?? sq ?? bare ?? '', (url) => `url("${cssString(url)}")`),
    )
    .replace(CSS_IMPORT, (whole, dq?: string, sq?: string) => swap(whole, dq ?? sq ?? '', (url) => `@import "${cssString(url)}"`));
}

/** Every absolute http(s) address `css` references (see {@link mapCssUrls}). */
export function cssUrls(css: string, base: string | undefined): string[] {
  const found = new Set<string>();
  mapCssUrls(css, base, (url) => {
    found.add(url);
    return undefined;
  });
  return [...found];
}

/** A URL safe inside a double-quoted CSS string. */
const cssString = (url: string) => url.replace(/["\\\n\r]/g, (ch) => `\\${ch === '\n' ? 'a ' : ch === '\r' ? 'd ' : ch}`);

/**
 * @module recorder/css-text/split-rules
 * A stylesheet's source text cut into its top-level rules, as written (a
 * style rule with its block, an at-rule with its block or up to its `;`).
 * Only as much CSS syntax as that needs: comments, strings, escapes, nested
 * braces.
 */

/** The top-level rules of `css`, each as its own source text (comments dropped, trimmed). */
export function splitRules(css: string): string[] {
  const rules: string[] = [];
  let start = 0;
  let depth = 0;
  let text = '';
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      text += css.slice(start, i);
      i = end < 0 ? css.length : end + 1;
      start = i + 1;
    } else if (c === '"' || c === "'") {
      for (i++; i < css.length && css[i] !== c; i++) if (css[i] === '\\') i++;
    } else if (c === '\\') {
      i++;
    } else if (c === '{') {
      depth++;
    } else if (c === '}' || (c === ';' && depth === 0)) {
      if (c === '}') depth = Math.max(0, depth - 1);
      if (depth === 0) {
        const rule = (text + css.slice(start, i + 1)).trim();
        if (rule && rule !== ';') rules.push(rule);
        text = '';
        start = i + 1;
      }
    }
  }
  return rules;
}

/**
 * Whether a rule's serialisation lost declarations: a longhand of a
 * shorthand written with `var()` and partly overridden by a later longhand
 * serialises as an empty value (`border-top-color: ;`, CSSOM's
 * pending-substitution rule), which no browser parses back.
 */
export function hasLostDeclarations(cssText: string): boolean {
  return EMPTY_VALUE.test(cssText);
}

const EMPTY_VALUE = /[\w-]:\s*;/;

/**
 * @module scripts/rrweb-rewrite
 * What the recorder build's rewrites of rrweb's published file share
 * (`rrweb-record-only.ts`, `rrweb-block-memo.ts`,
 * `rrweb-blocked-shadow-roots.ts`): a Vite plugin that applies a list of
 * rewrites to `rrweb/dist/rrweb.js` and to nothing else, each found exactly
 * as often as expected. When rrweb's file no longer looks as expected (an
 * rrweb upgrade) the build fails, naming the plugin to revisit, rather than
 * the rewrite silently doing nothing.
 */
import type { Plugin } from 'vite';

const RRWEB_FILE = /[\\/]node_modules[\\/]rrweb[\\/]dist[\\/]rrweb\.js$/;

export interface RrwebRewrite {
  what: string;
  /** Literal text (every occurrence replaced, the replacement taken as it is) or a pattern (`String.replace`'s rules). */
  find: string | RegExp;
  replacement: string;
  /** How many places it must match in rrweb 2.2's file. */
  expected: number;
}

function occurrences(code: string, find: string | RegExp): number {
  if (typeof find === 'string') return code.split(find).length - 1;
  const global = find.flags.includes('g') ? find : new RegExp(find.source, `${find.flags}g`);
  return code.match(global)?.length ?? 0;
}

/** A plugin named `cobrowse:<name>`, defined in `scripts/<name>.ts`, applying `rewrites` in order. */
export function rrwebRewritePlugin(name: string, rewrites: readonly RrwebRewrite[]): Plugin {
  return {
    name: `cobrowse:${name}`,
    transform(code, id) {
      if (!RRWEB_FILE.test(id)) return undefined;
      let out = code;
      for (const { what, find, replacement, expected } of rewrites) {
        const found = occurrences(out, find);
        if (found !== expected) {
          this.error(`${name}: expected ${expected} × ${what} in ${id}, found ${found}: rrweb changed, revisit scripts/${name}.ts`);
        }
        out = typeof find === 'string' ? out.split(find).join(replacement) : out.replace(find, replacement);
      }
      return { code: out, map: null };
    },
  };
}

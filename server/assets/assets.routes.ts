/**
 * @module server/assets/assets.routes
 * `GET /assets/:hash`: a captured stylesheet, image or font, by the SHA-256
 * of its bytes — what replays (the advisor app's, a tutorial's, an exported
 * recording's in stock rrweb tools anywhere) load instead of the recorded
 * site's files.
 *
 * Public, as `<img>` and `url()` carry no credentials, and safe to be:
 * - only blobs some stored session references are answered: no upload, no
 *   fetch on demand, nothing here takes a URL — it is not a proxy;
 * - a content address is unguessable without the content itself;
 * - served inertly: the stored type, `nosniff`, and a sandboxing CSP (an SVG
 *   or anything else opened directly runs no script, loads nothing, and
 *   is not our origin); never framed by other sites.
 * Content never changes under its hash, so it is cached for good.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../errors.ts';
import { route } from '../contracts/route.ts';
import type { AppDeps } from '../types.ts';
import { ASSET_HASH_PATTERN, referencedBlob } from './asset-store.ts';

/** Sandboxed, nothing loaded: a stored file opened as a page can do nothing (SVG scripts included). */
const ASSET_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";

export function assetsRoutes({ database: { db } }: AppDeps) {
  return new Hono().get(
    '/:hash',
    ...route({
      summary: "A recorded site's stylesheet, image or font, as captured for replays",
      description: 'By the SHA-256 of its bytes; only files captured for a stored recording are answered.',
      tags: ['sessions'],
      access: 'public',
      params: z.object({ hash: z.string().regex(ASSET_HASH_PATTERN) }),
      responses: {
        200: { description: 'The stored bytes, with their type (immutable).', binary: true },
        304: { description: 'Not modified (If-None-Match).' },
      },
      errors: { 404: 'No captured file has this hash.' },
    }),
    async (c) => {
      const hash = c.req.param('hash');
      const blob = ASSET_HASH_PATTERN.test(hash) ? await referencedBlob(db, hash) : undefined;
      if (!blob) throw notFound('no such asset');
      const etag = `"${hash}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Content-Security-Policy', ASSET_CSP);
      c.header('X-Frame-Options', 'DENY');
      c.header('Referrer-Policy', 'no-referrer');
      // Exported recordings replay anywhere: fonts are fetched with CORS, images across origins.
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      c.header('Access-Control-Allow-Origin', '*');
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      c.header('Content-Type', blob.contentType);
      return c.body(new Uint8Array(blob.data), 200);
    },
  );
}

/**
 * @module server/assets/export-fonts
 * The rrweb export's one difference from the other serving paths: a font a
 * page's script added by URL (rrweb's Font event, `new FontFace(name,
 * 'url(…)')`) whose file the server copied is written with the copy's bytes,
 * as rrweb itself records a font made from bytes (`buffer: true`,
 * `fontSource`: the bytes as a JSON array).
 *
 * Why: stock rrweb's Replayer builds the event's FontFace in its own window
 * and adds it to the replay iframe's document. Chromium loads a URL face
 * made that way but never draws the replay's text with it (a URL face
 * belongs to the realm that made it), so stock tools over the export would
 * show fallback glyphs; a face made from bytes is drawn anywhere. Our own
 * player builds URL faces in the replay's realm instead
 * (client/player/font-replay-plugin.ts) and keeps the lighter URL form.
 *
 * Only a source that is exactly one of this session's copies (`url(…)`,
 * optionally with `format(…)`) stored as a font; anything else is left as
 * the rewrite gave it.
 */
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import { assetUrl, type ChunkRewriter } from './asset-rewrite.ts';
import { referencedBlob, sessionAssetMap } from './asset-store.ts';

const FONT_EVENT = Buffer.from('"fontSource"');

/** Font content types as stored (`asset-types.ts`). */
const isFontType = (contentType: string) => contentType.startsWith('font/') || contentType === 'application/vnd.ms-fontobject';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `rewrite` (the session's rewriter) with its copied URL fonts written as their bytes. */
export async function exportFontsAsBytes(
  db: Db,
  config: Pick<Config, 'publicUrl'>,
  sessionId: string,
  rewrite: ChunkRewriter,
): Promise<ChunkRewriter> {
  const hashes = new Set((await sessionAssetMap(db, [sessionId])).values());
  if (hashes.size === 0) return rewrite;
  const copy = new RegExp(
    `^\\s*url\\(\\s*(["']?)${escapeRegExp(assetUrl(config, ''))}([0-9a-f]{64})\\1\\s*\\)\\s*(format\\([^)]*\\)\\s*)?$`,
  );
  /** Bytes as rrweb records them, per hash (a font repeated across chunks is read once). */
  const sources = new Map<string, string | null>();
  const bytesOf = async (hash: string) => {
    if (!sources.has(hash)) {
      const blob = await referencedBlob(db, hash);
      sources.set(hash, blob && isFontType(blob.contentType) ? JSON.stringify(Array.from(blob.data)) : null);
    }
    return sources.get(hash) ?? null;
  };

  return async (json) => {
    const served = await rewrite(json);
    const text = Buffer.from(served.buffer, served.byteOffset, served.byteLength);
    if (text.indexOf(FONT_EVENT) === -1) return served;
    const events = JSON.parse(text.toString('utf8')) as eventWithTime[];
    let changed = false;
    for (const event of events) {
      if (event.type !== EventType.IncrementalSnapshot || event.data.source !== IncrementalSource.Font) continue;
      const data = event.data;
      if (data.buffer || typeof data.fontSource !== 'string') continue;
      const hash = copy.exec(data.fontSource)?.[2];
      const bytes = hash && hashes.has(hash) ? await bytesOf(hash) : null;
      if (!bytes) continue;
      data.buffer = true;
      data.fontSource = bytes;
      changed = true;
    }
    return changed ? Buffer.from(JSON.stringify(events)) : served;
  };
}

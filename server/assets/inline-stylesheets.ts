/**
 * @module server/assets/inline-stylesheets
 * Stylesheets stored once per content. rrweb writes a readable stylesheet
 * (`<link rel=stylesheet>` of the page's own origin) into the recording as
 * its whole text (`_cssText`), again in every full snapshot: every page
 * load and every checkout of a session repeats the site's CSS. Ingest keeps
 * each such text once (`asset_blobs`, by SHA-256) and stores a reference in
 * its place (`cobrowse-asset:sha256:<hash>`); every path that reads stored
 * chunks puts the text back ({@link expandInlineStylesheets}), so players,
 * the export (plain rrweb JSON) and tutorials see exactly what was recorded.
 *
 * Only texts of at least {@link MIN_SHARED_CSS} characters: a small style is
 * cheaper inline than as a reference and a row. A text is kept zstd-compressed
 * ({@link KEPT_TEXT_TYPE}; a fast level, ingest waits for it), named by the
 * hash of those bytes: never the same key as a captured file served as it is
 * (`/assets/:hash`). Texts kept before that are plain CSS and read as such.
 */
import { promisify } from 'node:util';
import { constants, zstdCompress as zstdCompressCb, zstdDecompress as zstdDecompressCb } from 'node:zlib';
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assetBlobs } from '../../db/schema.ts';
import { putBlob, recordAsset } from './asset-store.ts';

const zstdCompress = promisify(zstdCompressCb);
const zstdDecompress = promisify(zstdDecompressCb);

export const INLINE_CSS_PREFIX = 'cobrowse-asset:sha256:';
export const MIN_SHARED_CSS = 1024;
/** The type of a kept text's blob: its UTF-8 bytes, zstd-compressed. */
export const KEPT_TEXT_TYPE = 'application/zstd';
/** About 2 ms for a 120 KiB stylesheet, within 12 % of the slowest level's size. */
const KEPT_TEXT_LEVEL = 6;
const PREFIX_BYTES = Buffer.from(INLINE_CSS_PREFIX);

interface SerializedNode {
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

/** Calls `swap` on every `_cssText` value (snapshots, added nodes, attribute changes); it answers the new value. */
function eachCssText(events: readonly eventWithTime[], swap: (css: string) => string): void {
  // Ingest checks only the events' envelope: anything inside may be malformed, and is skipped.
  const attributes = (attrs: Record<string, unknown> | undefined) => {
    if (!isObject(attrs)) return;
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (name.toLowerCase() === '_csstext' && typeof value === 'string') attrs[name] = swap(value);
    }
  };
  const node = (n: SerializedNode | undefined) => {
    if (!isObject(n)) return;
    attributes(n.attributes);
    if (Array.isArray(n.childNodes)) n.childNodes.forEach(node);
  };
  const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value.filter(isObject) : []);
  for (const event of events) {
    if (!isObject(event) || !isObject(event.data)) continue;
    if (event.type === EventType.FullSnapshot) node(event.data.node as SerializedNode);
    else if (event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Mutation) {
      for (const add of list(event.data.adds)) node(add.node as SerializedNode);
      for (const change of list(event.data.attributes)) attributes(change.attributes);
    }
  }
}

function isObject<T>(value: T): value is T & object {
  return typeof value === 'object' && value !== null;
}

/**
 * Stores the chunk's large inline stylesheets once and puts references in
 * their place, in `events` itself; answers whether anything changed.
 */
export async function shareInlineStylesheets(
  db: Db,
  owner: { sessionId: string; siteId: string },
  events: eventWithTime[],
): Promise<boolean> {
  const texts = new Map<string, string>();
  eachCssText(events, (css) => {
    if (css.length >= MIN_SHARED_CSS) texts.set(css, '');
    return css;
  });
  if (texts.size === 0) return false;
  for (const css of texts.keys()) {
    const packed = await zstdCompress(new TextEncoder().encode(css), { params: { [constants.ZSTD_c_compressionLevel]: KEPT_TEXT_LEVEL } });
    const hash = await putBlob(db, packed, KEPT_TEXT_TYPE);
    // The session's reference keeps the text served and deleted with it (server/data-deletion).
    await recordAsset(db, { ...owner, url: `${INLINE_CSS_PREFIX}${hash}`, hash, byteSize: 0, error: null });
    texts.set(css, `${INLINE_CSS_PREFIX}${hash}`);
  }
  eachCssText(events, (css) => texts.get(css) || css);
  return true;
}

/** Whether a chunk's JSON holds stylesheet references to put back. */
export const hasSharedStylesheets = (json: Uint8Array) =>
  Buffer.from(json.buffer, json.byteOffset, json.byteLength).indexOf(PREFIX_BYTES) !== -1;

/** Puts the stored texts back in place of the references, in `events` itself. */
export async function expandInlineStylesheets(db: Db, events: eventWithTime[]): Promise<void> {
  const hashes = new Set<string>();
  eachCssText(events, (css) => {
    if (css.startsWith(INLINE_CSS_PREFIX)) hashes.add(css.slice(INLINE_CSS_PREFIX.length));
    return css;
  });
  if (hashes.size === 0) return;
  const rows = await db
    .select({ hash: assetBlobs.hash, contentType: assetBlobs.contentType, data: assetBlobs.data })
    .from(assetBlobs)
    .where(inArray(assetBlobs.hash, [...hashes]));
  const texts = new Map<string, string>();
  for (const r of rows) {
    const bytes = r.contentType === KEPT_TEXT_TYPE ? await zstdDecompress(r.data) : Buffer.from(r.data);
    texts.set(r.hash, bytes.toString('utf8'));
  }
  eachCssText(events, (css) => (css.startsWith(INLINE_CSS_PREFIX) ? (texts.get(css.slice(INLINE_CSS_PREFIX.length)) ?? '') : css));
}

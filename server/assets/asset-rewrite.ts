/**
 * @module server/assets/asset-rewrite
 * Recorded events as served: every address with a stored copy points at the
 * server's copy (`${PUBLIC_URL}/assets/<hash>`) instead of the recorded site.
 * The one rewrite every serving path uses — the player's chunk answers (also
 * in the case view), the rrweb export, a live view's events — so a replay
 * never depends on the site and never tells it who watched. Addresses
 * without a copy keep their original URL (the advisor app's CSP still stops
 * the browser from fetching them).
 *
 * Cheap when there is nothing to do: a session without copies is passed
 * through untouched, and a chunk whose JSON names none of the copied URLs is
 * not parsed.
 */
import type { eventWithTime } from '@rrweb/types';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tutorialSources } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { publicUrl } from '../public-url.ts';
import { isGzip, storedChunkJson } from '../storage/chunk-codec.ts';
import { scannedSeqs, sessionAssetMap } from './asset-store.ts';
import { eventUrls, mapEventUrls } from './event-urls.ts';
import { expandInlineStylesheets, hasSharedStylesheets, INLINE_CSS_PREFIX } from './inline-stylesheets.ts';

/** Where stored copies are served. */
export const ASSETS_BASE = '/assets';

/** The absolute address of a stored copy. */
export const assetUrl = (config: Pick<Config, 'publicUrl'>, hash: string) => `${publicUrl(config)}${ASSETS_BASE}/${hash}`;

/**
 * Rewrites one stored chunk's JSON text (an event array): stylesheets kept
 * once put back (`inline-stylesheets.ts`), addresses with a copy pointed at
 * it; answers the same bytes when there is nothing to do.
 */
export type ChunkRewriter = (json: Uint8Array) => Promise<Uint8Array>;

/** The rewriter of a session's chunks. */
export async function sessionRewriter(db: Db, config: Pick<Config, 'publicUrl'>, sessionId: string): Promise<ChunkRewriter> {
  return rewriterOf(db, config, await sessionAssetMap(db, [sessionId]));
}

/**
 * The rewriter of a tutorial's events (its preview, its published versions'
 * own chunks): the copies of its source recordings. A source deleted since
 * (retention) takes its copies with it; its addresses then stay as recorded,
 * which the tutorial player blanks.
 */
export async function tutorialRewriter(db: Db, config: Pick<Config, 'publicUrl'>, tutorialId: string): Promise<ChunkRewriter> {
  const sources = await db
    .selectDistinct({ sessionId: tutorialSources.sessionId })
    .from(tutorialSources)
    .where(eq(tutorialSources.tutorialId, tutorialId));
  return rewriterOf(
    db,
    config,
    await sessionAssetMap(
      db,
      sources.map((s) => s.sessionId),
    ),
  );
}

function rewriterOf(db: Db, config: Pick<Config, 'publicUrl'>, copies: Map<string, string>): ChunkRewriter {
  const needles = [...copies.keys()].filter((url) => !url.startsWith(INLINE_CSS_PREFIX)).map((url) => Buffer.from(url));
  return async (json) => {
    const text = Buffer.from(json.buffer, json.byteOffset, json.byteLength);
    const shared = hasSharedStylesheets(text);
    // NOTE: a prefilter on the raw text: a URL JSON had to escape is missed here and keeps its original address.
    if (!shared && !needles.some((needle) => text.includes(needle))) return json;
    const events = JSON.parse(text.toString('utf8')) as eventWithTime[];
    if (shared) await expandInlineStylesheets(db, events);
    const rewritten =
      needles.length === 0
        ? events
        : mapEventUrls(events, (url) => {
            const hash = copies.get(url);
            return hash === undefined ? undefined : assetUrl(config, hash);
          });
    return Buffer.from(JSON.stringify(rewritten));
  };
}

export interface ServedChunks {
  /** Each chunk's JSON text as served (rewritten or as stored). */
  json: Uint8Array[];
  /** Per chunk: whether `json` differs from what is stored (then the stored gzip bytes cannot be sent). */
  changed: boolean[];
  /**
   * True when no chunk can change any more (each one's capture is done, or it
   * names no address): then the answer may be cached for good.
   */
  settled: boolean;
}

/** Stored chunks (their stored bytes, in the order of `seqs`) as every serving path answers them. */
export async function servedChunks(
  db: Db,
  config: Pick<Config, 'publicUrl'>,
  sessionId: string,
  seqs: readonly number[],
  stored: readonly Uint8Array[],
): Promise<ServedChunks> {
  const [rewrite, scanned] = await Promise.all([sessionRewriter(db, config, sessionId), scannedSeqs(db, sessionId, seqs)]);
  const json: Uint8Array[] = [];
  const changed: boolean[] = [];
  let settled = true;
  for (const [i, data] of stored.entries()) {
    const raw = await storedChunkJson(db, sessionId, data);
    const served = await rewrite(raw);
    json.push(served);
    // A compacted chunk (server/storage) is not gzip: it is sent gzipped anew.
    changed.push(served !== raw || !isGzip(data));
    // A shared stylesheet's url()s are not in the raw text: such a chunk waits for its capture too.
    if (settled && !scanned.has(seqs[i]!) && (hasSharedStylesheets(raw) || namesAssets(raw))) settled = false;
  }
  return { json, changed, settled };
}

const SCHEME = Buffer.from('://');

/** Whether a chunk's JSON names an address capture would fetch (cheap test first: most chunks name none). */
export function namesAssets(json: Uint8Array): boolean {
  const text = Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  if (text.indexOf(SCHEME) === -1) return false;
  return eventUrls(JSON.parse(text.toString('utf8')) as eventWithTime[]).length > 0;
}

/**
 * @module server/assets/asset-capture
 * Captures what one stored chunk's events reference: each address
 * (`event-urls.ts`) the session has not tried yet is fetched from the site's
 * allowed origins (`asset-fetch.ts`) and stored once per content
 * (`asset-store.ts`); a stylesheet's own `url()`s and `@import`s are captured
 * too (relative to the stylesheet, a few levels deep) and rewritten to the
 * stored copies' names, so the stored stylesheet needs nothing from the site.
 *
 * Every URL tried is remembered for the session, with its copy or the reason
 * there is none, so a later chunk naming it again costs nothing and the
 * per-session byte limit holds across chunks. A site with `captureAssets`
 * off is never fetched from.
 */
import { and, eq } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import type { Db } from '../../db/client.ts';
import { eventChunks, sessions, sites } from '../../db/schema.ts';
import type { Logger } from '../logger.ts';
import { fetchAsset, type AssetFetchPolicy } from './asset-fetch.ts';
import { markScanned, putBlob, recordAsset, sessionAssetBytes, sessionAssetHashes } from './asset-store.ts';
import { CSS_TYPE } from './asset-types.ts';
import { cssUrls, mapCssUrls } from './css-urls.ts';
import { eventUrls } from './event-urls.ts';
import { expandInlineStylesheets } from './inline-stylesheets.ts';
import { storedChunkJson } from '../storage/chunk-codec.ts';

export interface CaptureLimits {
  maxBytes: number;
  sessionMaxBytes: number;
  timeoutMs: number;
}

/** Addresses tried per chunk at most (a page naming thousands is cut, not fetched forever). */
const MAX_URLS_PER_CHUNK = 300;
/** Fetches of one chunk's files running at once. */
const FETCH_CONCURRENCY = 4;
/** How deep stylesheets importing stylesheets are followed. */
const MAX_CSS_DEPTH = 3;

export interface CaptureResult {
  tried: number;
  stored: number;
}

/** Captures the assets chunk `seq` of the session references; a no-op when the site turned capture off. */
export async function captureChunkAssets(
  db: Db,
  logger: Logger,
  limits: CaptureLimits,
  sessionId: string,
  seq: number,
): Promise<CaptureResult> {
  const result = await captureNew(db, logger, limits, sessionId, seq);
  // A chunk deleted meanwhile (retention, erasure) has nothing left to mark.
  if (result) await markScanned(db, sessionId, seq);
  return result ?? { tried: 0, stored: 0 };
}

async function captureNew(
  db: Db,
  logger: Logger,
  limits: CaptureLimits,
  sessionId: string,
  seq: number,
): Promise<CaptureResult | undefined> {
  const [row] = await db
    .select({ siteId: sites.id, origins: sites.allowedOrigins, capture: sites.captureAssets, data: eventChunks.data })
    .from(eventChunks)
    .innerJoin(sessions, eq(sessions.id, eventChunks.sessionId))
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, seq)));
  if (!row) return undefined;
  if (!row.capture) return { tried: 0, stored: 0 };
  const events = JSON.parse((await storedChunkJson(db, sessionId, row.data)).toString('utf8')) as eventWithTime[];
  // The site's stylesheets kept once: their url()s are what a replay needs most.
  await expandInlineStylesheets(db, events);
  const known = await sessionAssetHashes(db, sessionId);
  const wanted = eventUrls(events)
    .filter((url) => !known.has(url))
    .slice(0, MAX_URLS_PER_CHUNK);
  if (wanted.length === 0) return { tried: 0, stored: 0 };

  const capture = new SessionCapture(
    db,
    { origins: row.origins, maxBytes: limits.maxBytes, timeoutMs: limits.timeoutMs },
    {
      sessionId,
      siteId: row.siteId,
      known,
      budget: limits.sessionMaxBytes - (await sessionAssetBytes(db, sessionId)),
    },
  );
  // A few at a time: a page's files are many and small, each fetch mostly waiting.
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) await capture.url(wanted[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, wanted.length) }, worker));
  logger.debug({ sessionId, seq, tried: capture.tried, stored: capture.stored }, 'assets captured');
  return { tried: capture.tried, stored: capture.stored };
}

interface SessionState {
  sessionId: string;
  siteId: string;
  /** URL → hash (null: tried, no copy), this session's, growing as URLs are tried. */
  known: Map<string, string | null>;
  /** Bytes the session may still store. */
  budget: number;
}

class SessionCapture {
  tried = 0;
  stored = 0;
  readonly #db: Db;
  readonly #policy: AssetFetchPolicy;
  readonly #state: SessionState;
  /** Captures under way, by URL (the workers share them). */
  readonly #pending = new Map<string, Promise<string | null>>();
  /** Stylesheets capturing the addresses they name. */
  readonly #readingStylesheets = new Set<string>();

  constructor(db: Db, policy: AssetFetchPolicy, state: SessionState) {
    this.#db = db;
    this.#policy = policy;
    this.#state = state;
  }

  /**
   * The stored copy's hash of `url` (captured now if new), or null when there
   * is none. `chain`: the stylesheets importing it (an `@import` cycle stops
   * there). A file another worker is fetching is waited for, never fetched
   * twice — except a stylesheet already reading its own references: waiting
   * for it could close a cycle across workers (stylesheets importing each
   * other), so its importer keeps the original address instead.
   */
  url(url: string, chain: readonly string[] = []): Promise<string | null> {
    const known = this.#state.known.get(url);
    if (known !== undefined) return Promise.resolve(known);
    if (chain.includes(url) || this.#readingStylesheets.has(url)) return Promise.resolve(null);
    let pending = this.#pending.get(url);
    if (!pending) {
      pending = this.#capture(url, chain).finally(() => this.#pending.delete(url));
      this.#pending.set(url, pending);
    }
    return pending;
  }

  async #capture(url: string, chain: readonly string[]): Promise<string | null> {
    this.tried++;
    const fetched = await fetchAsset(url, this.#policy);
    if (!fetched.ok) return this.#remember(url, null, 0, fetched.error);
    let { bytes } = fetched;
    if (fetched.contentType === CSS_TYPE) bytes = await this.#stylesheet(url, bytes, chain);
    if (bytes.byteLength > this.#state.budget) {
      return this.#remember(url, null, 0, `session limit: over the session's asset limit`);
    }
    // NOTE: taken from the budget before the write is awaited, so parallel fetches cannot overdraw it together.
    this.#state.budget -= bytes.byteLength;
    const hash = await putBlob(this.#db, bytes, fetched.contentType);
    this.stored++;
    return this.#remember(url, hash, bytes.byteLength, null);
  }

  /** The stylesheet with the addresses it names captured and pointing at the copies (relative: `/assets/<hash>` beside it). */
  async #stylesheet(url: string, bytes: Uint8Array, chain: readonly string[]): Promise<Uint8Array> {
    const text = new TextDecoder('utf-8').decode(bytes);
    const copies = new Map<string, string>();
    if (chain.length < MAX_CSS_DEPTH) {
      this.#readingStylesheets.add(url);
      try {
        for (const child of cssUrls(text, url).slice(0, MAX_URLS_PER_CHUNK)) {
          const hash = await this.url(child, [...chain, url]);
          if (hash) copies.set(child, hash);
        }
      } finally {
        this.#readingStylesheets.delete(url);
      }
    }
    return new TextEncoder().encode(mapCssUrls(text, url, (absolute) => copies.get(absolute)));
  }

  async #remember(url: string, hash: string | null, byteSize: number, error: string | null): Promise<string | null> {
    this.#state.known.set(url, hash);
    await recordAsset(this.#db, { sessionId: this.#state.sessionId, siteId: this.#state.siteId, url, hash, byteSize, error });
    return hash;
  }
}

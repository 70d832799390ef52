/**
 * @module server/assets/asset-store
 * Captured assets in the database: blobs once per content (`asset_blobs`,
 * keyed by the SHA-256 of the bytes) and, per session, what each URL its
 * recording names was when captured (`session_assets`). The only module
 * reading or writing those tables.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assetBlobs, assetScans, sessionAssets } from '../../db/schema.ts';

/** A SHA-256 in hex: the only form `/assets/:hash` answers to. */
export const ASSET_HASH_PATTERN = /^[0-9a-f]{64}$/;

export const assetHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Stores the bytes unless the same content is already there; answers their hash. */
export async function putBlob(db: Db, bytes: Uint8Array, contentType: string): Promise<string> {
  const hash = assetHash(bytes);
  await db.insert(assetBlobs).values({ hash, contentType, byteSize: bytes.byteLength, data: bytes }).onConflictDoNothing();
  return hash;
}

export interface AssetRecord {
  sessionId: string;
  siteId: string;
  url: string;
  /** The stored copy, or null with `error`. */
  hash: string | null;
  byteSize: number;
  error: string | null;
}

/** Remembers what a URL of the session was (the first answer stays: a recording shows one version). */
export async function recordAsset(db: Db, record: AssetRecord): Promise<void> {
  await db.insert(sessionAssets).values(record).onConflictDoNothing();
}

/** The session's URLs already tried, with their stored hash (null: no copy). */
export async function sessionAssetHashes(db: Db, sessionId: string): Promise<Map<string, string | null>> {
  const rows = await db
    .select({ url: sessionAssets.url, hash: sessionAssets.hash })
    .from(sessionAssets)
    .where(eq(sessionAssets.sessionId, sessionId));
  return new Map(rows.map((r) => [r.url, r.hash]));
}

/** URL → stored hash of the sessions' captured assets (those without a copy left out). */
export async function sessionAssetMap(db: Db, sessionIds: readonly string[]): Promise<Map<string, string>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db
    .select({ url: sessionAssets.url, hash: sessionAssets.hash })
    .from(sessionAssets)
    .where(and(inArray(sessionAssets.sessionId, [...sessionIds]), isNotNull(sessionAssets.hash)));
  return new Map(rows.map((r) => [r.url, r.hash!]));
}

/** How many of a site's latest copies a live view keeps in memory. */
const SITE_COPIES_LIMIT = 5_000;

/** URL → the site's latest stored copy, for every URL it has one of (the newest captures first, bounded). */
export async function latestSiteCopies(db: Db, siteId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ url: sessionAssets.url, hash: sessionAssets.hash })
    .from(sessionAssets)
    .where(and(eq(sessionAssets.siteId, siteId), isNotNull(sessionAssets.hash)))
    .orderBy(desc(sessionAssets.fetchedAt))
    .limit(SITE_COPIES_LIMIT);
  const copies = new Map<string, string>();
  // Newest first: the first hash met for a URL is its latest.
  for (const r of rows) if (!copies.has(r.url)) copies.set(r.url, r.hash!);
  return copies;
}

/** Bytes of the copies stored for the session so far (its share of the per-session limit). */
export async function sessionAssetBytes(db: Db, sessionId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${sessionAssets.byteSize}), 0)` })
    .from(sessionAssets)
    .where(eq(sessionAssets.sessionId, sessionId));
  return Number(row?.n ?? 0);
}

/** A blob some session still references (anything else is not served: no open store of arbitrary content). */
export async function referencedBlob(db: Db, hash: string): Promise<{ contentType: string; data: Uint8Array } | undefined> {
  const [row] = await db
    .select({ contentType: assetBlobs.contentType, data: assetBlobs.data })
    .from(assetBlobs)
    .where(and(eq(assetBlobs.hash, hash), sql`exists (select 1 from ${sessionAssets} where ${sessionAssets.hash} = ${assetBlobs.hash})`));
  return row;
}

/** Deletes blobs no session references any more (after sessions were deleted); answers how many went. */
export async function pruneOrphanBlobs(db: Db): Promise<number> {
  const gone = await db
    .delete(assetBlobs)
    .where(
      notExists(
        db
          .select({ one: sql`1` })
          .from(sessionAssets)
          .where(eq(sessionAssets.hash, assetBlobs.hash)),
      ),
    )
    .returning({ hash: assetBlobs.hash });
  return gone.length;
}

/** Marks a chunk's capture done (whatever it stored): its served form no longer changes. */
export async function markScanned(db: Db, sessionId: string, seq: number): Promise<void> {
  await db.insert(assetScans).values({ sessionId, seq }).onConflictDoNothing();
}

/** Which of these chunks of the session are marked done. */
export async function scannedSeqs(db: Db, sessionId: string, seqs: readonly number[]): Promise<Set<number>> {
  if (seqs.length === 0) return new Set();
  const rows = await db
    .select({ seq: assetScans.seq })
    .from(assetScans)
    .where(and(eq(assetScans.sessionId, sessionId), inArray(assetScans.seq, [...seqs])));
  return new Set(rows.map((r) => r.seq));
}

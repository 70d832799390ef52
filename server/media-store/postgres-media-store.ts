/**
 * @module server/media-store/postgres-media-store
 * Media chunks as bytea rows of `media_chunk_data` in the server's own
 * database (PGlite or PostgreSQL). `insert … on conflict do nothing` makes
 * put create-if-absent; a row is all there or not at all. Range reads use
 * `substring()` so only the asked bytes leave the database.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mediaChunkData } from '../../db/schema.ts';
import { MediaChunkConflictError, MediaChunkMissingError, type MediaChunkKey, type MediaStore } from './media-store.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class PostgresMediaStore implements MediaStore {
  readonly kind = 'postgres';
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  #where(key: MediaChunkKey) {
    return and(eq(mediaChunkData.sessionId, key.sessionId), eq(mediaChunkData.trackId, key.trackId), eq(mediaChunkData.seq, key.seq));
  }

  async put(key: MediaChunkKey, bytes: Uint8Array): Promise<{ duplicate: boolean }> {
    const hash = sha256(bytes);
    const inserted = await this.#db
      .insert(mediaChunkData)
      .values({ ...key, sha256: hash, data: bytes })
      .onConflictDoNothing()
      .returning({ seq: mediaChunkData.seq });
    if (inserted.length) return { duplicate: false };
    const [stored] = await this.#db.select({ sha256: mediaChunkData.sha256 }).from(mediaChunkData).where(this.#where(key));
    if (stored?.sha256 !== hash) throw new MediaChunkConflictError(key);
    return { duplicate: true };
  }

  async get(key: MediaChunkKey): Promise<Uint8Array | undefined> {
    const [row] = await this.#db.select({ data: mediaChunkData.data }).from(mediaChunkData).where(this.#where(key));
    return row ? new Uint8Array(row.data) : undefined;
  }

  async read(key: MediaChunkKey, offset: number, length: number): Promise<Uint8Array> {
    // NOTE: SQL substring() counts from 1.
    const [row] = await this.#db
      .select({ data: sql<Uint8Array>`substring(${mediaChunkData.data} from ${offset + 1}::int for ${length}::int)` })
      .from(mediaChunkData)
      .where(this.#where(key));
    if (!row) throw new MediaChunkMissingError(key);
    return new Uint8Array(row.data);
  }

  async list(sessionId: string, trackId: string): Promise<number[]> {
    const rows = await this.#db
      .select({ seq: mediaChunkData.seq })
      .from(mediaChunkData)
      .where(and(eq(mediaChunkData.sessionId, sessionId), eq(mediaChunkData.trackId, trackId)))
      .orderBy(asc(mediaChunkData.seq));
    return rows.map((r) => r.seq);
  }

  async delete(sessionId: string, trackId?: string): Promise<void> {
    await this.#db
      .delete(mediaChunkData)
      .where(
        trackId === undefined
          ? eq(mediaChunkData.sessionId, sessionId)
          : and(eq(mediaChunkData.sessionId, sessionId), eq(mediaChunkData.trackId, trackId)),
      );
  }
}

/**
 * @module server/media-store/media-store
 * Where recorded media chunks' bytes live, behind one small interface:
 * local disk (the embedded default) or a PostgreSQL bytea table, chosen by
 * `MEDIA_STORE`. The chunk index (offsets, durations, sha256) is in the
 * database either way (`media_chunks`); the store holds only bytes.
 *
 * `put` is create-if-absent: the same bytes again answer `duplicate`,
 * different bytes under a stored key throw {@link MediaChunkConflictError},
 * and a chunk is never visible half-written.
 */
export interface MediaChunkKey {
  sessionId: string;
  trackId: string;
  seq: number;
}

export interface MediaStore {
  readonly kind: 'disk' | 'postgres';
  /** Stores the bytes unless already there; `duplicate` when the same bytes were. */
  put(key: MediaChunkKey, bytes: Uint8Array): Promise<{ duplicate: boolean }>;
  /** The whole chunk, or undefined. */
  get(key: MediaChunkKey): Promise<Uint8Array | undefined>;
  /** `length` bytes of the chunk from `offset` (fewer at its end); throws when the chunk is missing. */
  read(key: MediaChunkKey, offset: number, length: number): Promise<Uint8Array>;
  /** The stored seqs of a track, ascending. */
  list(sessionId: string, trackId: string): Promise<number[]>;
  /** Deletes a track's chunks, or every track of the session. */
  delete(sessionId: string, trackId?: string): Promise<void>;
}

export class MediaChunkConflictError extends Error {
  override name = 'MediaChunkConflictError';
  constructor(key: MediaChunkKey) {
    super(`media chunk ${key.seq} of track ${key.trackId} is already stored with different bytes`);
  }
}

export class MediaChunkMissingError extends Error {
  override name = 'MediaChunkMissingError';
  constructor(key: MediaChunkKey) {
    super(`media chunk ${key.seq} of track ${key.trackId} is not in the store`);
  }
}

/** Track ids are chosen by the recorder; this keeps them safe as file names and URL segments. */
export const TRACK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

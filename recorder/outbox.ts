/**
 * @module recorder/outbox
 * Chunks waiting for the server, in IndexedDB: a chunk is written here before
 * its upload and deleted only once the server acknowledged it, so nothing is
 * lost to a network outage, a reload or a closed tab (the next page of the
 * site sends what is left, for any session). Also keeps each session's start
 * record, so a chunk whose session the server does not know can be preceded
 * by its session start, even from a later page.
 *
 * Recorded video waits here too, in its own stores: each track's start
 * record (`media-tracks`) and its WebM chunks (`media-chunks`, keyed by
 * session, track and seq), with the same rule: deleted only once acknowledged.
 *
 * A session's record also keeps its secret (`token`, from the server's answer
 * to the session start): chunks left by a tab that crashed are uploaded by a
 * later page of the same origin, which needs it. When a session's secret was
 * lost (the start's answer never arrived), the record points at the session
 * that replaces it (`renamedTo`) and its waiting chunks move there.
 *
 * Falls back to memory when IndexedDB is unavailable (private modes, blocked
 * storage): uploads still work, they just do not survive the page.
 */
import type { SessionStart } from '../protocol/ingest.ts';
import type { MediaTrackStart } from '../protocol/media.ts';
import type { EncodedBody } from './compress.ts';
import { log } from './logger.ts';

const DB_NAME = 'cobrowse-recorder';
// NOTE: version 2 added the media stores; an older page's connection closes on `versionchange`.
const DB_VERSION = 2;
const CHUNKS = 'chunks';
const SESSIONS = 'sessions';
const MEDIA_TRACKS = 'media-tracks';
const MEDIA_CHUNKS = 'media-chunks';

/** Where and how an item is uploaded. */
export interface Destination {
  endpoint: string;
  siteKey: string;
}

export interface OutboxChunk extends Destination, EncodedBody {
  sessionId: string;
  seq: number;
  createdAt: number;
}

export interface OutboxSession extends Destination {
  sessionId: string;
  start: SessionStart;
  /** True once the server acknowledged the start (skip re-sending it). */
  acked: boolean;
  /** The session's secret, once the server handed it out (same-origin storage only; never uploaded as data). */
  token?: string;
  /** Set when this session's secret was lost: its chunks go to this session instead. */
  renamedTo?: string;
  updatedAt: number;
}

/** A video track's start record (one MediaRecorder run). */
export interface OutboxMediaTrack extends Destination {
  sessionId: string;
  trackId: string;
  start: MediaTrackStart;
  acked: boolean;
  createdAt: number;
}

/** One `dataavailable` blob of a video track. */
export interface OutboxMediaChunk extends Destination {
  sessionId: string;
  trackId: string;
  seq: number;
  /** ms from the track's startedAt. */
  startMs: number;
  durationMs: number;
  contentType: string;
  body: ArrayBuffer;
  createdAt: number;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS, { keyPath: ['sessionId', 'seq'] });
      if (!db.objectStoreNames.contains(SESSIONS)) db.createObjectStore(SESSIONS, { keyPath: 'sessionId' });
      if (!db.objectStoreNames.contains(MEDIA_TRACKS)) db.createObjectStore(MEDIA_TRACKS, { keyPath: ['sessionId', 'trackId'] });
      if (!db.objectStoreNames.contains(MEDIA_CHUNKS)) {
        db.createObjectStore(MEDIA_CHUNKS, { keyPath: ['sessionId', 'trackId', 'seq'] });
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      // Let a newer recorder version upgrade the database.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB upgrade blocked'));
  });
}

export interface NextUpload {
  chunk?: OutboxChunk;
  media?: OutboxMediaChunk;
}

/** The oldest waiting DOM chunk, else the oldest media chunk, read in `tx`. */
async function nextIn(tx: IDBTransaction): Promise<NextUpload> {
  const cursor = await request(tx.objectStore(CHUNKS).openCursor());
  if (cursor) return { chunk: cursor.value as OutboxChunk };
  const media = await request(tx.objectStore(MEDIA_CHUNKS).openCursor());
  return { media: (media?.value as OutboxMediaChunk | undefined) ?? undefined };
}

const chunkKey = (sessionId: string, seq: number) => `${sessionId}/${seq}`;
const mediaKey = (sessionId: string, trackId: string, seq = -1) => `${sessionId}/${trackId}/${seq}`;

export class Outbox {
  #db: Promise<IDBDatabase | null>;
  #memoryChunks = new Map<string, OutboxChunk>();
  #memorySessions = new Map<string, OutboxSession>();
  #memoryTracks = new Map<string, OutboxMediaTrack>();
  #memoryMedia = new Map<string, OutboxMediaChunk>();

  constructor() {
    this.#db =
      typeof indexedDB === 'undefined'
        ? Promise.resolve(null)
        : openDb().catch((error: unknown) => {
            log.warn('IndexedDB unavailable, unsent chunks will not survive this page', error);
            return null;
          });
  }

  async putChunk(chunk: OutboxChunk): Promise<void> {
    const db = await this.#db;
    if (!db) return void this.#memoryChunks.set(chunkKey(chunk.sessionId, chunk.seq), chunk);
    const tx = db.transaction(CHUNKS, 'readwrite', { durability: 'strict' });
    tx.objectStore(CHUNKS).put(chunk);
    await done(tx);
  }

  async deleteChunk(sessionId: string, seq: number): Promise<void> {
    const db = await this.#db;
    if (!db) return void this.#memoryChunks.delete(chunkKey(sessionId, seq));
    const tx = db.transaction(CHUNKS, 'readwrite');
    tx.objectStore(CHUNKS).delete([sessionId, seq]);
    await done(tx);
  }

  /** The oldest waiting chunk: lowest session id then lowest seq (key order). */
  async firstChunk(): Promise<OutboxChunk | undefined> {
    const db = await this.#db;
    if (!db) {
      return [...this.#memoryChunks.values()].sort((a, b) =>
        a.sessionId === b.sessionId ? a.seq - b.seq : a.sessionId < b.sessionId ? -1 : 1,
      )[0];
    }
    const tx = db.transaction(CHUNKS, 'readonly');
    const cursor = await request(tx.objectStore(CHUNKS).openCursor());
    return (cursor?.value as OutboxChunk | undefined) ?? undefined;
  }

  /**
   * What to upload next: the oldest waiting DOM chunk, else the oldest media
   * chunk — read in one transaction (each one costs the page's main thread
   * a little, and the upload loop asks after every chunk).
   */
  async next(): Promise<NextUpload> {
    const db = await this.#db;
    if (!db) return this.#nextInMemory();
    return nextIn(db.transaction([CHUNKS, MEDIA_CHUNKS], 'readonly'));
  }

  /**
   * Deletes an acknowledged chunk and reads what to upload next, in one
   * transaction (the upload loop does both after every chunk).
   */
  async deleteChunkAndNext(sessionId: string, seq: number): Promise<NextUpload> {
    const db = await this.#db;
    if (!db) {
      this.#memoryChunks.delete(chunkKey(sessionId, seq));
      return this.#nextInMemory();
    }
    const tx = db.transaction([CHUNKS, MEDIA_CHUNKS], 'readwrite');
    tx.objectStore(CHUNKS).delete([sessionId, seq]);
    const [next] = await Promise.all([nextIn(tx), done(tx)]);
    return next;
  }

  async #nextInMemory(): Promise<NextUpload> {
    const chunk = await this.firstChunk();
    return chunk ? { chunk } : { media: await this.firstMediaChunk() };
  }

  /** Moves a waiting chunk to another session (same seq), in one transaction. */
  async moveChunk(chunk: OutboxChunk, sessionId: string): Promise<void> {
    const moved = { ...chunk, sessionId };
    const db = await this.#db;
    if (!db) {
      this.#memoryChunks.delete(chunkKey(chunk.sessionId, chunk.seq));
      return void this.#memoryChunks.set(chunkKey(sessionId, chunk.seq), moved);
    }
    const tx = db.transaction(CHUNKS, 'readwrite', { durability: 'strict' });
    tx.objectStore(CHUNKS).put(moved);
    tx.objectStore(CHUNKS).delete([chunk.sessionId, chunk.seq]);
    await done(tx);
  }

  /** Moves a waiting media chunk (and a copy of its track's start, not yet acknowledged) to another session. */
  async moveMediaChunk(chunk: OutboxMediaChunk, sessionId: string): Promise<void> {
    const track = await this.getMediaTrack(chunk.sessionId, chunk.trackId);
    const there = await this.getMediaTrack(sessionId, chunk.trackId);
    const db = await this.#db;
    const movedTrack = track && !there ? { ...track, sessionId, acked: false } : undefined;
    const moved = { ...chunk, sessionId };
    if (!db) {
      if (movedTrack) this.#memoryTracks.set(mediaKey(sessionId, chunk.trackId), movedTrack);
      this.#memoryMedia.delete(mediaKey(chunk.sessionId, chunk.trackId, chunk.seq));
      return void this.#memoryMedia.set(mediaKey(sessionId, chunk.trackId, chunk.seq), moved);
    }
    const tx = db.transaction([MEDIA_TRACKS, MEDIA_CHUNKS], 'readwrite', { durability: 'strict' });
    if (movedTrack) tx.objectStore(MEDIA_TRACKS).put(movedTrack);
    tx.objectStore(MEDIA_CHUNKS).put(moved);
    tx.objectStore(MEDIA_CHUNKS).delete([chunk.sessionId, chunk.trackId, chunk.seq]);
    await done(tx);
  }

  async countChunks(): Promise<number> {
    const db = await this.#db;
    if (!db) return this.#memoryChunks.size;
    return request(db.transaction(CHUNKS, 'readonly').objectStore(CHUNKS).count());
  }

  async putSession(session: OutboxSession): Promise<void> {
    const db = await this.#db;
    if (!db) return void this.#memorySessions.set(session.sessionId, session);
    const tx = db.transaction(SESSIONS, 'readwrite');
    tx.objectStore(SESSIONS).put(session);
    await done(tx);
  }

  async getSession(sessionId: string): Promise<OutboxSession | undefined> {
    const db = await this.#db;
    if (!db) return this.#memorySessions.get(sessionId);
    return request(db.transaction(SESSIONS, 'readonly').objectStore(SESSIONS).get(sessionId)) as Promise<OutboxSession | undefined>;
  }

  async putMediaTrack(track: OutboxMediaTrack): Promise<void> {
    const db = await this.#db;
    if (!db) return void this.#memoryTracks.set(mediaKey(track.sessionId, track.trackId), track);
    const tx = db.transaction(MEDIA_TRACKS, 'readwrite', { durability: 'strict' });
    tx.objectStore(MEDIA_TRACKS).put(track);
    await done(tx);
  }

  async getMediaTrack(sessionId: string, trackId: string): Promise<OutboxMediaTrack | undefined> {
    const db = await this.#db;
    if (!db) return this.#memoryTracks.get(mediaKey(sessionId, trackId));
    return request(db.transaction(MEDIA_TRACKS, 'readonly').objectStore(MEDIA_TRACKS).get([sessionId, trackId])) as Promise<
      OutboxMediaTrack | undefined
    >;
  }

  async putMediaChunk(chunk: OutboxMediaChunk): Promise<void> {
    const db = await this.#db;
    if (!db) return void this.#memoryMedia.set(mediaKey(chunk.sessionId, chunk.trackId, chunk.seq), chunk);
    const tx = db.transaction(MEDIA_CHUNKS, 'readwrite', { durability: 'strict' });
    tx.objectStore(MEDIA_CHUNKS).put(chunk);
    await done(tx);
  }

  /** The oldest waiting media chunk in key order (session, track, seq). */
  async firstMediaChunk(): Promise<OutboxMediaChunk | undefined> {
    const db = await this.#db;
    if (!db) {
      const key = (c: OutboxMediaChunk) => [c.sessionId, c.trackId, String(c.seq).padStart(10, '0')].join('/');
      return [...this.#memoryMedia.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1))[0];
    }
    const tx = db.transaction(MEDIA_CHUNKS, 'readonly');
    const cursor = await request(tx.objectStore(MEDIA_CHUNKS).openCursor());
    return (cursor?.value as OutboxMediaChunk | undefined) ?? undefined;
  }

  /** Deletes an acknowledged media chunk; the track's start record goes with the track's last chunk once it ended. */
  async deleteMediaChunk(sessionId: string, trackId: string, seq: number): Promise<void> {
    const db = await this.#db;
    if (!db) return void this.#memoryMedia.delete(mediaKey(sessionId, trackId, seq));
    const tx = db.transaction(MEDIA_CHUNKS, 'readwrite');
    tx.objectStore(MEDIA_CHUNKS).delete([sessionId, trackId, seq]);
    await done(tx);
  }

  async countMediaChunks(): Promise<number> {
    const db = await this.#db;
    if (!db) return this.#memoryMedia.size;
    return request(db.transaction(MEDIA_CHUNKS, 'readonly').objectStore(MEDIA_CHUNKS).count());
  }

  /** Forgets session records older than `maxAgeMs` that have no chunk waiting. */
  async pruneSessions(maxAgeMs: number): Promise<void> {
    const db = await this.#db;
    if (!db) return;
    const tx = db.transaction([SESSIONS, CHUNKS, MEDIA_TRACKS, MEDIA_CHUNKS], 'readwrite');
    const sessions = (await request(tx.objectStore(SESSIONS).getAll())) as OutboxSession[];
    const cutoff = Date.now() - maxAgeMs;
    const tracks = (await request(tx.objectStore(MEDIA_TRACKS).getAll())) as OutboxMediaTrack[];
    for (const t of tracks) {
      if (t.createdAt >= cutoff) continue;
      const range = IDBKeyRange.bound([t.sessionId, t.trackId, -Infinity], [t.sessionId, t.trackId, Infinity]);
      if ((await request(tx.objectStore(MEDIA_CHUNKS).count(range))) === 0) tx.objectStore(MEDIA_TRACKS).delete([t.sessionId, t.trackId]);
    }
    for (const s of sessions) {
      if (s.updatedAt >= cutoff) continue;
      const range = IDBKeyRange.bound([s.sessionId, -Infinity], [s.sessionId, Infinity]);
      const waiting = await request(tx.objectStore(CHUNKS).count(range));
      if (waiting === 0) tx.objectStore(SESSIONS).delete(s.sessionId);
    }
    await done(tx);
  }
}

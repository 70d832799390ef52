/**
 * @module recorder/outbox
 * Chunks waiting for the server, in IndexedDB: a chunk is written here before
 * its upload and deleted only once the server acknowledged it, so nothing is
 * lost to a network outage, a reload or a closed tab (the next page of the
 * site sends what is left, for any session). Also keeps each session's start
 * record, so a chunk whose session the server does not know can be preceded
 * by its session start, even from a later page.
 *
 * Falls back to memory when IndexedDB is unavailable (private modes, blocked
 * storage): uploads still work, they just do not survive the page.
 */
import type { SessionStart } from '../server/protocol/ingest.ts';
import type { EncodedBody } from './compress.ts';
import { log } from './logger.ts';

const DB_NAME = 'cobrowse-recorder';
const DB_VERSION = 1;
const CHUNKS = 'chunks';
const SESSIONS = 'sessions';

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
  updatedAt: number;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
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
    };
    req.onsuccess = () => {
      const db = req.result;
      // Let a newer recorder version upgrade the database.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB upgrade blocked'));
  });
}

const chunkKey = (sessionId: string, seq: number) => `${sessionId}/${seq}`;

export class Outbox {
  #db: Promise<IDBDatabase | null>;
  #memoryChunks = new Map<string, OutboxChunk>();
  #memorySessions = new Map<string, OutboxSession>();

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
    return request(db.transaction(SESSIONS, 'readonly').objectStore(SESSIONS).get(sessionId)) as Promise<
      OutboxSession | undefined
    >;
  }

  /** Forgets session records older than `maxAgeMs` that have no chunk waiting. */
  async pruneSessions(maxAgeMs: number): Promise<void> {
    const db = await this.#db;
    if (!db) return;
    const tx = db.transaction([SESSIONS, CHUNKS], 'readwrite');
    const sessions = (await request(tx.objectStore(SESSIONS).getAll())) as OutboxSession[];
    const cutoff = Date.now() - maxAgeMs;
    for (const s of sessions) {
      if (s.updatedAt >= cutoff) continue;
      const range = IDBKeyRange.bound([s.sessionId, -Infinity], [s.sessionId, Infinity]);
      const waiting = await request(tx.objectStore(CHUNKS).count(range));
      if (waiting === 0) tx.objectStore(SESSIONS).delete(s.sessionId);
    }
    await done(tx);
  }
}

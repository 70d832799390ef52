/**
 * @module server/media/media-service
 * The server's entry point to live media: one {@link MediaRoom} per live
 * session, created on demand, forgotten when it closes, over a lazily
 * started {@link WorkerPool}. Constructing it costs nothing; the first
 * `room()` call starts the workers.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.ts';
import { MediaClosedError } from './media-errors.ts';
import { MediaRoom, type MediaRoomCloseReason, type MediaTransportSettings } from './media-room.ts';
import { WorkerPool, type MediaObjectCounts, type WorkerDeath } from './worker-pool.ts';

export interface MediaServiceOptions {
  workers: number;
  transport: MediaTransportSettings;
  logger: Logger;
  /** Default: resolved by `resolveWorkerBin()` when the first worker starts. */
  workerBin?: string;
}

export interface MediaServiceEvents {
  /** A session's room closed (every participant must be told when the reason is `worker-died`). */
  roomclosed: [sessionId: string, reason: MediaRoomCloseReason];
  workerdied: [death: WorkerDeath];
  closed: [];
}

export class MediaService extends EventEmitter<MediaServiceEvents> {
  readonly #options: MediaServiceOptions;
  readonly #rooms = new Map<string, Promise<MediaRoom>>();
  #pool?: WorkerPool;
  #closed = false;

  constructor(options: MediaServiceOptions) {
    super();
    this.#options = options;
  }

  /** The pool, started on first use. */
  get pool(): WorkerPool {
    if (this.#closed) throw new MediaClosedError('media is closed');
    if (!this.#pool) {
      this.#pool = new WorkerPool({ size: this.#options.workers, workerBin: this.#options.workerBin, logger: this.#options.logger });
      this.#pool.on('workerdied', (death) => this.emit('workerdied', death));
    }
    return this.#pool;
  }

  /** True once a worker pool exists (i.e. some call used media). */
  get started(): boolean {
    return this.#pool !== undefined;
  }

  /** The session's room, created on first call (concurrent callers get the same one). */
  room(sessionId: string): Promise<MediaRoom> {
    const existing = this.#rooms.get(sessionId);
    if (existing) return existing;
    const pool = this.pool;
    const creating = MediaRoom.create({ sessionId, pool, transport: this.#options.transport, logger: this.#options.logger }).then(
      (room) => {
        room.once('closed', (reason) => {
          if (this.#rooms.get(sessionId) === creating) this.#rooms.delete(sessionId);
          this.emit('roomclosed', sessionId, reason);
        });
        return room;
      },
      (err: unknown) => {
        this.#rooms.delete(sessionId);
        throw err;
      },
    );
    this.#rooms.set(sessionId, creating);
    return creating;
  }

  /** The session's room if it exists, without creating one. */
  async existingRoom(sessionId: string): Promise<MediaRoom | undefined> {
    const room = await this.#rooms.get(sessionId)?.catch(() => undefined);
    return room && !room.closed ? room : undefined;
  }

  get roomCount(): number {
    return this.#rooms.size;
  }

  async countObjects(): Promise<MediaObjectCounts> {
    if (!this.#pool) return { workers: 0, routers: 0, transports: 0, producers: 0, consumers: 0, dataProducers: 0, dataConsumers: 0 };
    return this.#pool.countObjects();
  }

  /** Closes every room, then the workers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const rooms = await Promise.allSettled(this.#rooms.values());
    for (const r of rooms) if (r.status === 'fulfilled') r.value.close('closed');
    this.#rooms.clear();
    this.#pool?.close();
    this.emit('closed');
  }
}

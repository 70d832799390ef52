/**
 * @module server/media/worker-pool
 * A pool of mediasoup Workers (one per core by default), started lazily on
 * the first call that needs media, so a server that never hosts a call never
 * spawns a worker.
 *
 * A worker that dies is replaced at once; the routers that lived on it are
 * gone with it, and the pool reports them through `workerdied` so the live
 * sessions on them can be told (their MediaRooms also close themselves,
 * since mediasoup emits `workerclose` on every router of a dead worker).
 */
import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import type { Logger } from '../logger.ts';
import { MediaClosedError } from './media-errors.ts';
import { resolveWorkerBin } from './worker-bin.ts';

export interface WorkerPoolOptions {
  /** How many workers; default `os.availableParallelism()`. */
  size: number;
  /** Absolute path of mediasoup-worker; default {@link resolveWorkerBin}. */
  workerBin?: string;
  logLevel?: ms.WorkerLogLevel;
  logger: Logger;
}

/** What lived on a worker that died. */
export interface WorkerDeath {
  pid: number;
  error: Error;
  /** The routers that were on it (all closed now). */
  routerIds: string[];
  /** Their routers' `appData.sessionId`, i.e. the live sessions that lost their media. */
  sessionIds: string[];
}

export interface WorkerPoolEvents {
  /**
   * A worker died (killed, crashed). Emitted once per death, before its
   * replacement is started.
   * @remarks The routers in it have already emitted `workerclose`.
   */
  workerdied: [death: WorkerDeath];
  /** A worker was started (first start or replacement). */
  workerstarted: [pid: number];
  /** A replacement could not be started; the slot is retried on next use. */
  workerfailed: [error: Error];
  closed: [];
}

export interface RouterAppData extends ms.AppData {
  sessionId: string;
}

interface Slot {
  worker?: ms.Worker;
  starting?: Promise<ms.Worker>;
  routers: Set<ms.Router<RouterAppData>>;
}

/** Counts of live mediasoup objects, from the workers' own dumps. */
export interface MediaObjectCounts {
  workers: number;
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
  dataProducers: number;
  dataConsumers: number;
}

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  readonly #slots: Slot[];
  #workerBin?: string;
  #closed = false;
  #next = 0;

  constructor(options: WorkerPoolOptions) {
    super();
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('worker pool size must be a positive integer');
    this.#options = options;
    this.#slots = Array.from({ length: options.size }, () => ({ routers: new Set() }));
  }

  get closed(): boolean {
    return this.#closed;
  }

  get size(): number {
    return this.#slots.length;
  }

  /** The pids of running workers (started ones only; the pool is lazy). */
  get pids(): number[] {
    return this.#slots.flatMap((s) => (s.worker && !s.worker.closed ? [s.worker.pid] : []));
  }

  /** Starts every worker now (otherwise the first router does). */
  async start(): Promise<void> {
    await Promise.all(this.#slots.map((_, i) => this.#workerAt(i)));
  }

  /**
   * A new Router on the least loaded worker.
   * @param appData must name the live session, reported back if the worker dies.
   */
  async createRouter(appData: RouterAppData, mediaCodecs: ms.RouterRtpCodecCapability[]): Promise<ms.Router<RouterAppData>> {
    this.#assertOpen();
    await this.start();
    const index = this.#leastLoaded();
    const slot = this.#slots[index]!;
    const worker = await this.#workerAt(index);
    const router = await worker.createRouter<RouterAppData>({ mediaCodecs, appData });
    slot.routers.add(router);
    // NOTE: when the worker dies, mediasoup closes its routers before emitting
    // `died`; keep them listed until then so the death can report them.
    router.observer.once('close', () => {
      if (!worker.closed) slot.routers.delete(router);
    });
    return router;
  }

  /** Counts live objects across all workers from their dumps (for tests and metrics). */
  async countObjects(): Promise<MediaObjectCounts> {
    const counts: MediaObjectCounts = {
      workers: 0,
      routers: 0,
      transports: 0,
      producers: 0,
      consumers: 0,
      dataProducers: 0,
      dataConsumers: 0,
    };
    for (const slot of this.#slots) {
      const worker = slot.worker;
      if (!worker || worker.closed) continue;
      counts.workers++;
      const dump = await worker.dump();
      counts.routers += dump.routerIds.length;
      for (const router of slot.routers) {
        if (router.closed) continue;
        const r = await router.dump();
        counts.transports += r.transportIds.length;
        counts.producers += r.mapProducerIdConsumerIds.length;
        counts.consumers += r.mapConsumerIdProducerId.length;
        counts.dataProducers += r.mapDataProducerIdDataConsumerIds.length;
        counts.dataConsumers += r.mapDataConsumerIdDataProducerId.length;
      }
    }
    return counts;
  }

  /** Each running worker's pid with the ids of the routers it holds (from its own dump). */
  async routerIdsByPid(): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (const slot of this.#slots) {
      if (!slot.worker || slot.worker.closed) continue;
      const dump = await slot.worker.dump();
      out.set(dump.pid, dump.routerIds);
    }
    return out;
  }

  /** Closes every worker (and so every router on them). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) {
      slot.worker?.close();
      slot.worker = undefined;
      slot.routers.clear();
    }
    this.emit('closed');
  }

  #assertOpen() {
    if (this.#closed) throw new MediaClosedError('the media worker pool is closed');
  }

  #leastLoaded(): number {
    // Round-robin among the least loaded, so equal loads spread evenly.
    let best = -1;
    for (let k = 0; k < this.#slots.length; k++) {
      const i = (this.#next + k) % this.#slots.length;
      if (best === -1 || this.#slots[i]!.routers.size < this.#slots[best]!.routers.size) best = i;
    }
    this.#next = (best + 1) % this.#slots.length;
    return best;
  }

  #workerAt(index: number): Promise<ms.Worker> {
    const slot = this.#slots[index]!;
    if (slot.worker && !slot.worker.closed) return Promise.resolve(slot.worker);
    slot.starting ??= this.#spawn(slot).finally(() => {
      slot.starting = undefined;
    });
    return slot.starting;
  }

  async #spawn(slot: Slot): Promise<ms.Worker> {
    this.#assertOpen();
    this.#workerBin ??= this.#options.workerBin ?? resolveWorkerBin();
    const worker = await mediasoup.createWorker({
      workerBin: this.#workerBin,
      logLevel: this.#options.logLevel ?? 'warn',
    });
    if (this.#closed) {
      worker.close();
      throw new MediaClosedError('the media worker pool is closed');
    }
    slot.worker = worker;
    worker.on('died', (error) => this.#onDied(slot, worker, error));
    this.#options.logger.info({ pid: worker.pid }, 'media worker started');
    this.emit('workerstarted', worker.pid);
    return worker;
  }

  #onDied(slot: Slot, worker: ms.Worker, error: Error) {
    const routers = [...slot.routers];
    slot.routers.clear();
    if (slot.worker === worker) slot.worker = undefined;
    const death: WorkerDeath = {
      pid: worker.pid,
      error,
      routerIds: routers.map((r) => r.id),
      sessionIds: routers.map((r) => r.appData.sessionId),
    };
    this.#options.logger.error({ pid: worker.pid, err: error, sessions: death.sessionIds }, 'media worker died');
    this.emit('workerdied', death);
    if (this.#closed) return;
    const index = this.#slots.indexOf(slot);
    this.#workerAt(index).catch((err: Error) => {
      this.#options.logger.error({ err }, 'media worker replacement failed');
      this.emit('workerfailed', err);
    });
  }
}

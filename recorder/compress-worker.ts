/**
 * @module recorder/compress-worker
 * Gzips chunks in a Worker, off the customer's main thread: a chunk's JSON
 * goes to the worker as a string (a copy, no serialisation), its gzip comes
 * back as a transferred buffer. Turning a large string into bytes (`Blob`)
 * and deflating it cost the page as much as rrweb's own work on some bursts.
 *
 * The same worker makes the ingest requests (`ingest-client.ts`): a `fetch`
 * on the page's main thread costs it about 2–3 ms of its own (the request,
 * CORS, the answer), more than gzipping a chunk, for every chunk uploaded;
 * in the worker the page only posts the request and reads back its status.
 * Requests go to the worker only once it has answered (a gzip): one that
 * never started, or was refused, leaves them on the main thread.
 *
 * recorder.js is served from the cobrowse server but runs on the customer's
 * page, so `new Worker(url)` on our URL is cross-origin (forbidden); the
 * worker is made from a Blob URL of {@link workerMain}'s own source, which
 * needs nothing from our server. A page whose CSP forbids such workers
 * (`worker-src`/`child-src`/`script-src` without `blob:`) gets the
 * main-thread encoder instead: Chromium refuses in the constructor, other
 * browsers with an `error` event; either way (or when the worker does not
 * answer within {@link REPLY_TIMEOUT_MS}) every chunk waiting for the
 * worker, and every later one, is encoded on the main thread, so a refused
 * worker costs time, never a chunk.
 */

export interface GzipJob {
  id: number;
  json: string;
}

export type GzipReply = { id: number; body: ArrayBuffer } | { id: number; error: string };

/** What an ingest request needs (all of it copies into the worker). */
export interface WorkerRequestInit {
  method: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer;
  mode: RequestMode;
  credentials: RequestCredentials;
  cache: RequestCache;
}

export interface FetchJob {
  id: number;
  url: string;
  init: WorkerRequestInit;
  /** Read the answer's body even when it is a 2xx (else only an error's body is read). */
  readBody: boolean;
}

/** What the page needs of an answer: its status, `Retry-After`, and (when asked or an error) its text. */
export interface WorkerResponse {
  status: number;
  retryAfter: string | null;
  text: string | undefined;
}

export type FetchReply = { id: number; response: WorkerResponse } | { id: number; networkError: string };

/**
 * The worker's whole program. Self-contained (its source text is the
 * worker's script): no imports, no closures.
 */
function workerMain(): void {
  const scope = self as unknown as {
    onmessage: ((event: MessageEvent<GzipJob | FetchJob>) => void) | null;
    postMessage(message: GzipReply | FetchReply, transfer: Transferable[]): void;
  };
  scope.onmessage = (event) => {
    const job = event.data;
    if ('url' in job) {
      const { id, url, init, readBody } = job;
      fetch(url, init).then(
        async (res) => {
          let text: string | undefined;
          if (readBody || !res.ok) text = await res.text().catch(() => undefined);
          else void res.body?.cancel().catch(() => {});
          scope.postMessage({ id, response: { status: res.status, retryAfter: res.headers.get('retry-after'), text } }, []);
        },
        (error: unknown) => scope.postMessage({ id, networkError: String(error) }, []),
      );
      return;
    }
    const { id, json } = job;
    const gzipped = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
    new Response(gzipped).arrayBuffer().then(
      (body) => scope.postMessage({ id, body }, [body]),
      (error: unknown) => scope.postMessage({ id, error: String(error) }, []),
    );
  };
}

interface Pending {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  /** A gzip (the watchdog waits for those only: a request may take as long as the network does). */
  gzip: boolean;
}

/**
 * How long a chunk may wait for its gzip before the worker is given up (a
 * worker that never starts, or hangs): the outbox writes wait on it.
 */
const REPLY_TIMEOUT_MS = 10_000;

/** One worker gzipping chunks in the order given; `null` from {@link create} when the page refuses it. */
export class CompressWorker {
  #worker: Worker;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #failed = false;
  /** It answered once: it runs (not refused by the page's CSP). */
  #answered = false;
  #gzipsDue = 0;
  #watchdog: ReturnType<typeof setTimeout> | undefined;

  /** A worker, or `null` where there is no Worker or the page's CSP forbids it. */
  static create(): CompressWorker | null {
    if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return null;
    const url = URL.createObjectURL(new Blob([`(${workerMain.toString()})()`], { type: 'text/javascript' }));
    try {
      return new CompressWorker(new Worker(url));
    } catch {
      URL.revokeObjectURL(url);
      return null;
    } finally {
      // The worker's script is fetched at construction; the URL is not needed after.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
  }

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<GzipReply | FetchReply>) => {
      const reply = event.data;
      this.#answered = true;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (pending.gzip) this.#gzipsDue--;
      this.#watch();
      const resolve = pending.resolve as (value: ArrayBuffer | WorkerResponse) => void;
      if ('body' in reply) resolve(reply.body);
      else if ('response' in reply) resolve(reply.response);
      else pending.reject(new Error('error' in reply ? reply.error : reply.networkError));
    };
    // A refused (CSP) or broken worker: what waits on it, and everything later, goes elsewhere.
    worker.onerror = (event) => {
      event.preventDefault();
      this.#fail(new Error(`compression worker failed: ${event.message || 'refused'}`));
    };
  }

  /** Whether the worker refused or broke: use something else from now on. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Whether requests may go to it: it answered, and has not failed since. */
  get canFetch(): boolean {
    return this.#answered && !this.#failed;
  }

  /** The gzip of `json`; rejects if the worker fails (the caller encodes it another way). */
  gzip(json: string): Promise<ArrayBuffer> {
    if (this.#failed) return Promise.reject(new Error('compression worker failed'));
    const id = this.#nextId++;
    return new Promise<ArrayBuffer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, gzip: true });
      this.#gzipsDue++;
      this.#worker.postMessage({ id, json } satisfies GzipJob);
      this.#watch();
    });
  }

  /**
   * `fetch(url, init)` made by the worker; rejects on a network error or if
   * the worker fails meanwhile (for the caller, the same: the request may or
   * may not have reached the server). `init.body` is copied, not transferred:
   * a retry sends it again.
   */
  fetch(url: string, init: WorkerRequestInit, readBody: boolean): Promise<WorkerResponse> {
    if (this.#failed) return Promise.reject(new Error('compression worker failed'));
    const id = this.#nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, gzip: false });
      this.#worker.postMessage({ id, url, init, readBody } satisfies FetchJob);
    });
  }

  /** (Re)arms the watchdog while gzips are due: each reply restarts it. */
  #watch(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog =
      this.#gzipsDue > 0 ? setTimeout(() => this.#fail(new Error('compression worker did not answer')), REPLY_TIMEOUT_MS) : undefined;
  }

  #fail(error: Error): void {
    this.#failed = true;
    clearTimeout(this.#watchdog);
    this.#worker.terminate();
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
    this.#gzipsDue = 0;
  }
}

/**
 * @module server/live/socket-link
 * One WebSocket as the live code sees it: JSON out, with backpressure for
 * viewers. When a viewer's socket buffers more than {@link HIGH_WATER}
 * bytes, `events` messages are dropped (never queued without bound) and,
 * once the socket drains, `onLag` asks the room for a fresh `sync`, which
 * replaces the viewer's page. A viewer that stays clogged for
 * {@link TOO_SLOW_MS} is closed.
 */
import type { WSContext } from 'hono/ws';
import type { WebSocket } from 'ws';
import { LiveCloseCode, type ServerToAdvisor, type ServerToCustomer } from '../../protocol/live.ts';

export const HIGH_WATER = 4 * 1024 * 1024;
export const LOW_WATER = 256 * 1024;
export const TOO_SLOW_MS = 30_000;
const DRAIN_POLL_MS = 50;
const OPEN = 1;

export type OutMessage = ServerToCustomer | ServerToAdvisor;

export class SocketLink {
  #ws: WSContext<WebSocket>;
  #lagging = false;
  #lagSince = 0;
  #drainTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Called once the socket drained after dropping events: send a `sync`. */
  onLag: () => void = () => {};

  constructor(ws: WSContext<WebSocket>) {
    this.#ws = ws;
  }

  get closed() {
    return this.#closed || this.#ws.readyState !== OPEN;
  }

  get bufferedAmount(): number {
    return this.#ws.raw?.bufferedAmount ?? 0;
  }

  send(message: OutMessage): void {
    if (this.closed) return;
    if (message.type === 'events') {
      if (this.#lagging) return;
      if (this.bufferedAmount > HIGH_WATER) {
        this.#startLagging();
        return;
      }
    } else if (message.type === 'sync') {
      this.#lagging = false;
    }
    this.#ws.send(JSON.stringify(message));
  }

  close(code: number, reason = ''): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#drainTimer);
    try {
      this.#ws.close(code, reason.slice(0, 120));
    } catch {
      // already closing
    }
  }

  /** Called when the socket itself closed. */
  dispose(): void {
    this.#closed = true;
    clearInterval(this.#drainTimer);
  }

  #startLagging() {
    this.#lagging = true;
    this.#lagSince = performance.now();
    clearInterval(this.#drainTimer);
    this.#drainTimer = setInterval(() => {
      if (this.closed) return clearInterval(this.#drainTimer);
      if (this.bufferedAmount <= LOW_WATER) {
        clearInterval(this.#drainTimer);
        this.onLag();
      } else if (performance.now() - this.#lagSince > TOO_SLOW_MS) {
        this.close(LiveCloseCode.TooSlow, 'too slow');
      }
    }, DRAIN_POLL_MS);
    this.#drainTimer.unref();
  }
}

/**
 * @module server/live/bus/memory-bus
 * The default bus: in-process, for a single server process. Delivery is
 * asynchronous (a microtask) like a real engine's, so code never depends on
 * a publish being handled before it returns.
 */
import { randomUUID } from 'node:crypto';
import type { BusHandler, LiveBus, Unsubscribe } from './live-bus.ts';

export class MemoryBus implements LiveBus {
  readonly nodeId = randomUUID();
  readonly kind = 'memory' as const;
  #channels = new Map<string, Set<BusHandler>>();
  #closed = false;

  publish(channel: string, message: unknown): void {
    if (this.#closed) return;
    const handlers = this.#channels.get(channel);
    if (!handlers?.size) return;
    // NOTE: structuredClone keeps the same isolation a serializing engine gives.
    const copy = structuredClone(message);
    queueMicrotask(() => {
      for (const handler of handlers) handler(copy);
    });
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    let set = this.#channels.get(channel);
    if (!set) this.#channels.set(channel, (set = new Set()));
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (!set.size && this.#channels.get(channel) === set) this.#channels.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#channels.clear();
  }
}

/**
 * @module server/live/bus/redis-bus
 * Redis pub/sub (ioredis) as the bus between server processes. Two
 * connections, as Redis requires: one subscribed, one publishing. Messages
 * are JSON; Redis carries payloads of many MB, so full snapshots fit
 * (unlike PostgreSQL NOTIFY's 8000 bytes). Pub/sub is at-most-once: a
 * process that is down misses messages, which the live protocol tolerates
 * (sockets reconnect and resume from the last acked seq, viewers resync).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../../logger.ts';
import type { BusHandler, LiveBus, Unsubscribe } from './live-bus.ts';

const PREFIX = 'cobrowse:live:';

export class RedisBus implements LiveBus {
  readonly nodeId = randomUUID();
  readonly kind = 'redis' as const;
  #pub: Redis;
  #sub: Redis;
  #logger: Logger;
  #handlers = new Map<string, Set<BusHandler>>();
  #closed = false;

  static async create(url: string, logger: Logger): Promise<RedisBus> {
    const bus = new RedisBus(url, logger);
    await Promise.all([bus.#pub.connect(), bus.#sub.connect()]);
    return bus;
  }

  private constructor(url: string, logger: Logger) {
    this.#logger = logger;
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    this.#pub = new Redis(url, options);
    this.#sub = new Redis(url, options);
    for (const conn of [this.#pub, this.#sub]) {
      conn.on('error', (err: Error) => this.#logger.warn({ err }, 'live bus: redis error'));
    }
    this.#sub.on('message', (channel: string, payload: string) => {
      const handlers = this.#handlers.get(channel.slice(PREFIX.length));
      if (!handlers?.size) return;
      let message: unknown;
      try {
        message = JSON.parse(payload);
      } catch {
        return;
      }
      for (const handler of handlers) handler(message);
    });
  }

  publish(channel: string, message: unknown): void {
    if (this.#closed) return;
    this.#pub.publish(PREFIX + channel, JSON.stringify(message)).catch((err: unknown) => {
      this.#logger.warn({ err, channel }, 'live bus: publish failed');
    });
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    let set = this.#handlers.get(channel);
    if (!set) {
      this.#handlers.set(channel, (set = new Set()));
      await this.#sub.subscribe(PREFIX + channel);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size || this.#handlers.get(channel) !== set) return;
      this.#handlers.delete(channel);
      if (!this.#closed) await this.#sub.unsubscribe(PREFIX + channel).catch(() => {});
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()]);
  }
}

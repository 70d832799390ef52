/**
 * @module server/live/bus
 * Picks the bus from `LIVE_BUS_URL`: unset → in-process; `redis://` or
 * `rediss://` → Redis pub/sub.
 */
import type { Logger } from '../../logger.ts';
import type { LiveBus } from './live-bus.ts';
import { MemoryBus } from './memory-bus.ts';
import { RedisBus } from './redis-bus.ts';

export type { LiveBus, BusHandler, Unsubscribe } from './live-bus.ts';
export { MemoryBus } from './memory-bus.ts';

export async function createBus(url: string | undefined, logger: Logger): Promise<LiveBus> {
  if (!url) return new MemoryBus();
  if (/^rediss?:\/\//.test(url)) return RedisBus.create(url, logger);
  throw new Error(`unsupported LIVE_BUS_URL scheme: ${new URL(url).protocol}`);
}

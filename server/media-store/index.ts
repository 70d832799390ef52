/**
 * @module server/media-store
 * Picks the media store the configuration names (`MEDIA_STORE=disk|postgres`).
 */
import type { Db } from '../../db/client.ts';
import { DiskMediaStore } from './disk-media-store.ts';
import type { MediaStore } from './media-store.ts';
import { PostgresMediaStore } from './postgres-media-store.ts';

export * from './media-store.ts';
export { DiskMediaStore } from './disk-media-store.ts';
export { PostgresMediaStore } from './postgres-media-store.ts';

export function createMediaStore(options: { kind: 'disk' | 'postgres'; dir: string; db: Db }): MediaStore {
  return options.kind === 'postgres' ? new PostgresMediaStore(options.db) : new DiskMediaStore(options.dir);
}

/**
 * @module server/media-api/media-deps
 * Everything media the server holds: the chunk store, the media URL signer
 * and the SFU (lazy: no worker runs until a call needs one). Built once from
 * the configuration by {@link createMediaDeps}; `close()` stops the SFU.
 */
import { join } from 'node:path';
import type { Database } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { MediaService } from '../media/media-service.ts';
import { createMediaStore } from '../media-store/index.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import { createMediaUrlSigner, type MediaUrlSigner } from './media-url.ts';

export interface MediaDeps {
  store: MediaStore;
  urls: MediaUrlSigner;
  sfu: MediaService;
  close(): Promise<void>;
}

export function createMediaDeps(config: Config, database: Database, logger: Logger): MediaDeps {
  const sfu = new MediaService({
    workers: config.mediaWorkers,
    transport: {
      listenIp: config.mediaListenIp,
      ...(config.mediaAnnouncedAddress ? { announcedAddress: config.mediaAnnouncedAddress } : {}),
      portMin: config.mediaPortMin,
      portMax: config.mediaPortMax,
    },
    logger,
  });
  return {
    store: createMediaStore({ kind: config.mediaStore, dir: config.mediaDir ?? join(config.dataDir, 'media'), db: database.db }),
    urls: createMediaUrlSigner(config.mediaUrlSecret),
    sfu,
    close: () => sfu.close(),
  };
}

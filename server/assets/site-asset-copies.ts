/**
 * @module server/assets/site-asset-copies
 * A live view's events pointed at the server's copies: the live hub relays
 * the customer's batches as they come, in order and without waiting, so the
 * rewrite here is synchronous over a per-site map (URL → the site's latest
 * copy, from every session captured so far) kept in memory and refreshed in
 * the background when older than a few seconds. A URL the site has no copy
 * of yet keeps its address (the advisor app's CSP stops the browser from
 * asking the site); the live session's own chunks are captured like any
 * recording's, so the next snapshot (a late joiner, a checkout) has them.
 */
import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { assetUrl } from './asset-rewrite.ts';
import { latestSiteCopies } from './asset-store.ts';
import { mapEventUrls } from './event-urls.ts';

/** What the live hub calls on each batch: a rewritten copy, or the same array when nothing changes. */
export type LiveEventRewriter = <T>(siteId: string, events: T[]) => T[];

const REFRESH_MS = 10_000;

interface Entry {
  copies: Map<string, string>;
  loadedAt: number;
  loading: Promise<void> | undefined;
}

export class SiteAssetCopies {
  readonly #db: Db;
  readonly #config: Pick<Config, 'publicUrl'>;
  readonly #logger: Logger;
  readonly #entries = new Map<string, Entry>();

  constructor(db: Db, config: Pick<Config, 'publicUrl'>, logger: Logger) {
    this.#db = db;
    this.#config = config;
    this.#logger = logger.child({ module: 'assets' });
  }

  /** Synchronous: the events with what the site has copies of pointed at them (as far as known now). */
  rewrite<T>(siteId: string, events: T[]): T[] {
    const entry = this.#entry(siteId);
    if (entry.copies.size === 0) return events;
    return mapEventUrls(events as never[], (url) => {
      const hash = entry.copies.get(url);
      return hash === undefined ? undefined : assetUrl(this.#config, hash);
    }) as T[];
  }

  /** Loads (or refreshes) a site's map now; the hub calls it when a room opens. */
  load(siteId: string): Promise<void> {
    return this.#entry(siteId).loading ?? Promise.resolve();
  }

  #entry(siteId: string): Entry {
    let entry = this.#entries.get(siteId);
    if (!entry) {
      entry = { copies: new Map(), loadedAt: 0, loading: undefined };
      this.#entries.set(siteId, entry);
    }
    if (!entry.loading && Date.now() - entry.loadedAt > REFRESH_MS) {
      const target = entry;
      target.loading = latestSiteCopies(this.#db, siteId)
        .then((copies) => {
          target.copies = copies;
          target.loadedAt = Date.now();
        })
        .catch((err: unknown) => this.#logger.warn({ err, siteId }, 'assets: site copies not loaded'))
        .finally(() => {
          target.loading = undefined;
        });
    }
    return entry;
  }
}

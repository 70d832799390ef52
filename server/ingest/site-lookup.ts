/**
 * @module server/ingest/site-lookup
 * Finds the site an ingest request names. Every chunk upload needs it, so
 * found sites are cached for a few seconds per app instance (a new site is
 * never cached as missing, so it works at once after `POST /api/sites`).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sites } from '../../db/schema.ts';
import type { SiteRow } from '../sites/site-dto.ts';

const TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

export interface SiteLookup {
  byKey(siteKey: string): Promise<SiteRow | undefined>;
  /** True when any site lists `origin`: used to answer preflights that carry no site key. */
  anyAllows(origin: string): Promise<boolean>;
}

export function createSiteLookup(db: Db): SiteLookup {
  const cache = new Map<string, { site: SiteRow; at: number }>();
  return {
    async byKey(siteKey) {
      // A key from the query string may hold anything (`%00` decodes to NUL,
      // which PostgreSQL refuses in a text comparison): no site has such a key.
      if (siteKey.includes('\u0000')) return undefined;
      const hit = cache.get(siteKey);
      if (hit && performance.now() - hit.at < TTL_MS) return hit.site;
      const [site] = await db.select().from(sites).where(eq(sites.siteKey, siteKey)).limit(1);
      if (!site) {
        cache.delete(siteKey);
        return undefined;
      }
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(siteKey, { site, at: performance.now() });
      return site;
    },
    async anyAllows(origin) {
      const rows = await db
        .select({ id: sites.id })
        .from(sites)
        .where(sql`${sites.allowedOrigins} @> ${JSON.stringify([origin])}::jsonb`)
        .limit(1);
      return rows.length > 0;
    },
  };
}

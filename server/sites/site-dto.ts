/** @module server/sites/site-dto  Database row → wire {@link Site}. */
import type { sites } from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';

export type SiteRow = typeof sites.$inferSelect;

export const toSite = (row: SiteRow): Site => ({
  id: row.id,
  name: row.name,
  siteKey: row.siteKey,
  allowedOrigins: row.allowedOrigins,
  liveConsentRequired: row.liveConsentRequired,
  outboundHosts: row.outboundHosts,
  retentionDays: row.retentionDays,
  captureAssets: row.captureAssets,
  createdAt: row.createdAt.toISOString(),
});

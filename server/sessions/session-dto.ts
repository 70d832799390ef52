/** @module server/sessions/session-dto  Database rows → wire session summaries. */
import type { sessions } from '../../db/schema.ts';
import type { SessionSummary } from '../../protocol/api.ts';

export type SessionRow = typeof sessions.$inferSelect & { siteName: string; visitTabs: number };

export function toSessionSummary(row: SessionRow): SessionSummary {
  const viewport =
    row.viewportWidth !== null && row.viewportHeight !== null ? { width: row.viewportWidth, height: row.viewportHeight } : null;
  return {
    id: row.id,
    siteId: row.siteId,
    siteName: row.siteName,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    durationMs: row.endedAt ? Math.max(0, row.endedAt.getTime() - row.startedAt.getTime()) : 0,
    firstUrl: row.firstUrl,
    visitId: row.visitId,
    visitTabs: Math.max(1, Number(row.visitTabs)),
    userAgent: row.userAgent,
    viewport,
    language: row.language,
    metadata: row.metadata,
    chunkCount: row.chunkCount,
    eventCount: row.eventCount,
    byteCount: Number(row.byteCount),
  };
}

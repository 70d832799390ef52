/**
 * @module server/data-deletion/retention
 * Each site's retention period (`sites.retention_days`; null: forever): a
 * recurring job deletes sessions that started longer ago than that, with
 * everything derived from them (see session-deletion.ts), and the site's
 * suggestion deflections made longer ago (their question is the customer's
 * words, also when the server never knew the recording), and records what it
 * deleted, per site, in the audit log of the site's organisation
 * (`retention.deleted`, by the system).
 *
 * The audit log's own retention (`AUDIT_RETENTION_DAYS`; unset: forever) is
 * applied by the same job ({@link pruneAuditLog}): the only deletion of audit
 * entries there is, allowed by the table's trigger only inside its
 * transaction, and itself recorded (`audit.pruned`, with the count).
 *
 * Recurring without cron: each run queues the next one `intervalMs` later
 * under one singleton key, and every process queues one at start; pg-boss's
 * `stately` policy keeps a single waiting sweep whatever the number of
 * processes.
 */
import { and, asc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, sessions, sites, suggestionDeflections } from '../../db/schema.ts';
import { audit, systemScope } from '../audit/index.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import type { MediaStore } from '../media-store/index.ts';
import type { DeletionCounts } from '../../protocol/audit.ts';
import { addCounts, DELETION_BATCH, deleteSessions } from './session-deletion.ts';

export const RETENTION_JOB = 'retention-sweep';
const DAY_MS = 86_400_000;

export interface RetentionDeps {
  db: Db;
  store: MediaStore;
  logger: Logger;
  /** The audit log's own retention in days; undefined: kept forever. */
  auditRetentionDays?: number | undefined;
}

export interface SiteSweep {
  siteId: string;
  counts: DeletionCounts;
}

/** One pass over every site with a retention period; answers what each lost (sites that lost nothing are left out). */
export async function sweepRetention({ db, store, logger }: RetentionDeps, now = new Date()): Promise<SiteSweep[]> {
  const limited = await db
    .select({ id: sites.id, orgId: sites.orgId, retentionDays: sites.retentionDays })
    .from(sites)
    .where(isNotNull(sites.retentionDays))
    .orderBy(asc(sites.createdAt));
  const swept: SiteSweep[] = [];
  for (const site of limited) {
    const cutoff = new Date(now.getTime() - site.retentionDays! * DAY_MS);
    const counts: DeletionCounts = {};
    for (;;) {
      const batch = await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.siteId, site.id), lt(sessions.startedAt, cutoff)))
        .limit(DELETION_BATCH);
      if (batch.length === 0) break;
      addCounts(
        counts,
        await deleteSessions(
          db,
          store,
          batch.map((s) => s.id),
        ),
      );
    }
    const deflections = await db
      .delete(suggestionDeflections)
      .where(and(eq(suggestionDeflections.siteId, site.id), lt(suggestionDeflections.createdAt, cutoff)))
      .returning({ id: suggestionDeflections.id });
    if (deflections.length) addCounts(counts, { suggestion_deflections: deflections.length });
    if (!counts.sessions && !counts.suggestion_deflections) continue;
    logger.info({ siteId: site.id, retentionDays: site.retentionDays, counts }, 'retention: old sessions deleted');
    await audit(
      { ...systemScope(db), orgId: site.orgId },
      'retention.deleted',
      { type: 'site', id: site.id },
      {
        retentionDays: site.retentionDays!,
        before: cutoff.toISOString(),
        counts,
      },
    );
    swept.push({ siteId: site.id, counts });
  }
  return swept;
}

/**
 * Deletes audit entries older than `days`, per organisation, and records each
 * organisation's count as a new entry. The table's trigger refuses every
 * delete unless the transaction set `cobrowse.audit_prune` (migration 0009):
 * nothing else in the product can remove an entry.
 */
export async function pruneAuditLog(
  { db, logger }: Pick<RetentionDeps, 'db' | 'logger'>,
  days: number,
  now = new Date(),
): Promise<Map<string, number>> {
  const before = new Date(now.getTime() - days * DAY_MS);
  const pruned = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('cobrowse.audit_prune', 'on', true)`);
    const rows = await tx.delete(auditLog).where(lt(auditLog.at, before)).returning({ orgId: auditLog.orgId });
    const perOrg = new Map<string, number>();
    for (const { orgId } of rows) perOrg.set(orgId, (perOrg.get(orgId) ?? 0) + 1);
    return perOrg;
  });
  for (const [orgId, entries] of pruned) {
    logger.info({ orgId, entries, auditRetentionDays: days }, 'retention: old audit entries pruned');
    await audit({ ...systemScope(db), orgId }, 'audit.pruned', null, { auditRetentionDays: days, before: before.toISOString(), entries });
  }
  return pruned;
}

/**
 * Starts the recurring sweep in this process; the first run comes `intervalMs`
 * after the first start (NOTE: not sooner, so `jobs.idle()` in tests is not
 * held up by a sweep due any second).
 */
export async function startRetention(deps: RetentionDeps & { jobs: JobQueue; intervalMs: number }): Promise<void> {
  const { jobs, intervalMs, logger } = deps;
  const scheduleNext = () => jobs.send(RETENTION_JOB, {}, { singletonKey: 'sweep', startAfter: new Date(Date.now() + intervalMs) });
  await jobs.define<Record<string, never>>({
    name: RETENTION_JOB,
    retryLimit: 2,
    retryDelaySeconds: 60,
    concurrency: 1,
    expireInSeconds: 3600,
    async handler() {
      try {
        await sweepRetention(deps);
        if (deps.auditRetentionDays) await pruneAuditLog(deps, deps.auditRetentionDays);
      } finally {
        await scheduleNext().catch((err: unknown) => logger.warn({ err }, 'retention: next sweep not scheduled'));
      }
    },
  });
  // Every process asks; the singleton key keeps one waiting sweep (stored: a restart does not push it back).
  await scheduleNext();
}

/**
 * @module server/cases/case-jobs
 * The workers of async help's background jobs. Each records every attempt on
 * its row (attempts, last error, status), throws to have the queue retry with
 * backoff, and records the final failure on the last attempt. A job about a
 * row that no longer exists completes quietly. Enricher headers and webhook
 * secrets are opened from their sealed form only here, at the moment of use;
 * one this process's key cannot open fails the job at once, with the reason.
 */
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseEnrichers, caseEnrichments, cases, caseWebhooks, emailOutbox, sites, webhookDeliveries } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import type { JobAttemptInfo, JobQueue, RetryPolicy } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { outboundFetch } from '../outbound/outbound-fetch.ts';
import { OutboundRefused, type OutboundPolicy } from '../outbound/outbound-guard.ts';
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_EVENT_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../protocol/cases-constants.ts';
import { SecretBoxError, type SecretBox } from '../secrets/secret-box.ts';
import { callEnricher, EnricherError } from './enricher-call.ts';
import { CASE_JOBS, type CaseNotifier, type EmailJob, type EnrichJob, type SlaJob, type WebhookJob } from './case-notifier.ts';
import type { Mailer } from './mailer.ts';
import { openHeaders, openWebhookSecret } from './case-secrets.ts';
import { signWebhook } from './webhook-signature.ts';

const WEBHOOK_TIMEOUT_MS = 10_000;

export interface CaseJobDeps {
  db: Db;
  config: Pick<Config, 'jobRetryLimit' | 'jobRetryDelaySeconds' | 'outboundBlockPrivate'>;
  logger: Logger;
  jobs: JobQueue;
  notifier: CaseNotifier;
  mailer: Mailer | undefined;
  /** Opens the enrichers' header values and the webhooks' secrets (stored sealed). */
  secrets: SecretBox;
}

/** Thrown to have the queue retry; the reason is already recorded on the row. */
class RetryLater extends Error {
  override name = 'RetryLater';
}

/** A secret this process's key cannot open: a permanent enricher failure with the reason, not a crash. */
function openSealed<T>(open: () => T): T {
  try {
    return open();
  } catch (err) {
    if (err instanceof SecretBoxError) throw new EnricherError(err.message, { permanent: true });
    throw err;
  }
}

interface WebhookOutcome {
  ok: boolean;
  code: number | null;
  error: string | null;
  /** Set when the code alone does not say (e.g. a secret that cannot be opened: never). */
  retryable?: boolean;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

export async function defineCaseJobs(deps: CaseJobDeps): Promise<void> {
  const { db, jobs, notifier, mailer, logger, secrets } = deps;
  const policy = (allowedHosts: string[]): OutboundPolicy => ({ allowedHosts, blockPrivate: deps.config.outboundBlockPrivate });
  const retry: RetryPolicy = {
    retryLimit: deps.config.jobRetryLimit,
    retryDelaySeconds: deps.config.jobRetryDelaySeconds,
    retryDelayMaxSeconds: 3600,
  };

  await jobs.define<EnrichJob>({
    name: CASE_JOBS.enrich,
    ...retry,
    async handler({ caseId, enricherId }, attempt) {
      const [found] = await db
        .select({ caseRow: cases, enricher: caseEnrichers, outboundHosts: sites.outboundHosts })
        .from(cases)
        .innerJoin(caseEnrichers, eq(caseEnrichers.id, enricherId))
        .innerJoin(sites, eq(sites.id, cases.siteId))
        .where(eq(cases.id, caseId));
      if (!found) return;
      const where = and(eq(caseEnrichments.caseId, caseId), eq(caseEnrichments.enricherId, enricherId));
      try {
        const headers = openSealed(() => openHeaders(secrets, found.enricher.headers));
        const { fields, links } = await callEnricher({ ...found.enricher, headers }, found.caseRow, policy(found.outboundHosts));
        await db
          .update(caseEnrichments)
          .set({ status: 'ok', fields, links, error: null, attempts: sql`${caseEnrichments.attempts} + 1`, updatedAt: new Date() })
          .where(where);
        await notifier.reindex(caseId);
      } catch (err) {
        const final = attempt.lastAttempt || (err instanceof EnricherError && err.permanent);
        await db
          .update(caseEnrichments)
          .set({
            status: final ? 'failed' : 'pending',
            error: message(err),
            attempts: sql`${caseEnrichments.attempts} + 1`,
            updatedAt: new Date(),
          })
          .where(where);
        logger.warn(
          { caseId, enricher: found.enricher.name, attempt: attempt.retryCount + 1, final, error: message(err) },
          'enricher failed',
        );
        if (!final) throw new RetryLater(message(err));
      }
    },
  });

  await jobs.define<WebhookJob>({
    name: CASE_JOBS.webhook,
    ...retry,
    async handler({ deliveryId }, attempt) {
      const [found] = await db
        .select({ delivery: webhookDeliveries, hook: caseWebhooks, outboundHosts: sites.outboundHosts })
        .from(webhookDeliveries)
        .innerJoin(caseWebhooks, eq(caseWebhooks.id, webhookDeliveries.webhookId))
        .innerJoin(sites, eq(sites.id, caseWebhooks.siteId))
        .where(eq(webhookDeliveries.id, deliveryId));
      if (!found || found.delivery.status === 'delivered') return;
      let outcome: WebhookOutcome;
      try {
        outcome = await postWebhook(
          found.hook.url,
          openWebhookSecret(secrets, found.hook.secret),
          found.delivery,
          policy(found.outboundHosts),
        );
      } catch (err) {
        if (!(err instanceof SecretBoxError)) throw err;
        // Not retried: no attempt can succeed with this process's key.
        outcome = { ok: false, code: null, error: err.message, retryable: false };
      }
      const retryable = outcome.retryable ?? (outcome.code === null || outcome.code === 408 || outcome.code === 429 || outcome.code >= 500);
      const status = outcome.ok ? 'delivered' : retryable && !attempt.lastAttempt ? 'pending' : 'failed';
      await db
        .update(webhookDeliveries)
        .set({
          status,
          responseCode: outcome.code,
          lastError: outcome.ok ? null : outcome.error,
          attempts: sql`${webhookDeliveries.attempts} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(webhookDeliveries.id, deliveryId));
      if (status === 'pending') throw new RetryLater(outcome.error ?? 'retry');
    },
  });

  await jobs.define<EmailJob>({
    name: CASE_JOBS.email,
    ...retry,
    concurrency: 2,
    async handler({ emailId }, attempt) {
      const [email] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, emailId));
      if (!email || email.status === 'sent' || !mailer) return;
      try {
        await mailer.send({ to: email.to, subject: email.subject, text: email.body });
        await db
          .update(emailOutbox)
          .set({ status: 'sent', sentAt: new Date(), lastError: null, attempts: sql`${emailOutbox.attempts} + 1` })
          .where(eq(emailOutbox.id, emailId));
      } catch (err) {
        await db
          .update(emailOutbox)
          .set({ status: attempt.lastAttempt ? 'failed' : 'queued', lastError: message(err), attempts: sql`${emailOutbox.attempts} + 1` })
          .where(eq(emailOutbox.id, emailId));
        if (!attempt.lastAttempt) throw new RetryLater(message(err));
      }
    },
  });

  await jobs.define<SlaJob>({
    name: CASE_JOBS.sla,
    ...retry,
    concurrency: 1,
    async handler({ caseId }: SlaJob, _attempt: JobAttemptInfo) {
      const now = new Date();
      const [breached] = await db
        .update(cases)
        .set({ slaBreachedAt: now, updatedAt: now })
        .where(
          and(
            eq(cases.id, caseId),
            isNull(cases.firstAnsweredAt),
            isNull(cases.slaBreachedAt),
            ne(cases.status, 'resolved'),
            sql`${cases.dueAt} <= ${now.toISOString()}::timestamptz`,
          ),
        )
        .returning();
      if (breached) {
        logger.info({ caseId }, 'case SLA breached');
        await notifier.event(breached, 'case.sla_breached');
      }
    },
  });
}

async function postWebhook(
  url: string,
  secret: string,
  delivery: typeof webhookDeliveries.$inferSelect,
  policy: OutboundPolicy,
): Promise<WebhookOutcome> {
  try {
    // Redirects are never followed: a 3xx is a failed delivery.
    const res = await outboundFetch(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cobrowse-webhooks/1',
          [WEBHOOK_EVENT_HEADER]: delivery.event,
          [WEBHOOK_DELIVERY_HEADER]: delivery.id,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, delivery.payload),
        },
        body: delivery.payload,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      },
      policy,
    );
    await res.body?.cancel().catch(() => {});
    return res.ok ? { ok: true, code: res.status, error: null } : { ok: false, code: res.status, error: `answered HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error;
    if (e instanceof OutboundRefused) return { ok: false, code: null, error: `refused: ${e.message}`, retryable: false };
    return {
      ok: false,
      code: null,
      error: e.name === 'TimeoutError' ? `timed out after ${WEBHOOK_TIMEOUT_MS} ms` : `request failed: ${message(e.cause ?? e)}`,
    };
  }
}

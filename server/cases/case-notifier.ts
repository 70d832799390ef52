/**
 * @module server/cases/case-notifier
 * Everything a case change sets off in the background: webhook deliveries,
 * emails, enrichment and the SLA timer. Each is first recorded in its table
 * (so admins see it even before it runs), then queued as a job. Nothing here
 * may fail the customer's or advisor's request: a failure to queue is logged
 * and the record stays for admins to see.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseEnrichers, caseEnrichments, caseWebhooks, emailOutbox, webhookDeliveries } from '../../db/schema.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import type { CaseEvent, WebhookPayload } from '../../protocol/cases.ts';
import { toCaseSummary, type CaseRow } from './case-dto.ts';
import { requestSearchIndex } from '../search/search-jobs.ts';

export const CASE_JOBS = {
  enrich: 'case-enrich',
  webhook: 'case-webhook',
  email: 'case-email',
  sla: 'case-sla',
} as const;

export interface EnrichJob {
  caseId: string;
  enricherId: string;
}
export interface WebhookJob {
  deliveryId: string;
}
export interface EmailJob {
  emailId: string;
}
export interface SlaJob {
  caseId: string;
}

export class CaseNotifier {
  readonly #db: Db;
  readonly #jobs: JobQueue;
  readonly #logger: Logger;
  /** Without a mailer emails stay `queued` in the outbox: no job to run. */
  readonly #sendsEmail: boolean;

  constructor(options: { db: Db; jobs: JobQueue; logger: Logger; sendsEmail: boolean }) {
    this.#db = options.db;
    this.#jobs = options.jobs;
    this.#logger = options.logger;
    this.#sendsEmail = options.sendsEmail;
  }

  /** Re-indexes the case for search (its question, thread, status, enrichments changed). */
  async reindex(caseId: string): Promise<void> {
    await requestSearchIndex(this.#jobs, this.#logger, { kind: 'case', id: caseId });
  }

  /** Records one delivery per enabled webhook of the site listening to `event`, and queues them. */
  async event(caseRow: CaseRow, event: CaseEvent): Promise<void> {
    await this.#safely(`webhooks for ${event}`, async () => {
      const hooks = await this.#db
        .select()
        .from(caseWebhooks)
        .where(and(eq(caseWebhooks.siteId, caseRow.siteId), eq(caseWebhooks.enabled, true)));
      for (const hook of hooks.filter((h) => h.events.includes(event))) {
        const id = crypto.randomUUID();
        const payload: WebhookPayload = { id, event, occurredAt: new Date().toISOString(), case: toCaseSummary(caseRow) };
        await this.#db
          .insert(webhookDeliveries)
          .values({ id, webhookId: hook.id, caseId: caseRow.id, event, payload: JSON.stringify(payload) });
        await this.#jobs.send(CASE_JOBS.webhook, { deliveryId: id } satisfies WebhookJob, { singletonKey: id });
      }
    });
  }

  /** `caseId`: null for emails about no case (an advisor's password-reset link). */
  async email(caseId: string | null, to: string, subject: string, body: string): Promise<void> {
    await this.#safely('email', async () => {
      const [row] = await this.#db.insert(emailOutbox).values({ caseId, to, subject, body }).returning({ id: emailOutbox.id });
      if (this.#sendsEmail) await this.#jobs.send(CASE_JOBS.email, { emailId: row!.id } satisfies EmailJob, { singletonKey: row!.id });
    });
  }

  /** One pending result per enabled enricher of the site (idempotent per case and enricher). */
  async enrich(caseRow: CaseRow): Promise<void> {
    await this.#safely('enrichment', async () => {
      const enrichers = await this.#db
        .select({ id: caseEnrichers.id })
        .from(caseEnrichers)
        .where(and(eq(caseEnrichers.siteId, caseRow.siteId), eq(caseEnrichers.enabled, true)));
      for (const { id } of enrichers) {
        await this.#db.insert(caseEnrichments).values({ caseId: caseRow.id, enricherId: id }).onConflictDoNothing();
        await this.#jobs.send(CASE_JOBS.enrich, { caseId: caseRow.id, enricherId: id } satisfies EnrichJob, {
          singletonKey: `${caseRow.id}:${id}`,
        });
      }
    });
  }

  /** Fires at the case's due time (see the SLA job). */
  async slaTimer(caseRow: CaseRow): Promise<void> {
    await this.#safely('SLA timer', () =>
      this.#jobs.send(CASE_JOBS.sla, { caseId: caseRow.id } satisfies SlaJob, { singletonKey: caseRow.id, startAfter: caseRow.dueAt }),
    );
  }

  async #safely(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.#logger.error({ err }, `could not queue ${what}`);
    }
  }
}

/**
 * @module server/cases/case-settings
 * Async help's configuration, in the caller's scope: topics, enrichers and
 * webhooks of the caller's sites, routing profiles of the organisation's
 * members, and the background work (failed enrichments and deliveries, the
 * email outbox) of the caller's sites. An id of another organisation, or of
 * a site the admin may not see, is not found (404), in the path as in a body.
 *
 * NOTE: a routing profile (skills, languages) belongs to the person, not to
 * one organisation: someone in two organisations has one profile, which the
 * admins of both see and change. Routing itself only ever picks the case's
 * site's members (`case-routing.ts`).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNull, ne, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  advisorRouting,
  advisors,
  caseEnrichers,
  caseEnrichments,
  cases,
  caseTopics,
  caseWebhooks,
  emailOutbox,
  memberships,
  sites,
  webhookDeliveries,
} from '../../db/schema.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { isUuid } from '../lib/request.ts';
import { hostAllowed } from '../outbound/outbound-guard.ts';
import { inScope, type Scope } from '../scope/index.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { z } from 'zod';
import type {
  advisorRoutingSchema,
  AdvisorRouting,
  Enricher,
  enricherCreateSchema,
  enricherUpdateSchema,
  JobsOverview,
  Topic,
  topicCreateSchema,
  topicUpdateSchema,
  Webhook,
  webhookCreateSchema,
  webhookUpdateSchema,
} from '../../protocol/cases.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { toDeliveryInfo, toEmailInfo, toEnricher, toEnrichmentResult, toTopic, toWebhook } from './case-dto.ts';
import { CASE_JOBS } from './case-notifier.ts';
import { sealHeaders, sealWebhookSecret } from './case-secrets.ts';

const JOBS_LIST_LIMIT = 200;

// What the routes' schemas parsed (defaults applied).
type TopicCreate = z.output<typeof topicCreateSchema>;
type TopicUpdate = z.output<typeof topicUpdateSchema>;
type AdvisorRoutingInput = z.output<typeof advisorRoutingSchema>;
type EnricherCreate = z.output<typeof enricherCreateSchema>;
type EnricherUpdate = z.output<typeof enricherUpdateSchema>;
type WebhookCreate = z.output<typeof webhookCreateSchema>;
type WebhookUpdate = z.output<typeof webhookUpdateSchema>;

/** `id = <the path's id> AND <its site is the caller's>`; a malformed id matches nothing. */
async function idInScope(scope: Scope, idColumn: PgColumn, siteIdColumn: PgColumn, id: string): Promise<SQL> {
  if (!isUuid(id)) throw notFound('not found');
  return and(eq(idColumn, id.toLowerCase()), await inScope(scope, siteIdColumn))!;
}

/** A site named in a body: one of the caller's (else 404); answers its outbound allow-list. */
async function siteOfScope(scope: Scope, siteId: string): Promise<string[]> {
  const [site] = isUuid(siteId)
    ? await scope.db
        .select({ outboundHosts: sites.outboundHosts })
        .from(sites)
        .where(and(eq(sites.id, siteId.toLowerCase()), await inScope(scope, sites.id)))
    : [];
  if (!site) throw notFound('no such site');
  return site.outboundHosts;
}

// --- topics

export async function listTopics(scope: Scope): Promise<Topic[]> {
  const rows = await scope.db
    .select()
    .from(caseTopics)
    .where(await inScope(scope, caseTopics.siteId))
    .orderBy(asc(caseTopics.siteId), asc(caseTopics.name));
  return rows.map(toTopic);
}

export async function createTopic(scope: Scope, input: TopicCreate): Promise<Topic> {
  await siteOfScope(scope, input.siteId);
  const [row] = await uniqueName(() =>
    scope.db
      .insert(caseTopics)
      .values({ ...input, siteId: input.siteId.toLowerCase() })
      .returning(),
  );
  return toTopic(row!);
}

export async function updateTopic(scope: Scope, id: string, input: TopicUpdate): Promise<Topic> {
  const where = await idInScope(scope, caseTopics.id, caseTopics.siteId, id);
  const [row] = await uniqueName(() => scope.db.update(caseTopics).set(input).where(where).returning());
  if (!row) throw notFound('no such topic');
  return toTopic(row);
}

export async function deleteTopic(scope: Scope, id: string): Promise<string> {
  const [row] = await scope.db
    .delete(caseTopics)
    .where(await idInScope(scope, caseTopics.id, caseTopics.siteId, id))
    .returning();
  if (!row) throw notFound('no such topic');
  return row.id;
}

// --- routing profiles

/** The organisation's active members with their routing profiles. */
export async function listRouting(scope: Scope): Promise<AdvisorRouting[]> {
  const rows = await scope.db
    .select({ advisor: advisors, routing: advisorRouting })
    .from(memberships)
    .innerJoin(advisors, eq(advisors.id, memberships.advisorId))
    .leftJoin(advisorRouting, eq(advisorRouting.advisorId, advisors.id))
    .where(and(eq(memberships.orgId, scope.org.id), isNull(memberships.deactivatedAt)))
    .orderBy(asc(advisors.email));
  return rows.map((r) => toRouting(r.advisor, r.routing));
}

/** Sets a member's skills and languages; 404 for anyone not an active member of the organisation. */
export async function putRouting(scope: Scope, advisorId: string, input: AdvisorRoutingInput): Promise<AdvisorRouting> {
  const [member] = isUuid(advisorId)
    ? await scope.db
        .select({ advisor: advisors })
        .from(memberships)
        .innerJoin(advisors, eq(advisors.id, memberships.advisorId))
        .where(
          and(eq(memberships.orgId, scope.org.id), eq(memberships.advisorId, advisorId.toLowerCase()), isNull(memberships.deactivatedAt)),
        )
    : [];
  if (!member) throw notFound('no such advisor');
  const values = { skills: [...new Set(input.skills)], languages: [...new Set(input.languages)], updatedAt: new Date() };
  const [routing] = await scope.db
    .insert(advisorRouting)
    .values({ advisorId: member.advisor.id, ...values })
    .onConflictDoUpdate({ target: advisorRouting.advisorId, set: values })
    .returning();
  return toRouting(member.advisor, routing!);
}

// --- enrichers

export async function listEnrichers(scope: Scope, secrets: SecretBox): Promise<Enricher[]> {
  const rows = await scope.db
    .select()
    .from(caseEnrichers)
    .where(await inScope(scope, caseEnrichers.siteId))
    .orderBy(asc(caseEnrichers.siteId), asc(caseEnrichers.name));
  return rows.map((r) => toEnricher(r, secrets));
}

export async function createEnricher(scope: Scope, secrets: SecretBox, input: EnricherCreate): Promise<Enricher> {
  assertOutboundHost(await siteOfScope(scope, input.siteId), templateHost(input.urlTemplate));
  const [row] = await scope.db
    .insert(caseEnrichers)
    .values({ ...input, siteId: input.siteId.toLowerCase(), headers: sealHeaders(secrets, input.headers ?? {}) })
    .returning();
  return toEnricher(row!, secrets);
}

export async function updateEnricher(scope: Scope, secrets: SecretBox, id: string, update: EnricherUpdate): Promise<Enricher> {
  const { headers, ...input } = update;
  const where = await idInScope(scope, caseEnrichers.id, caseEnrichers.siteId, id);
  const [current] = await scope.db.select().from(caseEnrichers).where(where);
  if (!current) throw notFound('no such enricher');
  if (input.urlTemplate !== undefined) assertOutboundHost(await siteOfScope(scope, current.siteId), templateHost(input.urlTemplate));
  const changes: Partial<typeof caseEnrichers.$inferInsert> = { ...input, updatedAt: new Date() };
  if (headers) {
    const merged: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      // null keeps the stored value, still sealed as it is.
      const kept = value === null || value === undefined ? current.headers[name] : secrets.seal(value, 'enricher-header');
      if (kept === undefined) throw badRequest(`header ${name}: no stored value to keep`);
      merged[name] = kept;
    }
    changes.headers = merged;
  }
  const [row] = await scope.db.update(caseEnrichers).set(changes).where(where).returning();
  if (!row) throw notFound('no such enricher');
  return toEnricher(row, secrets);
}

export async function deleteEnricher(scope: Scope, id: string): Promise<string> {
  const [row] = await scope.db
    .delete(caseEnrichers)
    .where(await idInScope(scope, caseEnrichers.id, caseEnrichers.siteId, id))
    .returning();
  if (!row) throw notFound('no such enricher');
  return row.id;
}

// --- webhooks

export async function listWebhooks(scope: Scope, secrets: SecretBox): Promise<Webhook[]> {
  const rows = await scope.db
    .select()
    .from(caseWebhooks)
    .where(await inScope(scope, caseWebhooks.siteId))
    .orderBy(asc(caseWebhooks.siteId), asc(caseWebhooks.createdAt));
  return rows.map((r) => toWebhook(r, secrets));
}

/** A new webhook; its secret (given or generated) is in this answer only. */
export async function createWebhook(scope: Scope, secrets: SecretBox, input: WebhookCreate): Promise<Webhook> {
  assertOutboundHost(await siteOfScope(scope, input.siteId), new URL(input.url).hostname);
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  const [row] = await scope.db
    .insert(caseWebhooks)
    .values({
      ...input,
      siteId: input.siteId.toLowerCase(),
      secret: sealWebhookSecret(secrets, secret),
      events: [...new Set(input.events)],
    })
    .returning();
  return toWebhook(row!, secrets, { revealSecret: secret });
}

export async function updateWebhook(scope: Scope, secrets: SecretBox, id: string, input: WebhookUpdate): Promise<Webhook> {
  const where = await idInScope(scope, caseWebhooks.id, caseWebhooks.siteId, id);
  if (input.url !== undefined) {
    const [current] = await scope.db.select({ siteId: caseWebhooks.siteId }).from(caseWebhooks).where(where);
    if (!current) throw notFound('no such webhook');
    assertOutboundHost(await siteOfScope(scope, current.siteId), new URL(input.url).hostname);
  }
  const [row] = await scope.db
    .update(caseWebhooks)
    .set({
      ...input,
      ...(input.secret !== undefined ? { secret: sealWebhookSecret(secrets, input.secret) } : {}),
      ...(input.events ? { events: [...new Set(input.events)] } : {}),
      updatedAt: new Date(),
    })
    .where(where)
    .returning();
  if (!row) throw notFound('no such webhook');
  return toWebhook(row, secrets, { revealSecret: input.secret });
}

export async function deleteWebhook(scope: Scope, id: string): Promise<string> {
  const [row] = await scope.db
    .delete(caseWebhooks)
    .where(await idInScope(scope, caseWebhooks.id, caseWebhooks.siteId, id))
    .returning();
  if (!row) throw notFound('no such webhook');
  return row.id;
}

// --- background work

/**
 * Failed or pending enrichments and deliveries and the email outbox of the
 * caller's sites. NOTE: the queue counts are the instance's (pg-boss counts
 * jobs per queue, not per site): numbers only, no tenant data.
 */
export async function jobsOverview(scope: Scope, jobs: JobQueue): Promise<JobsOverview> {
  const { db } = scope;
  const [enrichments, deliveries, emails, queues] = await Promise.all([
    db
      .select({ result: caseEnrichments, name: caseEnrichers.name })
      .from(caseEnrichments)
      .innerJoin(caseEnrichers, eq(caseEnrichers.id, caseEnrichments.enricherId))
      .where(and(ne(caseEnrichments.status, 'ok'), await inScope(scope, caseEnrichers.siteId)))
      .orderBy(desc(caseEnrichments.updatedAt))
      .limit(JOBS_LIST_LIMIT),
    db
      .select({ delivery: webhookDeliveries })
      .from(webhookDeliveries)
      .innerJoin(caseWebhooks, eq(caseWebhooks.id, webhookDeliveries.webhookId))
      .where(and(ne(webhookDeliveries.status, 'delivered'), await inScope(scope, caseWebhooks.siteId)))
      .orderBy(desc(webhookDeliveries.createdAt))
      .limit(JOBS_LIST_LIMIT),
    db
      .select({ email: emailOutbox })
      .from(emailOutbox)
      .innerJoin(cases, eq(cases.id, emailOutbox.caseId))
      .where(await inScope(scope, cases.siteId))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(JOBS_LIST_LIMIT),
    jobs.pendingByQueue(Object.values(CASE_JOBS)),
  ]);
  return {
    enrichments: enrichments.map((e) => ({ ...toEnrichmentResult(e.result, e.name), caseId: e.result.caseId })),
    webhookDeliveries: deliveries.map((d) => toDeliveryInfo(d.delivery)),
    emails: emails.map((e) => toEmailInfo(e.email)),
    queues,
  };
}

/** The host part of an enricher's URL template (it may hold placeholders, so no URL parser). */
function templateHost(template: string): string {
  const authority = /^https?:\/\/([^/?#]*)/i.exec(template)?.[1] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  return hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.split(':')[0]!;
}

/** Saving an enricher or webhook: 400 when its host is not on the site's allow-list (checked again at every call). */
function assertOutboundHost(allowedHosts: string[], host: string) {
  if (allowedHosts.length === 0) return;
  if (host.includes('{')) {
    throw badRequest('the host of an enricher URL cannot come from metadata when the site has an outbound allow-list');
  }
  if (!hostAllowed(host, allowedHosts)) {
    throw badRequest(`host ${host.toLowerCase()} is not in the site's outbound allow-list`, { allowedHosts });
  }
}

/** A topic name is unique per site (case-insensitive): 409 rather than a 500. */
async function uniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') throw new ApiError(409, ErrorCode.Conflict, 'this site already has a topic of that name');
    throw err;
  }
}

function toRouting(advisor: typeof advisors.$inferSelect, routing: typeof advisorRouting.$inferSelect | null): AdvisorRouting {
  return {
    advisorId: advisor.id,
    email: advisor.email,
    name: advisor.name,
    skills: routing?.skills ?? [],
    languages: routing?.languages ?? [],
    lastSeenAt: routing?.lastSeenAt?.toISOString() ?? null,
  };
}

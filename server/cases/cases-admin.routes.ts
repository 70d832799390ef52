/**
 * @module server/cases/cases-admin.routes
 * Async help's configuration (`/api/admin`, admins only): topics and their
 * SLA, advisors' skills and languages, enrichers, webhooks, and the state of
 * background work (failed enrichments and deliveries, the email outbox).
 * Enricher header values and webhook secrets are sealed before they are
 * stored (`case-secrets.ts`) and answered masked, except a webhook secret
 * in the answer that sets it. Every change is audited (`settings.changed`:
 * what kind of setting, which one, created / updated / deleted, and the
 * fields named; never a header value or secret).
 */
import { randomBytes } from 'node:crypto';
import { asc, desc, eq, ne } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { Db } from '../../db/client.ts';
import {
  advisorRouting,
  advisors,
  caseEnrichers,
  caseEnrichments,
  caseTopics,
  caseWebhooks,
  emailOutbox,
  sites,
  webhookDeliveries,
} from '../../db/schema.ts';
import { audit, requestScope } from '../audit/index.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { hostAllowed } from '../outbound/outbound-guard.ts';
import { isUuid, readJson } from '../lib/request.ts';
import { uuids } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import {
  advisorRoutingSchema,
  enricherCreateSchema,
  enricherUpdateSchema,
  topicCreateSchema,
  topicUpdateSchema,
  webhookCreateSchema,
  webhookUpdateSchema,
  type AdvisorRouting,
  type Enricher,
  type JobsOverview,
  type Topic,
  type Webhook,
} from '../../protocol/cases.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { AppDeps } from '../types.ts';
import { toDeliveryInfo, toEmailInfo, toEnricher, toEnrichmentResult, toTopic, toWebhook } from './case-dto.ts';
import { CASE_JOBS } from './case-notifier.ts';
import { sealHeaders, sealWebhookSecret } from './case-secrets.ts';

const JOBS_LIST_LIMIT = 200;

export function casesAdminRoutes({ database: { db }, jobs, secrets }: AppDeps) {
  const idParam = (c: Context) => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw notFound('not found');
    return id.toLowerCase();
  };

  const changed = (c: Context, setting: string, id: string, change: 'created' | 'updated' | 'deleted', fields: string[] = []) =>
    audit(requestScope(c, db), 'settings.changed', { type: setting, id }, { change, fields });

  /** Every admin route needs `settings.manage`. */
  const admin = (summary: string, responses: RouteContract['responses'], more: Partial<RouteContract> = {}) =>
    route({ summary, tags: ['admin'], access: 'settings.manage', responses, ...more });
  const json = (description: string) => ({ description, media: 'application/json' });
  const id = uuids('id');
  const deleted = { 204: { description: 'Deleted.' } };

  return new Hono()
    // --- topics
    .get('/topics', ...admin('Topics with their SLA and skills', { 200: json('`{ topics: Topic[] }` (protocol/cases.ts).') }), async (c) => {
      const rows = await db.select().from(caseTopics).orderBy(asc(caseTopics.siteId), asc(caseTopics.name));
      return c.json<{ topics: Topic[] }>({ topics: rows.map(toTopic) });
    })
    .post('/topics', ...admin('Create a topic', { 201: json('`Topic` (protocol/cases.ts).') }, { body: topicCreateSchema }), async (c) => {
      const input = await readJson(c, topicCreateSchema);
      await assertSite(db, input.siteId);
      const [row] = await uniqueName(() => db.insert(caseTopics).values(input).returning());
      await changed(c, 'topic', row!.id, 'created', Object.keys(input));
      return c.json<Topic>(toTopic(row!), 201);
    })
    .patch('/topics/:id', ...admin('Change a topic', { 200: json('`Topic` (protocol/cases.ts).') }, { params: id, body: topicUpdateSchema }), async (c) => {
      const id = idParam(c);
      const input = await readJson(c, topicUpdateSchema);
      const [row] = await uniqueName(() => db.update(caseTopics).set(input).where(eq(caseTopics.id, id)).returning());
      if (!row) throw notFound('no such topic');
      await changed(c, 'topic', id, 'updated', Object.keys(input));
      return c.json<Topic>(toTopic(row));
    })
    .delete('/topics/:id', ...admin('Delete a topic', deleted, { params: id }), async (c) => {
      const [row] = await db.delete(caseTopics).where(eq(caseTopics.id, idParam(c))).returning();
      if (!row) throw notFound('no such topic');
      await changed(c, 'topic', row.id, 'deleted');
      return c.body(null, 204);
    })
    // --- advisors' routing profiles
    .get('/routing', ...admin("Members' routing profiles (skills, languages, capacity)", { 200: json('`{ advisors: AdvisorRouting[] }` (protocol/cases.ts).') }), async (c) => {
      const rows = await db
        .select({ advisor: advisors, routing: advisorRouting })
        .from(advisors)
        .leftJoin(advisorRouting, eq(advisorRouting.advisorId, advisors.id))
        .orderBy(asc(advisors.email));
      return c.json<{ advisors: AdvisorRouting[] }>({ advisors: rows.map((r) => toRouting(r.advisor, r.routing)) });
    })
    .put('/routing/:id', ...admin("Set a member's routing profile", { 200: json('`AdvisorRouting` (protocol/cases.ts).') }, { params: id, body: advisorRoutingSchema }), async (c) => {
      const id = idParam(c);
      const input = await readJson(c, advisorRoutingSchema);
      const [advisor] = await db.select().from(advisors).where(eq(advisors.id, id));
      if (!advisor) throw notFound('no such advisor');
      const values = { skills: [...new Set(input.skills)], languages: [...new Set(input.languages)], updatedAt: new Date() };
      const [routing] = await db
        .insert(advisorRouting)
        .values({ advisorId: id, ...values })
        .onConflictDoUpdate({ target: advisorRouting.advisorId, set: values })
        .returning();
      await changed(c, 'routing', id, 'updated', ['skills', 'languages']);
      return c.json<AdvisorRouting>(toRouting(advisor, routing!));
    })
    // --- enrichers
    .get('/enrichers', ...admin('Enrichers (calls that add context to new cases)', { 200: json('`{ enrichers: Enricher[] }` (protocol/cases.ts).') }), async (c) => {
      const rows = await db.select().from(caseEnrichers).orderBy(asc(caseEnrichers.siteId), asc(caseEnrichers.name));
      return c.json<{ enrichers: Enricher[] }>({ enrichers: rows.map((r) => toEnricher(r, secrets)) });
    })
    .post('/enrichers', ...admin('Create an enricher', { 201: json('`Enricher` (protocol/cases.ts).') }, { body: enricherCreateSchema }), async (c) => {
      const input = await readJson(c, enricherCreateSchema);
      assertOutboundHost(await assertSite(db, input.siteId), templateHost(input.urlTemplate));
      const [row] = await db
        .insert(caseEnrichers)
        .values({ ...input, headers: sealHeaders(secrets, input.headers ?? {}) })
        .returning();
      await changed(c, 'enricher', row!.id, 'created', Object.keys(input));
      return c.json<Enricher>(toEnricher(row!, secrets), 201);
    })
    .patch('/enrichers/:id', ...admin('Change an enricher', { 200: json('`Enricher` (protocol/cases.ts).') }, { params: id, body: enricherUpdateSchema }), async (c) => {
      const id = idParam(c);
      const { headers, ...input } = await readJson(c, enricherUpdateSchema);
      const [current] = await db.select().from(caseEnrichers).where(eq(caseEnrichers.id, id));
      if (!current) throw notFound('no such enricher');
      if (input.urlTemplate !== undefined) assertOutboundHost(await assertSite(db, current.siteId), templateHost(input.urlTemplate));
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
      const [row] = await db.update(caseEnrichers).set(changes).where(eq(caseEnrichers.id, id)).returning();
      await changed(c, 'enricher', id, 'updated', [...Object.keys(input), ...(headers ? ['headers'] : [])]);
      return c.json<Enricher>(toEnricher(row!, secrets));
    })
    .delete('/enrichers/:id', ...admin('Delete an enricher', deleted, { params: id }), async (c) => {
      const [row] = await db.delete(caseEnrichers).where(eq(caseEnrichers.id, idParam(c))).returning();
      if (!row) throw notFound('no such enricher');
      await changed(c, 'enricher', row.id, 'deleted');
      return c.body(null, 204);
    })
    // --- webhooks
    .get('/webhooks', ...admin('Webhooks (signed case events)', { 200: json('`{ webhooks: Webhook[] }` (protocol/cases.ts).') }), async (c) => {
      const rows = await db.select().from(caseWebhooks).orderBy(asc(caseWebhooks.siteId), asc(caseWebhooks.createdAt));
      return c.json<{ webhooks: Webhook[] }>({ webhooks: rows.map((r) => toWebhook(r, secrets)) });
    })
    .post('/webhooks', ...admin('Create a webhook (its secret is shown once)', { 201: json('`Webhook` (protocol/cases.ts).') }, { body: webhookCreateSchema }), async (c) => {
      const input = await readJson(c, webhookCreateSchema);
      assertOutboundHost(await assertSite(db, input.siteId), new URL(input.url).hostname);
      const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
      const [row] = await db
        .insert(caseWebhooks)
        .values({ ...input, secret: sealWebhookSecret(secrets, secret), events: [...new Set(input.events)] })
        .returning();
      await changed(c, 'webhook', row!.id, 'created', Object.keys(input));
      return c.json<Webhook>(toWebhook(row!, secrets, { revealSecret: secret }), 201);
    })
    .patch('/webhooks/:id', ...admin('Change a webhook', { 200: json('`Webhook` (protocol/cases.ts).') }, { params: id, body: webhookUpdateSchema }), async (c) => {
      const id = idParam(c);
      const input = await readJson(c, webhookUpdateSchema);
      if (input.url !== undefined) {
        const [current] = await db.select({ siteId: caseWebhooks.siteId }).from(caseWebhooks).where(eq(caseWebhooks.id, id));
        if (!current) throw notFound('no such webhook');
        assertOutboundHost(await assertSite(db, current.siteId), new URL(input.url).hostname);
      }
      const [row] = await db
        .update(caseWebhooks)
        .set({
          ...input,
          ...(input.secret !== undefined ? { secret: sealWebhookSecret(secrets, input.secret) } : {}),
          ...(input.events ? { events: [...new Set(input.events)] } : {}),
          updatedAt: new Date(),
        })
        .where(eq(caseWebhooks.id, id))
        .returning();
      if (!row) throw notFound('no such webhook');
      await changed(c, 'webhook', id, 'updated', Object.keys(input));
      return c.json<Webhook>(toWebhook(row, secrets, { revealSecret: input.secret }));
    })
    .delete('/webhooks/:id', ...admin('Delete a webhook', deleted, { params: id }), async (c) => {
      const [row] = await db.delete(caseWebhooks).where(eq(caseWebhooks.id, idParam(c))).returning();
      if (!row) throw notFound('no such webhook');
      await changed(c, 'webhook', row.id, 'deleted');
      return c.body(null, 204);
    })
    // --- background work
    .get('/jobs', ...admin('Failed enrichments and deliveries, the e-mail outbox, queue sizes', { 200: json('`JobsOverview` (protocol/cases.ts).') }), async (c) => c.json<JobsOverview>(await jobsOverview(db, jobs)));
}

async function jobsOverview(db: Db, jobs: JobQueue): Promise<JobsOverview> {
  const [enrichments, deliveries, emails, queues] = await Promise.all([
    db
      .select({ result: caseEnrichments, name: caseEnrichers.name })
      .from(caseEnrichments)
      .innerJoin(caseEnrichers, eq(caseEnrichers.id, caseEnrichments.enricherId))
      .where(ne(caseEnrichments.status, 'ok'))
      .orderBy(desc(caseEnrichments.updatedAt))
      .limit(JOBS_LIST_LIMIT),
    db
      .select()
      .from(webhookDeliveries)
      .where(ne(webhookDeliveries.status, 'delivered'))
      .orderBy(desc(webhookDeliveries.createdAt))
      .limit(JOBS_LIST_LIMIT),
    db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(JOBS_LIST_LIMIT),
    jobs.pendingByQueue(Object.values(CASE_JOBS)),
  ]);
  return {
    enrichments: enrichments.map((e) => ({ ...toEnrichmentResult(e.result, e.name), caseId: e.result.caseId })),
    webhookDeliveries: deliveries.map(toDeliveryInfo),
    emails: emails.map(toEmailInfo),
    queues,
  };
}

/** 400 unless the site exists; answers its outbound allow-list. */
async function assertSite(db: Db, siteId: string): Promise<string[]> {
  const [site] = await db.select({ outboundHosts: sites.outboundHosts }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw badRequest('no such site');
  return site.outboundHosts;
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

function toRouting(
  advisor: typeof advisors.$inferSelect,
  routing: typeof advisorRouting.$inferSelect | null,
): AdvisorRouting {
  return {
    advisorId: advisor.id,
    email: advisor.email,
    name: advisor.name,
    skills: routing?.skills ?? [],
    languages: routing?.languages ?? [],
    lastSeenAt: routing?.lastSeenAt?.toISOString() ?? null,
  };
}

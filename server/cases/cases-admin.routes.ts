/**
 * @module server/cases/cases-admin.routes
 * Async help's configuration (`/api/admin`, admins only): topics and their
 * SLA, advisors' skills and languages, enrichers, webhooks, and the state of
 * background work (failed enrichments and deliveries, the email outbox).
 * Enricher header values and webhook secrets are sealed before they are
 * stored (`case-secrets.ts`) and answered masked, except a webhook secret
 * in the answer that sets it. Every change is audited (`settings.changed`:
 * what kind of setting, which one, created / updated / deleted, and the
 * fields named; never a header value or secret). Everything in the caller's
 * scope (`case-settings.ts`: their sites, their organisation's members).
 */
import { Hono, type Context } from 'hono';
import { audit, requestScope } from '../audit/index.ts';
import { readJson } from '../lib/request.ts';
import { requirePermission } from '../scope/index.ts';
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
import type { AppDeps } from '../types.ts';
import {
  createEnricher,
  createTopic,
  createWebhook,
  deleteEnricher,
  deleteTopic,
  deleteWebhook,
  jobsOverview,
  listEnrichers,
  listRouting,
  listTopics,
  listWebhooks,
  putRouting,
  updateEnricher,
  updateTopic,
  updateWebhook,
} from './case-settings.ts';

export function casesAdminRoutes({ database: { db }, jobs, secrets }: AppDeps) {
  const id = (c: Context) => c.req.param('id') ?? '';
  const changed = (c: Context, setting: string, id: string, change: 'created' | 'updated' | 'deleted', fields: string[] = []) =>
    audit(requestScope(c, db), 'settings.changed', { type: setting, id }, { change, fields });

  return new Hono()
    .use(requirePermission('settings.manage'))
    // --- topics
    .get('/topics', async (c) => c.json<{ topics: Topic[] }>({ topics: await listTopics(c.get('scope')) }))
    .post('/topics', async (c) => {
      const input = await readJson(c, topicCreateSchema);
      const topic = await createTopic(c.get('scope'), input);
      await changed(c, 'topic', topic.id, 'created', Object.keys(input));
      return c.json<Topic>(topic, 201);
    })
    .patch('/topics/:id', async (c) => {
      const input = await readJson(c, topicUpdateSchema);
      const topic = await updateTopic(c.get('scope'), id(c), input);
      await changed(c, 'topic', topic.id, 'updated', Object.keys(input));
      return c.json<Topic>(topic);
    })
    .delete('/topics/:id', async (c) => {
      await changed(c, 'topic', await deleteTopic(c.get('scope'), id(c)), 'deleted');
      return c.body(null, 204);
    })
    // --- members' routing profiles
    .get('/routing', async (c) => c.json<{ advisors: AdvisorRouting[] }>({ advisors: await listRouting(c.get('scope')) }))
    .put('/routing/:id', async (c) => {
      const input = await readJson(c, advisorRoutingSchema);
      const routing = await putRouting(c.get('scope'), id(c), input);
      await changed(c, 'routing', routing.advisorId, 'updated', ['skills', 'languages']);
      return c.json<AdvisorRouting>(routing);
    })
    // --- enrichers
    .get('/enrichers', async (c) => c.json<{ enrichers: Enricher[] }>({ enrichers: await listEnrichers(c.get('scope'), secrets) }))
    .post('/enrichers', async (c) => {
      const input = await readJson(c, enricherCreateSchema);
      const enricher = await createEnricher(c.get('scope'), secrets, input);
      await changed(c, 'enricher', enricher.id, 'created', Object.keys(input));
      return c.json<Enricher>(enricher, 201);
    })
    .patch('/enrichers/:id', async (c) => {
      const input = await readJson(c, enricherUpdateSchema);
      const enricher = await updateEnricher(c.get('scope'), secrets, id(c), input);
      await changed(c, 'enricher', enricher.id, 'updated', Object.keys(input));
      return c.json<Enricher>(enricher);
    })
    .delete('/enrichers/:id', async (c) => {
      await changed(c, 'enricher', await deleteEnricher(c.get('scope'), id(c)), 'deleted');
      return c.body(null, 204);
    })
    // --- webhooks
    .get('/webhooks', async (c) => c.json<{ webhooks: Webhook[] }>({ webhooks: await listWebhooks(c.get('scope'), secrets) }))
    .post('/webhooks', async (c) => {
      const input = await readJson(c, webhookCreateSchema);
      const webhook = await createWebhook(c.get('scope'), secrets, input);
      await changed(c, 'webhook', webhook.id, 'created', Object.keys(input));
      return c.json<Webhook>(webhook, 201);
    })
    .patch('/webhooks/:id', async (c) => {
      const input = await readJson(c, webhookUpdateSchema);
      const webhook = await updateWebhook(c.get('scope'), secrets, id(c), input);
      await changed(c, 'webhook', webhook.id, 'updated', Object.keys(input));
      return c.json<Webhook>(webhook);
    })
    .delete('/webhooks/:id', async (c) => {
      await changed(c, 'webhook', await deleteWebhook(c.get('scope'), id(c)), 'deleted');
      return c.body(null, 204);
    })
    // --- background work
    .get('/jobs', async (c) => c.json<JobsOverview>(await jobsOverview(c.get('scope'), jobs)));
}

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
import { uuids } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import {
  advisorRoutingInfoSchema,
  advisorRoutingListSchema,
  advisorRoutingSchema,
  enricherCreateSchema,
  enricherListSchema,
  enricherSchema,
  enricherUpdateSchema,
  jobsOverviewSchema,
  topicCreateSchema,
  topicListSchema,
  topicSchema,
  topicUpdateSchema,
  webhookCreateSchema,
  webhookListSchema,
  webhookSchema,
  webhookUpdateSchema,
  type AdvisorRouting,
  type AdvisorRoutingList,
  type Enricher,
  type EnricherList,
  type JobsOverview,
  type Topic,
  type TopicList,
  type Webhook,
  type WebhookList,
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

  /** Every admin route needs `settings.manage`. */
  const admin = (summary: string, responses: RouteContract['responses'], more: Partial<RouteContract> = {}) =>
    route({ summary, tags: ['admin'], access: 'settings.manage', responses, ...more });
  const idParams = uuids('id');
  const deleted = { 204: { description: 'Deleted.' } };

  return (
    new Hono()
      // --- topics
      .get('/topics', ...admin('Topics with their SLA and skills', { 200: topicListSchema }), async (c) =>
        c.json<TopicList>({ topics: await listTopics(c.get('scope')) }),
      )
      .post('/topics', ...admin('Create a topic', { 201: topicSchema }, { body: topicCreateSchema }), async (c) => {
        const input = await readJson(c, topicCreateSchema);
        const topic = await createTopic(c.get('scope'), input);
        await changed(c, 'topic', topic.id, 'created', Object.keys(input));
        return c.json<Topic>(topic, 201);
      })
      .patch('/topics/:id', ...admin('Change a topic', { 200: topicSchema }, { params: idParams, body: topicUpdateSchema }), async (c) => {
        const input = await readJson(c, topicUpdateSchema);
        const topic = await updateTopic(c.get('scope'), id(c), input);
        await changed(c, 'topic', topic.id, 'updated', Object.keys(input));
        return c.json<Topic>(topic);
      })
      .delete('/topics/:id', ...admin('Delete a topic', deleted, { params: idParams }), async (c) => {
        await changed(c, 'topic', await deleteTopic(c.get('scope'), id(c)), 'deleted');
        return c.body(null, 204);
      })
      // --- members' routing profiles
      .get(
        '/routing',
        ...admin("Members' routing profiles (skills, languages, capacity)", {
          200: advisorRoutingListSchema,
        }),
        async (c) => c.json<AdvisorRoutingList>({ advisors: await listRouting(c.get('scope')) }),
      )
      .put(
        '/routing/:id',
        ...admin("Set a member's routing profile", { 200: advisorRoutingInfoSchema }, { params: idParams, body: advisorRoutingSchema }),
        async (c) => {
          const input = await readJson(c, advisorRoutingSchema);
          const routing = await putRouting(c.get('scope'), id(c), input);
          await changed(c, 'routing', routing.advisorId, 'updated', ['skills', 'languages']);
          return c.json<AdvisorRouting>(routing);
        },
      )
      // --- enrichers
      .get('/enrichers', ...admin('Enrichers (calls that add context to new cases)', { 200: enricherListSchema }), async (c) =>
        c.json<EnricherList>({ enrichers: await listEnrichers(c.get('scope'), secrets) }),
      )
      .post('/enrichers', ...admin('Create an enricher', { 201: enricherSchema }, { body: enricherCreateSchema }), async (c) => {
        const input = await readJson(c, enricherCreateSchema);
        const enricher = await createEnricher(c.get('scope'), secrets, input);
        await changed(c, 'enricher', enricher.id, 'created', Object.keys(input));
        return c.json<Enricher>(enricher, 201);
      })
      .patch(
        '/enrichers/:id',
        ...admin('Change an enricher', { 200: enricherSchema }, { params: idParams, body: enricherUpdateSchema }),
        async (c) => {
          const input = await readJson(c, enricherUpdateSchema);
          const enricher = await updateEnricher(c.get('scope'), secrets, id(c), input);
          await changed(c, 'enricher', enricher.id, 'updated', Object.keys(input));
          return c.json<Enricher>(enricher);
        },
      )
      .delete('/enrichers/:id', ...admin('Delete an enricher', deleted, { params: idParams }), async (c) => {
        await changed(c, 'enricher', await deleteEnricher(c.get('scope'), id(c)), 'deleted');
        return c.body(null, 204);
      })
      // --- webhooks
      .get('/webhooks', ...admin('Webhooks (signed case events)', { 200: webhookListSchema }), async (c) =>
        c.json<WebhookList>({ webhooks: await listWebhooks(c.get('scope'), secrets) }),
      )
      .post(
        '/webhooks',
        ...admin('Create a webhook (its secret is shown once)', { 201: webhookSchema }, { body: webhookCreateSchema }),
        async (c) => {
          const input = await readJson(c, webhookCreateSchema);
          const webhook = await createWebhook(c.get('scope'), secrets, input);
          await changed(c, 'webhook', webhook.id, 'created', Object.keys(input));
          return c.json<Webhook>(webhook, 201);
        },
      )
      .patch(
        '/webhooks/:id',
        ...admin('Change a webhook', { 200: webhookSchema }, { params: idParams, body: webhookUpdateSchema }),
        async (c) => {
          const input = await readJson(c, webhookUpdateSchema);
          const webhook = await updateWebhook(c.get('scope'), secrets, id(c), input);
          await changed(c, 'webhook', webhook.id, 'updated', Object.keys(input));
          return c.json<Webhook>(webhook);
        },
      )
      .delete('/webhooks/:id', ...admin('Delete a webhook', deleted, { params: idParams }), async (c) => {
        await changed(c, 'webhook', await deleteWebhook(c.get('scope'), id(c)), 'deleted');
        return c.body(null, 204);
      })
      // --- background work
      .get('/jobs', ...admin('Failed enrichments and deliveries, the e-mail outbox, queue sizes', { 200: jobsOverviewSchema }), async (c) =>
        c.json<JobsOverview>(await jobsOverview(c.get('scope'), jobs)),
      )
  );
}

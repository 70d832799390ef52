/**
 * Publishing and the public pages over real HTTP: the absolute URL under
 * PUBLIC_URL; re-publishing makes a new version at the same slug and drops
 * the older events; visibility (public and unlisted open anonymously, org
 * needs a member's token, another organisation's member gets 404); expired
 * and unpublished tutorials answer 410 with a page or JSON that says so,
 * unknown ones 404; views counted (CORS-open) and read back as analytics,
 * with the cases the link was sent in; the per-address rate limits.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, memberships, organisations, tutorialVersionChunks, tutorialVersions } from '../../db/schema.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { loadConfig } from '../../server/config.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import {
  publicTutorialSchema,
  tutorialAnalyticsSchema,
  tutorialEventsSchema,
  tutorialFindingListSchema,
  tutorialListSchema,
  tutorialPublishedSchema,
  tutorialSchema,
  type PublicTutorial,
  type Tutorial,
  type TutorialAnalytics,
  type TutorialPublished,
} from '../../protocol/tutorials.ts';
import { createCase } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createTutorial, expectJson, parseStrict, patch, post, recordedVisit } from './tutorial-helpers.ts';

describe.each(testDrivers)('publishing tutorials on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let outsiderToken: string;
  let memberToken: string;

  beforeAll(async () => {
    database = await driver.open();
    const limits = loadConfig({}).rateLimits;
    t = await startTestServer({
      database,
      publicUrl: 'https://help.cobrowse.test',
      rateLimits: { ...limits, casesPerAddress: { points: 1_000, durationMs: 3_600_000 } },
    });
    await t.createAdvisor('member@tutorials.test', 'member-password', 'advisor');
    memberToken = await t.tokenFor('member@tutorials.test', 'member-password');
    await t.createAdvisor('outsider@tutorials.test', 'outsider-password', 'admin');
    // The outsider belongs to organisation B only.
    const [orgB] = await database.db.insert(organisations).values({ name: 'Organisation B' }).returning();
    const [outsider] = await database.db.select().from(advisors).where(eq(advisors.email, 'outsider@tutorials.test'));
    await database.db.delete(memberships).where(eq(memberships.advisorId, outsider!.id));
    await upsertMembership(database.db, { orgId: orgB!.id, advisorId: outsider!.id, role: 'admin' });
    outsiderToken = await t.tokenFor('outsider@tutorials.test', 'outsider-password');
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const publish = async (visibility: string, extra: Record<string, unknown> = {}) => {
    const { sessionId } = await recordedVisit(t);
    const made = await createTutorial(t, { sessionId, title: `A ${visibility} tutorial` });
    const published = await expectJson<TutorialPublished>(post(t, `/api/tutorials/${made.id}/publish`, { visibility, ...extra }));
    return { made, published };
  };
  const get = (path: string, token?: string) => fetch(`${t.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('publishes at PUBLIC_URL/t/:slug; re-publishing is a new version at the same slug', async () => {
    const { made, published } = await publish('public');
    expect(published).toEqual({ url: `https://help.cobrowse.test/t/${made.slug}`, version: 1 });
    const detail = await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`));
    expect(detail).toMatchObject({ status: 'published', visibility: 'public', publishedVersion: 1, url: published.url });

    const page = await get(`/t/${made.slug}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('<title>A public tutorial</title>');
    for (const s of made.steps) expect(html).toContain(`data-step-id="${s.id}"`);
    const doc = await expectJson<PublicTutorial>(get(`/t/${made.slug}/tutorial.json`));
    expect(doc).toMatchObject({ slug: made.slug, title: 'A public tutorial', version: 1, eventsUrl: `/t/${made.slug}/events` });
    expect(doc.steps.map((s) => s.id)).toEqual(made.steps.map((s) => s.id));
    const events = await expectJson<{ type: number; timestamp: number }[]>(get(`/t/${made.slug}/events`));
    expect(events.some((e) => e.type === 2)).toBe(true);

    // Change a step and publish again: version 2, same slug, only its events kept.
    await patch(t, `/api/tutorials/${made.id}/steps/${made.steps[0]!.id}`, { title: 'Renamed for v2' });
    const again = await expectJson<TutorialPublished>(post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'public' }));
    expect(again).toEqual({ url: published.url, version: 2 });
    expect((await expectJson<PublicTutorial>(get(`/t/${made.slug}/tutorial.json`))).steps[0]!.title).toBe('Renamed for v2');
    const versions = await database.db.select().from(tutorialVersions).where(eq(tutorialVersions.tutorialId, made.id));
    expect(versions.map((v) => v.number).sort()).toEqual([1, 2]);
    const v1 = versions.find((v) => v.number === 1)!;
    expect(await database.db.select().from(tutorialVersionChunks).where(eq(tutorialVersionChunks.versionId, v1.id))).toEqual([]);

    expect((await post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'world' })).status).toBe(400);
    expect((await post(t, `/api/tutorials/${made.id}/publish`, {})).status).toBe(400);
    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'public', expiresAt: past })).status).toBe(400);
    expect((await expectJson<PublicTutorial>(get(`/t/${made.slug}/tutorial.json`))).version).toBe(2);
  });

  it('answers what the contracts document, field by field (strictly)', async () => {
    const { made, published } = await publish('public');
    await post(t, `/api/tutorials/${made.id}/chapters`, { title: 'All of it', stepIds: [made.steps[0]!.id] });
    await post(t, `/api/tutorials/${made.id}/annotations`, { stepId: made.steps[0]!.id, nodeId: 13, kind: 'arrow', text: 'Here' });
    await post(t, `/api/tutorials/${made.id}/redactions`, { nodes: [{ id: 16, atMs: 100 }], ignore: ['nothing@example.com'] });
    const detail = parseStrict(tutorialSchema, await expectJson(t.api(`/api/tutorials/${made.id}`)));
    expect(detail.chapters).toHaveLength(1);
    parseStrict(tutorialListSchema, await expectJson(t.api('/api/tutorials')));
    parseStrict(tutorialFindingListSchema, await expectJson(t.api(`/api/tutorials/${made.id}/findings`)));
    parseStrict(tutorialEventsSchema, await expectJson(t.api(`/api/tutorials/${made.id}/events`)));
    parseStrict(tutorialAnalyticsSchema, await expectJson(t.api(`/api/tutorials/${made.id}/analytics`)));
    parseStrict(tutorialPublishedSchema, published);
    parseStrict(publicTutorialSchema, await expectJson(get(`/t/${made.slug}/tutorial.json`)));
    parseStrict(tutorialEventsSchema, await expectJson(get(`/t/${made.slug}/events`)));
  });

  it('public and unlisted open anonymously; org needs a member of its organisation', async () => {
    const unlisted = (await publish('unlisted')).made;
    expect((await get(`/t/${unlisted.slug}/tutorial.json`)).status).toBe(200);
    expect(await (await get(`/t/${unlisted.slug}`)).text()).toContain('noindex');

    const org = (await publish('org')).made;
    for (const path of ['', '/tutorial.json', '/events']) {
      const anonymous = await get(`/t/${org.slug}${path}`);
      expect(anonymous.status, path).toBe(401);
      expect((await get(`/t/${org.slug}${path}`, memberToken)).status, path).toBe(200);
      expect((await get(`/t/${org.slug}${path}`, outsiderToken)).status, path).toBe(404);
      expect((await get(`/t/${org.slug}${path}`, 'not-a-real-token-0123456789')).status, path).toBe(401);
    }
    expect(await (await get(`/t/${org.slug}`)).text()).toContain('Sign in to see this tutorial');
    const outsiderJson = await expectJson<ErrorBody>(get(`/t/${org.slug}/tutorial.json`, outsiderToken), 404);
    expect(outsiderJson.error.code).toBe('tutorial_not_found');
  });

  it('unknown → 404, unpublished and expired → 410, with a page and JSON that say so', async () => {
    for (const [path, kind] of [
      ['/t/no-such-tutorial', 'html'],
      ['/t/no-such-tutorial/tutorial.json', 'json'],
      ['/t/%00bad%20slug/events', 'json'],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      if (kind === 'html') expect(await res.text()).toContain('This tutorial does not exist');
      else expect(((await res.json()) as ErrorBody).error.code).toBe('tutorial_not_found');
    }

    const { made } = await publish('public');
    await expectJson<Tutorial>(post(t, `/api/tutorials/${made.id}/unpublish`, {}));
    const page = await get(`/t/${made.slug}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This tutorial is no longer available');
    expect((await expectJson<ErrorBody>(get(`/t/${made.slug}/events`), 410)).error.code).toBe('tutorial_unpublished');
    const after = await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`));
    expect(after).toMatchObject({ status: 'draft', url: null, publishedVersion: null });

    const expiring = (await publish('public', { expiresAt: new Date(Date.now() + 60_000).toISOString() })).made;
    expect((await get(`/t/${expiring.slug}/tutorial.json`)).status).toBe(200);
    await patch(t, `/api/tutorials/${expiring.id}`, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const expired = await get(`/t/${expiring.slug}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This tutorial has expired');
    expect((await expectJson<ErrorBody>(get(`/t/${expiring.slug}/tutorial.json`), 410)).error.code).toBe('tutorial_expired');
  });

  it('counts views, completions, steps reached and embedding sites; and the cases it was sent in', async () => {
    const { made, published } = await publish('public');
    const views = `${t.url}/t/${made.slug}/views`;
    const send = (body: unknown, origin?: string) =>
      fetch(views, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: JSON.stringify(body),
      });
    // CORS-open for embeds: the preflight and the answer.
    const preflight = await fetch(views, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://docs.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const counted = await send({ kind: 'view' }, 'https://docs.example');
    expect(counted.status).toBe(204);
    expect(counted.headers.get('access-control-allow-origin')).toBe('*');
    await send({ kind: 'view' }, 'https://docs.example');
    await send({ kind: 'view' }, 'https://blog.example');
    await send({ kind: 'view' });
    await send({ kind: 'step', stepId: made.steps[0]!.id });
    await send({ kind: 'step', stepId: made.steps[0]!.id });
    await send({ kind: 'complete' });
    // Bad views are not counted.
    expect((await send({ kind: 'step', stepId: crypto.randomUUID() })).status).toBe(400);
    expect((await send({ kind: 'step' })).status).toBe(400);
    expect((await send({ kind: 'like' })).status).toBe(400);

    // Sent to a customer in a case (an internal note does not count).
    const theCase = await createCase(t);
    await expectJson(post(t, `/api/cases/${theCase.caseId}/messages`, { kind: 'internal_note', body: `See ${published.url}` }), 201);
    const other = await createCase(t, { question: 'How do I save?' });
    await expectJson(post(t, `/api/cases/${other.caseId}/messages`, { body: `This shows how: ${published.url}` }), 201);

    const stats = await expectJson<TutorialAnalytics>(t.api(`/api/tutorials/${made.id}/analytics`));
    expect(stats.views).toBe(4);
    expect(stats.completions).toBe(1);
    expect(stats.steps[0]).toEqual({ stepId: made.steps[0]!.id, reached: 2 });
    expect(stats.steps.map((s) => s.stepId)).toEqual(made.steps.map((s) => s.id));
    expect(stats.embeds).toEqual([
      { origin: 'https://docs.example', views: 2 },
      { origin: 'https://blog.example', views: 1 },
    ]);
    expect(stats.sentInCases).toBe(1);
    // An advisor reads analytics too.
    expect((await t.api(`/api/tutorials/${made.id}/analytics`, { token: memberToken })).status).toBe(200);
  });

  it('rate limits reads and views per address', async () => {
    const db2 = await driver.open();
    const limited = await startTestServer({
      database: db2,
      rateLimits: {
        ...loadConfig({}).rateLimits,
        tutorialReads: { points: 3, durationMs: 60_000 },
        tutorialViews: { points: 2, durationMs: 60_000 },
      },
    });
    try {
      const { sessionId } = await recordedVisit(limited);
      const made = await createTutorial(limited, { sessionId, title: 'Limited' });
      await expectJson(post(limited, `/api/tutorials/${made.id}/publish`, { visibility: 'public' }));
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/t/${made.slug}/tutorial.json`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const view = () =>
        fetch(`${limited.url}/t/${made.slug}/views`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"kind":"view"}',
        });
      expect([(await view()).status, (await view()).status, (await view()).status]).toEqual([204, 204, 429]);
    } finally {
      await limited.close();
      await db2.close();
    }
  });
});

/**
 * Tutorials belong to an organisation through their site: another
 * organisation's member (even an admin) neither lists nor opens nor changes
 * them (404), nor makes one from another organisation's session; a member
 * restricted to other sites sees nothing of them. Created, published,
 * unpublished, deleted and redaction-added are audited in the tutorial's
 * organisation. Erasing a customer deletes the tutorials made from their
 * sessions (drafts and published, with their own copies: the page answers
 * 404); retention deletes only the sources and keeps a published version.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, memberships, organisations, sessions, sites, tutorials, tutorialSources } from '../../db/schema.ts';
import { sweepRetention } from '../../server/data-deletion/retention.ts';
import { createLogger } from '../../server/logger.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import type { AuditPage, ErasureResult } from '../../protocol/audit.ts';
import type { Tutorial, TutorialList } from '../../protocol/tutorials.ts';
import { testDrivers } from '../helpers/db.ts';
import { TEST_ORIGIN, startTestServer, type TestServer } from '../helpers/server.ts';
import { accountVisit, createTutorial, expectJson, patch, post, recordedVisit } from './tutorial-helpers.ts';

describe.each(testDrivers)('tutorial tenancy, audit and erasure on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let orgA: string;
  let outsiderToken: string;
  let restrictedToken: string;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    orgA = (await expectJson<{ orgs: { id: string }[] }>(t.api('/api/orgs'))).orgs[0]!.id;
    await t.createAdvisor('outsider@tenancy.test', 'outsider-password', 'admin');
    const [orgB] = await database.db.insert(organisations).values({ name: 'Organisation B' }).returning();
    const [outsider] = await database.db.select().from(advisors).where(eq(advisors.email, 'outsider@tenancy.test'));
    await database.db.delete(memberships).where(eq(memberships.advisorId, outsider!.id));
    await upsertMembership(database.db, { orgId: orgB!.id, advisorId: outsider!.id, role: 'admin' });
    // Organisation B has a site and a recording of its own.
    await database.db
      .insert(sites)
      .values({ orgId: orgB!.id, name: 'B shop', siteKey: 'b-site-key-0123456789', allowedOrigins: [TEST_ORIGIN] });
    outsiderToken = await t.tokenFor('outsider@tenancy.test', 'outsider-password');
    const other = await t.createSite({ name: 'Other shop', allowedOrigins: ['http://other.test'] });
    await t.createAdvisor('restricted@tenancy.test', 'restricted-password', 'content', [other.id]);
    restrictedToken = await t.tokenFor('restricted@tenancy.test', 'restricted-password');
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const auditOf = async (action: string) =>
    (await expectJson<AuditPage>(t.api(`/api/orgs/${orgA}/audit?action=${action}`))).entries.map((e) => e.target?.id);

  it("another organisation's member, and a member without the site, get 404 for everything", async () => {
    const { sessionId } = await recordedVisit(t);
    const made = await createTutorial(t, { sessionId, title: 'Ours' });
    for (const token of [outsiderToken, restrictedToken]) {
      expect((await expectJson<TutorialList>(t.api('/api/tutorials', { token }))).tutorials).toEqual([]);
      for (const [method, path, body] of [
        ['GET', `/api/tutorials/${made.id}`],
        ['PATCH', `/api/tutorials/${made.id}`, { title: 'Theirs' }],
        ['DELETE', `/api/tutorials/${made.id}`],
        ['GET', `/api/tutorials/${made.id}/events`],
        ['GET', `/api/tutorials/${made.id}/findings`],
        ['GET', `/api/tutorials/${made.id}/analytics`],
        ['POST', `/api/tutorials/${made.id}/publish`, { visibility: 'public' }],
        ['POST', `/api/tutorials/${made.id}/redactions`, { texts: ['x'] }],
        ['PATCH', `/api/tutorials/${made.id}/steps/${made.steps[0]!.id}`, { title: 'x' }],
      ] as const) {
        const res = await t.api(path, { method, token, ...(body ? { body: JSON.stringify(body) } : {}) });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      // Nor from our recording.
      expect((await post(t, '/api/tutorials', { sessionId, title: 'Stolen' }, token)).status).toBe(404);
    }
    const still = await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`));
    expect(still).toMatchObject({ title: 'Ours', status: 'draft' });
  });

  it('audits created, redaction added, published, unpublished and deleted (counts, never the values)', async () => {
    const { sessionId } = await recordedVisit(t);
    const made = await createTutorial(t, { sessionId, title: 'Audited' });
    await expectJson(post(t, `/api/tutorials/${made.id}/redactions`, { texts: ['secret-word'] }), 201);
    await expectJson(post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'unlisted' }));
    await expectJson(post(t, `/api/tutorials/${made.id}/unpublish`, {}));
    expect((await t.api(`/api/tutorials/${made.id}`, { method: 'DELETE' })).status).toBe(204);
    for (const action of [
      'tutorial.created',
      'tutorial.redaction_added',
      'tutorial.published',
      'tutorial.unpublished',
      'tutorial.deleted',
    ]) {
      expect(await auditOf(action), action).toContain(made.id);
    }
    const page = await expectJson<AuditPage>(t.api(`/api/orgs/${orgA}/audit?action=tutorial.redaction_added`));
    expect(JSON.stringify(page)).not.toContain('secret-word');
    expect(page.entries.find((e) => e.target?.id === made.id)?.details).toMatchObject({ texts: 1, nodes: 0, ignored: 0 });
    expect((await fetch(`${t.url}/t/${made.slug}`)).status).toBe(404);
  });

  it('erasing a customer deletes the tutorials made from their sessions, published ones too', async () => {
    const { sessionId } = await recordedVisit(t, { metadata: { email: 'erase.me@example.com' } });
    const { sessionId: otherSession } = await recordedVisit(t, { metadata: { email: 'keep.me@example.com' } });
    const draft = await createTutorial(t, { sessionId, title: 'Draft from the erased' });
    const published = await createTutorial(t, { sessionId: otherSession, title: 'Joined', sources: [{ sessionId }] });
    await expectJson(post(t, `/api/tutorials/${published.id}/publish`, { visibility: 'public' }));
    const kept = await createTutorial(t, { sessionId: otherSession, title: 'Kept' });

    const preview = await expectJson<ErasureResult>(post(t, `/api/orgs/${orgA}/erasure?dryRun=true`, { email: 'erase.me@example.com' }));
    expect(preview.counts.tutorials).toBe(2);
    expect((await expectJson<Tutorial>(t.api(`/api/tutorials/${draft.id}`))).id).toBe(draft.id);
    const done = await expectJson<ErasureResult>(post(t, `/api/orgs/${orgA}/erasure`, { email: 'erase.me@example.com' }));
    expect(done.counts.tutorials).toBe(2);
    expect((await t.api(`/api/tutorials/${draft.id}`)).status).toBe(404);
    expect((await t.api(`/api/tutorials/${published.id}`)).status).toBe(404);
    expect((await fetch(`${t.url}/t/${published.slug}/events`)).status).toBe(404);
    expect((await expectJson<Tutorial>(t.api(`/api/tutorials/${kept.id}`))).sources).toEqual([
      { sessionId: otherSession, startMs: null, endMs: null },
    ]);
    expect(await database.db.select().from(tutorialSources).where(eq(tutorialSources.sessionId, sessionId))).toEqual([]);
  });

  it('retention deletes the sources and keeps the published version', async () => {
    const short = await t.createSite({ name: 'Short memory', allowedOrigins: [TEST_ORIGIN] });
    const sessionId = await t.startSession({ siteKey: short.siteKey });
    expect((await t.putChunk(sessionId, 0, accountVisit(Date.now() - 5_000, TEST_ORIGIN), { siteKey: short.siteKey })).status).toBe(201);
    const made = await createTutorial(t, { sessionId, title: 'Outlives its recording' });
    await expectJson(post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'public' }));
    await expectJson(patch(t, `/api/sites/${short.id}`, { retentionDays: 30 }));
    await database.db
      .update(sessions)
      .set({ startedAt: new Date(Date.now() - 40 * 86_400_000) })
      .where(eq(sessions.id, sessionId));
    await sweepRetention({ db: database.db, store: t.server.media.store, logger: createLogger('silent') });
    const after = await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`));
    expect(after.sources).toEqual([]);
    expect(after.status).toBe('published');
    expect((await fetch(`${t.url}/t/${made.slug}/events`)).status).toBe(200);
    // Without its recording it cannot be published again: a clear 409, nothing changed.
    expect((await post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'public' })).status).toBe(409);
    const [row] = await database.db.select().from(tutorials).where(eq(tutorials.id, made.id));
    expect(row?.status).toBe('published');
  });
});

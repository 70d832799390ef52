/**
 * Comments anchored to a moment and an element (issue 12, point 8), through
 * the real API on both databases: made on a session and on a tutorial,
 * listed by moment, edited by their author only (another member: 403),
 * deleted by their author or an admin; refused bodies are a clear 400.
 * Never outside the organisation: another organisation's member and a
 * member without the site get 404 for everything, nobody signed in gets
 * 401, and nothing a published tutorial serves (`/t/:slug`, its JSON and
 * events) holds a comment. They go with their target: erasing the
 * customer, the retention sweep and deleting a tutorial delete them.
 * Writes are audited without the body.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, comments, memberships, organisations, sessions } from '../../db/schema.ts';
import { sweepRetention } from '../../server/data-deletion/retention.ts';
import { createLogger } from '../../server/logger.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import type { AuditPage, ErasureResult } from '../../protocol/audit.ts';
import { commentListSchema, commentSchema, type Comment, type CommentList } from '../../protocol/comments.ts';
import type { TutorialPublished } from '../../protocol/tutorials.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import {
  accountVisit,
  createTutorial,
  everythingPublished,
  expectJson,
  expectNowhere,
  parseStrict,
  patch,
  post,
  recordedVisit,
} from '../tutorials/tutorial-helpers.ts';

const ADVISOR = { email: 'advisor@comments.test', password: 'advisor-password' };
const CONTENT = { email: 'content@comments.test', password: 'content-password' };

describe.each(testDrivers)('comments on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let orgA: string;
  let advisorToken: string;
  let contentToken: string;
  let outsiderToken: string;
  let restrictedToken: string;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    orgA = (await expectJson<{ orgs: { id: string }[] }>(t.api('/api/orgs'))).orgs[0]!.id;
    await t.createAdvisor(ADVISOR.email, ADVISOR.password, 'advisor');
    await t.createAdvisor(CONTENT.email, CONTENT.password, 'content');
    advisorToken = await t.tokenFor(ADVISOR.email, ADVISOR.password);
    contentToken = await t.tokenFor(CONTENT.email, CONTENT.password);
    await t.createAdvisor('outsider@comments.test', 'outsider-password', 'admin');
    const [orgB] = await database.db.insert(organisations).values({ name: 'Organisation B' }).returning();
    const [outsider] = await database.db.select().from(advisors).where(eq(advisors.email, 'outsider@comments.test'));
    await database.db.delete(memberships).where(eq(memberships.advisorId, outsider!.id));
    await upsertMembership(database.db, { orgId: orgB!.id, advisorId: outsider!.id, role: 'admin' });
    outsiderToken = await t.tokenFor('outsider@comments.test', 'outsider-password');
    const other = await t.createSite({ name: 'Other shop', allowedOrigins: ['http://other.test'] });
    await t.createAdvisor('restricted@comments.test', 'restricted-password', 'admin', [other.id]);
    restrictedToken = await t.tokenFor('restricted@comments.test', 'restricted-password');
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const list = async (path: string, token?: string) =>
    parseStrict(commentListSchema, await expectJson<CommentList>(t.api(path, token ? { token } : {}))).comments;

  it('comments on a moment and an element of a session: listed by moment, with the author', async () => {
    const { sessionId } = await recordedVisit(t);
    const later = parseStrict(
      commentSchema,
      await expectJson<Comment>(post(t, `/api/sessions/${sessionId}/comments`, { t: 2_000, body: '  Save is clicked here  ' }), 201),
    );
    const earlier = await expectJson<Comment>(
      post(
        t,
        `/api/sessions/${sessionId}/comments`,
        { t: 1_000, body: 'This is where the discount field rejects the code', element: { nodeId: 12, selector: '#name', label: 'Name' } },
        contentToken,
      ),
      201,
    );
    expect(later).toMatchObject({
      targetKind: 'session',
      targetId: sessionId,
      t: 2_000,
      body: 'Save is clicked here',
      element: null,
      editedAt: null,
    });
    expect(earlier).toMatchObject({ element: { nodeId: 12, selector: '#name', label: 'Name' }, authorName: CONTENT.email });
    // Every member of the organisation reads them (advisors, editors), earliest moment first.
    for (const token of [undefined, advisorToken, contentToken]) {
      expect((await list(`/api/sessions/${sessionId}/comments`, token)).map((c) => c.id)).toEqual([earlier.id, later.id]);
    }
  });

  it('refuses bodies that are empty, too long or with a bad moment or element (400)', async () => {
    const { sessionId } = await recordedVisit(t);
    for (const body of [
      { t: 0, body: '   ' },
      { t: 0, body: 'x'.repeat(4001) },
      { t: -1, body: 'Before the start' },
      { t: 0, body: 'Bad element', element: { nodeId: 0 } },
      { body: 'No moment' },
    ]) {
      const res = await post(t, `/api/sessions/${sessionId}/comments`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await list(`/api/sessions/${sessionId}/comments`)).toEqual([]);
  });

  it('only the author edits; the author or an admin deletes; audited without the body', async () => {
    const { sessionId } = await recordedVisit(t);
    const mine = await expectJson<Comment>(
      post(t, `/api/sessions/${sessionId}/comments`, { t: 500, body: 'The first try' }, advisorToken),
      201,
    );
    const edited = await expectJson<Comment>(patch(t, `/api/comments/${mine.id}`, { body: 'The second try' }, advisorToken));
    expect(edited).toMatchObject({ body: 'The second try', authorName: ADVISOR.email });
    expect(edited.editedAt).not.toBeNull();
    // Nobody edits another's words, an admin neither; another member does not delete them.
    expect((await patch(t, `/api/comments/${mine.id}`, { body: 'Hijacked' })).status).toBe(403);
    expect((await patch(t, `/api/comments/${mine.id}`, { body: 'Hijacked' }, contentToken)).status).toBe(403);
    expect((await t.api(`/api/comments/${mine.id}`, { method: 'DELETE', token: contentToken })).status).toBe(403);
    expect((await list(`/api/sessions/${sessionId}/comments`))[0]!.body).toBe('The second try');
    // The admin moderates.
    expect((await t.api(`/api/comments/${mine.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await list(`/api/sessions/${sessionId}/comments`)).toEqual([]);
    expect((await patch(t, `/api/comments/${mine.id}`, { body: 'Gone' }, advisorToken)).status).toBe(404);
    // The author deletes their own.
    const own = await expectJson<Comment>(
      post(t, `/api/sessions/${sessionId}/comments`, { t: 1, body: 'Mine to delete' }, contentToken),
      201,
    );
    expect((await t.api(`/api/comments/${own.id}`, { method: 'DELETE', token: contentToken })).status).toBe(204);

    for (const action of ['comment.created', 'comment.edited', 'comment.deleted']) {
      const page = await expectJson<AuditPage>(t.api(`/api/orgs/${orgA}/audit?action=${action}`));
      expect(
        page.entries.map((e) => e.target?.id),
        action,
      ).toContain(mine.id);
      expect(page.entries.find((e) => e.target?.id === mine.id)?.details).toEqual({ on: 'session' });
      expect(JSON.stringify(page)).not.toContain('try');
    }
  });

  it("another organisation's member and a member without the site get 404; nobody signed in gets 401", async () => {
    const { sessionId } = await recordedVisit(t);
    const tutorial = await createTutorial(t, { sessionId, title: 'Ours' });
    const onSession = await expectJson<Comment>(post(t, `/api/sessions/${sessionId}/comments`, { t: 1, body: 'Ours only' }), 201);
    const onTutorial = await expectJson<Comment>(post(t, `/api/tutorials/${tutorial.id}/comments`, { t: 1, body: 'Ours too' }), 201);
    const calls = [
      ['GET', `/api/sessions/${sessionId}/comments`],
      ['POST', `/api/sessions/${sessionId}/comments`, { t: 1, body: 'Theirs' }],
      ['GET', `/api/tutorials/${tutorial.id}/comments`],
      ['POST', `/api/tutorials/${tutorial.id}/comments`, { t: 1, body: 'Theirs' }],
      ['PATCH', `/api/comments/${onSession.id}`, { body: 'Theirs' }],
      ['DELETE', `/api/comments/${onSession.id}`],
      ['PATCH', `/api/comments/${onTutorial.id}`, { body: 'Theirs' }],
      ['DELETE', `/api/comments/${onTutorial.id}`],
    ] as const;
    for (const [token, status] of [
      [outsiderToken, 404],
      [restrictedToken, 404],
      [null, 401],
    ] as const) {
      for (const [method, path, body] of calls) {
        const res = await t.api(path, { method, token, ...(body ? { body: JSON.stringify(body) } : {}) });
        expect(res.status, `${method} ${path} as ${token === null ? 'nobody' : 'an outsider'}`).toBe(status);
      }
    }
    // A comment id that is not one: 404, like another organisation's.
    expect((await patch(t, '/api/comments/not-an-id', { body: 'x' })).status).toBe(404);
    expect((await list(`/api/sessions/${sessionId}/comments`)).map((c) => c.body)).toEqual(['Ours only']);
    expect((await list(`/api/tutorials/${tutorial.id}/comments`)).map((c) => c.body)).toEqual(['Ours too']);
  });

  it("a tutorial's comments stay in the editor: nothing published carries them, and deleting the tutorial deletes them", async () => {
    const { sessionId } = await recordedVisit(t);
    const tutorial = await createTutorial(t, { sessionId, title: 'Public help' });
    const secret = 'Internal: the customer called twice about this';
    const made = await expectJson<Comment>(
      post(t, `/api/tutorials/${tutorial.id}/comments`, { t: 1_000, body: secret, element: { nodeId: 13, label: 'Save' } }),
      201,
    );
    expect(made).toMatchObject({ targetKind: 'tutorial', targetId: tutorial.id, element: { nodeId: 13, selector: null, label: 'Save' } });
    const published = await expectJson<TutorialPublished>(post(t, `/api/tutorials/${tutorial.id}/publish`, { visibility: 'public' }));
    const slug = new URL(published.url).pathname.split('/').pop()!;
    const texts = await everythingPublished(t, database, tutorial.id, slug);
    expectNowhere(texts, [secret, made.id]);
    expect((await t.api(`/api/tutorials/${tutorial.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await database.db.select().from(comments).where(eq(comments.id, made.id))).toEqual([]);
  });

  it('erasing the customer, and the retention sweep, delete the comments on their sessions', async () => {
    const { sessionId: erased } = await recordedVisit(t, { metadata: { email: 'erase.comments@example.com' } });
    const { sessionId: kept } = await recordedVisit(t, { metadata: { email: 'keep.comments@example.com' } });
    await expectJson(post(t, `/api/sessions/${erased}/comments`, { t: 1, body: 'About the erased customer' }), 201);
    await expectJson(post(t, `/api/sessions/${erased}/comments`, { t: 2, body: 'And again' }), 201);
    await expectJson(post(t, `/api/sessions/${kept}/comments`, { t: 1, body: 'About another' }), 201);
    const preview = await expectJson<ErasureResult>(
      post(t, `/api/orgs/${orgA}/erasure?dryRun=true`, { email: 'erase.comments@example.com' }),
    );
    expect(preview.counts.comments).toBe(2);
    const done = await expectJson<ErasureResult>(post(t, `/api/orgs/${orgA}/erasure`, { email: 'erase.comments@example.com' }));
    expect(done.counts.comments).toBe(2);
    expect(await database.db.select().from(comments).where(eq(comments.sessionId, erased))).toEqual([]);
    expect((await list(`/api/sessions/${kept}/comments`)).map((c) => c.body)).toEqual(['About another']);

    const short = await t.createSite({ name: 'Short memory', allowedOrigins: [TEST_ORIGIN] });
    const old = await t.startSession({ siteKey: short.siteKey });
    expect((await t.putChunk(old, 0, accountVisit(Date.now() - 5_000, TEST_ORIGIN), { siteKey: short.siteKey })).status).toBe(201);
    await expectJson(post(t, `/api/sessions/${old}/comments`, { t: 1, body: 'Outlived by nothing' }), 201);
    await expectJson(patch(t, `/api/sites/${short.id}`, { retentionDays: 30 }));
    await database.db
      .update(sessions)
      .set({ startedAt: new Date(Date.now() - 40 * 86_400_000) })
      .where(eq(sessions.id, old));
    await sweepRetention({ db: database.db, store: t.server.media.store, logger: createLogger('silent') });
    expect(await database.db.select().from(comments).where(eq(comments.sessionId, old))).toEqual([]);
  });
});

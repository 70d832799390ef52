/**
 * A session's comments are part of its searchable text (issue 13 lists them
 * among a session's text): a comment's words find the session at the
 * comment's moment, for the organisation's members only; an edit or a
 * delete re-indexes the session, so the old words stop finding it. On both
 * databases, through the real API and job queue.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, memberships, organisations } from '../../db/schema.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import type { Comment } from '../../protocol/comments.ts';
import type { SearchResponse } from '../../protocol/search.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { expectJson, patch, post, recordedVisit } from '../tutorials/tutorial-helpers.ts';

describe.each(testDrivers)('comments in session search on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let outsiderToken: string;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, searchIndexDelayMs: 0 });
    await t.createAdvisor('outsider@search-comments.test', 'outsider-password', 'admin');
    const [orgB] = await database.db.insert(organisations).values({ name: 'Organisation B' }).returning();
    const [outsider] = await database.db.select().from(advisors).where(eq(advisors.email, 'outsider@search-comments.test'));
    await database.db.delete(memberships).where(eq(memberships.advisorId, outsider!.id));
    await upsertMembership(database.db, { orgId: orgB!.id, advisorId: outsider!.id, role: 'admin' });
    outsiderToken = await t.tokenFor('outsider@search-comments.test', 'outsider-password');
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const sessionsFound = async (q: string, token?: string) =>
    (await expectJson<SearchResponse>(t.api(`/api/search?kind=session&q=${encodeURIComponent(q)}`, token ? { token } : {}))).results;

  it('finds the session by a comment at its moment; edits and deletes re-index it', async () => {
    const { sessionId } = await recordedVisit(t);
    const made = await expectJson<Comment>(
      post(t, `/api/sessions/${sessionId}/comments`, { t: 2_000, body: 'The coupon field rejects quokka codes' }),
      201,
    );
    await expect
      .poll(async () => (await sessionsFound('quokka')).map((r) => [r.id, r.t]), { timeout: 15_000 })
      .toEqual([[sessionId, 2_000]]);
    expect(await sessionsFound('quokka', outsiderToken)).toEqual([]);

    await expectJson(patch(t, `/api/comments/${made.id}`, { body: 'The coupon field rejects wombat codes' }));
    await expect.poll(async () => (await sessionsFound('wombat')).map((r) => r.id), { timeout: 15_000 }).toEqual([sessionId]);
    expect(await sessionsFound('quokka')).toEqual([]);

    expect((await t.api(`/api/comments/${made.id}`, { method: 'DELETE' })).status).toBe(204);
    await expect.poll(async () => (await sessionsFound('wombat')).length, { timeout: 15_000 }).toBe(0);
  });
});

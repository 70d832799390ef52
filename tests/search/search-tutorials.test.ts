/**
 * Tutorials in search, through the real server on both databases: a
 * tutorial made from a recorded session is found by its title and steps
 * once published (the search-index job), never as a draft; re-publishing
 * replaces what is found, unpublishing and deleting remove it; another
 * organisation finds nothing; a case's suggestions list the published
 * tutorials similar to its question.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, organisations, searchSubjects, tutorials } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { sweepSearchIndex } from '../../server/search/search-jobs.ts';
import { createLogger } from '../../server/logger.ts';
import { caseSuggestionsSchema, searchResponseSchema, type SearchResult } from '../../protocol/search.ts';
import type { Tutorial } from '../../protocol/tutorials.ts';
import { json, loopbackCustomerLimits, postCase } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { NO_GUIDE_PICTURES, startTestServer, type TestServer } from '../helpers/server.ts';
import { createTutorial, expectJson, parseStrict, patch, post, recordedVisit } from '../tutorials/tutorial-helpers.ts';

describe.each(testDrivers)('tutorials in search on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let outsiderToken: string;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({
      ...NO_GUIDE_PICTURES,
      database,
      searchIndexDelayMs: 0,
      jobRetryLimit: 1,
      jobRetryDelaySeconds: 1,
      rateLimits: loopbackCustomerLimits(),
    });
    const [orgB] = await database.db.insert(organisations).values({ name: 'Other company' }).returning();
    const [outsider] = await database.db
      .insert(advisors)
      .values({ email: 'outsider@tutsearch.test', name: 'Outsider', passwordHash: await hashPassword('outsider-password') })
      .returning();
    await upsertMembership(database.db, { orgId: orgB!.id, advisorId: outsider!.id, role: 'owner' });
    outsiderToken = await t.tokenFor('outsider@tutsearch.test', 'outsider-password');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const find = async (q: string, token?: string): Promise<SearchResult[]> => {
    const res = await t.api(`/api/search?kind=tutorial&q=${encodeURIComponent(q)}`, token ? { token } : {});
    return parseStrict(searchResponseSchema, await expectJson(res)).results;
  };
  const ids = async (q: string, token?: string) => (await find(q, token)).map((r) => r.id);
  const settled = () => t.server.jobs.idle();
  const made = async (title: string) => {
    const { sessionId } = await recordedVisit(t);
    return createTutorial(t, { sessionId, title });
  };
  const publish = async (id: string) => {
    await expectJson(post(t, `/api/tutorials/${id}/publish`, { visibility: 'public' }));
    await settled();
  };

  it('finds a published tutorial by its title and steps, never a draft', async () => {
    const draft = await made('Wombat voucher redemption');
    await settled();
    expect(await ids('wombat')).toEqual([]);

    const tutorial = await made('Changing your delivery address');
    await publish(tutorial.id);
    const [hit, ...rest] = await find('deliveries addresses');
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ kind: 'tutorial', id: tutorial.id, title: 'Changing your delivery address', siteId: t.site.id });
    expect(hit!.t).toBeUndefined();

    // The proposed steps' texts are found too.
    const detail = await expectJson<Tutorial>(t.api(`/api/tutorials/${tutorial.id}`));
    const step = detail.steps.find((s) => /\p{L}{4,}/u.test(s.title));
    expect(step, 'a proposed step with a word').toBeDefined();
    expect(await ids(step!.title)).toContain(tutorial.id);
    // Untouched by the published tutorial: the draft stays out.
    expect(await ids('wombat')).toEqual([]);
    expect(draft.status).toBe('draft');
  });

  it('re-publishing replaces what is found; unpublishing and deleting remove it', async () => {
    const tutorial = await made('Cancelling a subscription');
    await publish(tutorial.id);
    expect(await ids('cancel subscription')).toEqual([tutorial.id]);

    // A new title is a draft change until published again.
    await expectJson(patch(t, `/api/tutorials/${tutorial.id}`, { title: 'Pausing a membership' }));
    await settled();
    expect(await ids('cancel subscription')).toEqual([tutorial.id]);
    expect(await ids('pausing membership')).toEqual([]);
    await publish(tutorial.id);
    expect(await ids('pausing membership')).toEqual([tutorial.id]);
    expect(await ids('cancel subscription')).toEqual([]);

    await expectJson(post(t, `/api/tutorials/${tutorial.id}/unpublish`, {}));
    await settled();
    expect(await ids('pausing membership')).toEqual([]);
    await publish(tutorial.id);
    expect(await ids('pausing membership')).toEqual([tutorial.id]);

    expect((await t.api(`/api/tutorials/${tutorial.id}`, { method: 'DELETE' })).status).toBe(204);
    await settled();
    expect(await ids('pausing membership')).toEqual([]);
    const left = await database.db.select().from(searchSubjects).where(eq(searchSubjects.subjectId, tutorial.id));
    expect(left).toEqual([]);
  });

  it('keeps organisations apart', async () => {
    const tutorial = await made('Exporting invoices as PDF');
    await publish(tutorial.id);
    expect(await ids('exporting invoices')).toEqual([tutorial.id]);
    expect(await ids('exporting invoices', outsiderToken)).toEqual([]);
    const all = await json<{ results: SearchResult[] }>(t.api('/api/search?q=invoices', { token: outsiderToken }));
    expect(all.results).toEqual([]);
  });

  it('catches up after a lost index: the sweep queues published tutorials and drops unpublished ones', async () => {
    const tutorial = await made('Resetting a forgotten password');
    await publish(tutorial.id);
    await database.db.delete(searchSubjects).where(eq(searchSubjects.subjectId, tutorial.id));
    expect(await ids('forgotten password')).toEqual([]);
    expect((await sweepSearchIndex(database.db, t.server.jobs, createLogger('silent'))).queued).toContain(`tutorial:${tutorial.id}`);
    await settled();
    expect(await ids('forgotten password')).toEqual([tutorial.id]);

    // Unpublished behind the routes' back (a lost job): the sweep drops its entries.
    await database.db.update(tutorials).set({ status: 'draft', currentVersionId: null }).where(eq(tutorials.id, tutorial.id));
    expect((await sweepSearchIndex(database.db, t.server.jobs, createLogger('silent'))).queued).toContain(`orphan:tutorial:${tutorial.id}`);
    await settled();
    expect(await ids('forgotten password')).toEqual([]);
  });

  it("suggests the organisation's published tutorials similar to a case's question", async () => {
    const tutorial = await made('Returning a damaged parcel');
    await publish(tutorial.id);
    const other = await made('Damaged parcel draft');
    await settled();
    const { sessionId } = await recordedVisit(t);
    const { caseId } = await json<{ caseId: string }>(
      postCase(t, { sessionId, question: 'My parcel arrived damaged, how do I return it?' }),
      201,
    );
    const suggestions = parseStrict(caseSuggestionsSchema, await expectJson(t.api(`/api/cases/${caseId}/suggestions`)));
    const [first, ...rest] = suggestions.tutorials;
    expect(first).toMatchObject({ id: tutorial.id, title: 'Returning a damaged parcel' });
    expect(first!.score).toBeGreaterThan(0);
    expect(first!.score).toBeLessThan(1);
    expect(rest.map((r) => r.id)).not.toContain(other.id);

    const unrelated = await json<{ caseId: string }>(postCase(t, { sessionId, question: 'Zebra quokka xylophone' }), 201);
    const none = await expectJson<{ tutorials: unknown[] }>(t.api(`/api/cases/${unrelated.caseId}/suggestions`));
    expect(none.tutorials).toEqual([]);
  });
});

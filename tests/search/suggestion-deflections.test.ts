/**
 * `POST /ingest/v1/suggestions/deflections` through the real server, on both
 * databases: a deflection sent as the recorder sends it (a beacon: JSON as
 * `text/plain`, the site key in the query) is stored in
 * `suggestion_deflections` and counted in the tutorial's analytics; only a
 * tutorial the site suggests to customers counts (not another site's or
 * another organisation's, a draft, a members-only or a made-up one); the ingest guard (site key,
 * allowed Origin) and the per-address rate limit; and the rows go with
 * their recording and with the site's retention period.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, memberships, organisations, sessions, sites, suggestionDeflections } from '../../db/schema.ts';
import { sweepRetention } from '../../server/data-deletion/retention.ts';
import { createLogger } from '../../server/logger.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { loadConfig } from '../../server/config.ts';
import type { Site } from '../../protocol/api.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { INGEST_BASE, SITE_KEY_HEADER, SITE_KEY_QUERY } from '../../protocol/ingest.ts';
import { CUSTOMER_DEFLECTIONS_PATH, DEFLECTION_SITE_KEY_QUERY, type CustomerSuggestions } from '../../protocol/search.ts';
import { tutorialAnalyticsSchema, type TutorialAnalytics } from '../../protocol/tutorials.ts';
import { json, loopbackCustomerLimits } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { NO_GUIDE_PICTURES, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { accountVisit, createTutorial, expectJson, parseStrict, post } from '../tutorials/tutorial-helpers.ts';

const RATE_LIMIT = 25;
const QUESTION = 'How do I change the delivery address of my order?';

describe.each(testDrivers)('suggestion deflections on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let otherSite: Site;
  const ids: Record<string, string> = {};
  const slugs: Record<string, string> = {};

  /** A deflection as the recorder's beacon sends it. */
  const deflect = (body: unknown, o: { siteKey?: string; origin?: string | null; raw?: string } = {}) =>
    fetch(`${t.url}${INGEST_BASE}${CUSTOMER_DEFLECTIONS_PATH}?${SITE_KEY_QUERY}=${encodeURIComponent(o.siteKey ?? t.site.siteKey)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...(o.origin === null ? {} : { origin: o.origin ?? TEST_ORIGIN }) },
      body: o.raw ?? JSON.stringify(body),
    });
  const analytics = async (name: string) =>
    parseStrict(tutorialAnalyticsSchema, await expectJson<TutorialAnalytics>(t.api(`/api/tutorials/${ids[name]}/analytics`)));
  const rows = () => database.db.select().from(suggestionDeflections);

  const tutorial = async (name: string, title: string, visibility: string | null, siteKey = t.site.siteKey, token?: string) => {
    const sessionId = await t.startSession({ siteKey });
    expect((await t.putChunk(sessionId, 0, accountVisit(Date.now() - 10_000, TEST_ORIGIN), { siteKey })).status).toBe(201);
    const made = await createTutorial(t, { sessionId, title }, token);
    if (visibility) await expectJson(post(t, `/api/tutorials/${made.id}/publish`, { visibility }, token));
    ids[name] = made.id;
    slugs[name] = made.slug;
  };

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({
      ...NO_GUIDE_PICTURES,
      database,
      searchIndexDelayMs: 0,
      rateLimits: {
        ...loadConfig({}).rateLimits,
        ...loopbackCustomerLimits(),
        deflectionsPerAddress: { points: RATE_LIMIT, durationMs: 3_600_000 },
      },
    });
    otherSite = await t.createSite({ name: 'Second shop', allowedOrigins: [TEST_ORIGIN] });
    await tutorial('public', 'Changing your delivery address', 'public');
    await tutorial('unlisted', 'Delivery address for a gift order', 'unlisted');
    await tutorial('org', 'Delivery address overrides for the support team', 'org');
    await tutorial('draft', 'Delivery address draft', null);
    await tutorial('elsewhere', 'Delivery address on the second shop', 'public', otherSite.siteKey);
    // Another organisation, its own admin, its own site on the same origin, its own public tutorial of the same words.
    const [orgB] = await database.db.insert(organisations).values({ name: 'Organisation B' }).returning();
    await t.createAdvisor('admin-b@deflections.test', 'admin-b-password', 'admin');
    const [adminB] = await database.db.select().from(advisors).where(eq(advisors.email, 'admin-b@deflections.test'));
    await database.db.delete(memberships).where(eq(memberships.advisorId, adminB!.id));
    await upsertMembership(database.db, { orgId: orgB!.id, advisorId: adminB!.id, role: 'admin' });
    await database.db
      .insert(sites)
      .values({ orgId: orgB!.id, name: 'B shop', siteKey: 'b-site-key-deflections-0123', allowedOrigins: [TEST_ORIGIN] });
    const tokenB = await t.tokenFor('admin-b@deflections.test', 'admin-b-password');
    await tutorial('orgB', 'Changing your delivery address in organisation B', 'public', 'b-site-key-deflections-0123', tokenB);
    await t.server.jobs.idle();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('the site key query parameter is the one the ingest guard reads', () => {
    expect(DEFLECTION_SITE_KEY_QUERY).toBe(SITE_KEY_QUERY);
  });

  it('suggestions name the slug a deflection carries', async () => {
    const res = await fetch(`${t.url}${INGEST_BASE}/suggestions?q=${encodeURIComponent(QUESTION)}`, {
      headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey },
    });
    const found = ((await res.json()) as CustomerSuggestions).tutorials;
    // Never another site's or another organisation's, with the same words.
    expect(found.map((s) => s.slug).sort()).toEqual([slugs.public, slugs.unlisted].sort());
    for (const s of found) expect(s.url.endsWith(`/t/${s.slug}`)).toBe(true);
    // Organisation B's own site is suggested its tutorial (so the one above was left out, not missing).
    const theirs = await fetch(`${t.url}${INGEST_BASE}/suggestions?q=${encodeURIComponent(QUESTION)}`, {
      headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: 'b-site-key-deflections-0123' },
    });
    expect(((await theirs.json()) as CustomerSuggestions).tutorials.map((s) => s.slug)).toEqual([slugs.orgB]);
  });

  it('stores a deflection sent as a beacon and counts it in the analytics of that tutorial only', async () => {
    const sessionId = await t.startSession();
    const res = await deflect({ tutorial: slugs.public, question: `  ${QUESTION}  `, sessionId });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const [row] = await rows();
    const [site] = await database.db.select({ orgId: sites.orgId }).from(sites).where(eq(sites.id, t.site.id));
    expect(row).toMatchObject({
      orgId: site!.orgId,
      siteId: t.site.id,
      tutorialId: ids.public,
      sessionId,
      question: QUESTION,
    });
    expect(row!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await analytics('public')).deflections).toBe(1);
    expect((await analytics('unlisted')).deflections).toBe(0);

    expect((await deflect({ tutorial: slugs.unlisted, question: 'gift order address' })).status).toBe(204);
    expect((await analytics('unlisted')).deflections).toBe(1);
    expect((await analytics('public')).deflections).toBe(1);
  });

  it("keeps a session id that is not the site's out of the row", async () => {
    const foreign = await t.startSession({ siteKey: otherSite.siteKey });
    expect((await deflect({ tutorial: slugs.public, question: 'where to change my address', sessionId: foreign })).status).toBe(204);
    const stored = (await rows()).find((r) => r.question === 'where to change my address');
    expect(stored?.sessionId).toBeNull();
  });

  it('counts only a tutorial the site suggests: another site’s, a draft, a members-only or an unknown slug are 404', async () => {
    const before = (await rows()).length;
    for (const name of ['elsewhere', 'orgB', 'draft', 'org']) {
      const res = await deflect({ tutorial: slugs[name], question: QUESTION });
      expect(res.status, name).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe('tutorial_not_found');
    }
    expect((await deflect({ tutorial: 'no-such-tutorial', question: QUESTION })).status).toBe(404);
    // Another site's own key cannot count this site's tutorial either.
    expect((await deflect({ tutorial: slugs.public, question: QUESTION }, { siteKey: otherSite.siteKey })).status).toBe(404);
    expect((await deflect({ tutorial: slugs.public, question: QUESTION }, { siteKey: 'b-site-key-deflections-0123' })).status).toBe(404);
    expect((await rows()).length).toBe(before);
    expect((await analytics('elsewhere')).deflections).toBe(0);
  });

  it('is guarded like ingest: a wrong origin 403, no origin 403, an unknown key 401, bad bodies 400', async () => {
    const before = (await rows()).length;
    const wrong = await deflect({ tutorial: slugs.public, question: QUESTION }, { origin: 'https://evil.test' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('access-control-allow-origin')).toBeNull();
    expect((await deflect({ tutorial: slugs.public, question: QUESTION }, { origin: null })).status).toBe(403);
    expect((await deflect({ tutorial: slugs.public, question: QUESTION }, { siteKey: 'pk_forged' })).status).toBe(401);
    expect((await deflect({}, { raw: 'not json' })).status).toBe(400);
    expect((await deflect({ tutorial: slugs.public, question: '   ' })).status).toBe(400);
    expect((await deflect({ tutorial: slugs.public, question: 'x'.repeat(5001) })).status).toBe(400);
    expect((await deflect({ tutorial: slugs.public, question: QUESTION, sessionId: 'nope' })).status).toBe(400);
    expect((await rows()).length).toBe(before);
  });

  it('goes with its recording, and with the site’s retention period', async () => {
    const sessionId = await t.startSession();
    expect((await deflect({ tutorial: slugs.public, question: 'with a recording', sessionId })).status).toBe(204);
    await database.db.delete(sessions).where(eq(sessions.id, sessionId));
    expect((await rows()).some((r) => r.question === 'with a recording')).toBe(false);

    // Rows without a recording go once older than the site's period.
    await json(t.api(`/api/sites/${t.site.id}`, { method: 'PATCH', body: JSON.stringify({ retentionDays: 30 }) }));
    const old = (await rows()).find((r) => r.question === 'where to change my address')!;
    await database.db
      .update(suggestionDeflections)
      .set({ createdAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(suggestionDeflections.id, old.id));
    const before = (await rows()).length;
    const swept = await sweepRetention({ db: database.db, store: t.server.media.store, logger: createLogger('silent') });
    expect(swept.find((s) => s.siteId === t.site.id)?.counts.suggestion_deflections).toBe(1);
    expect((await rows()).length).toBe(before - 1);
    expect((await rows()).some((r) => r.id === old.id)).toBe(false);
    await json(t.api(`/api/sites/${t.site.id}`, { method: 'PATCH', body: JSON.stringify({ retentionDays: null }) }));
  });

  it('is rate limited per address: 429 with Retry-After', async () => {
    let res: Response | undefined;
    for (let i = 0; i <= RATE_LIMIT; i++) {
      res = await deflect({ tutorial: slugs.public, question: QUESTION });
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res!.json()) as ErrorBody).error.code).toBe('rate_limited');
  });
});

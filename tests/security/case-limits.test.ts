/**
 * Opening cases from a site's page (`POST /ingest/v1/cases`, anyone with
 * the public site key) is rate-limited per client address and per site:
 * over either → 429 `rate_limited` with `Retry-After`, and no case (nor
 * link) is stored. A retry of a case already opened is still answered.
 * Confirmation emails are limited too: over it the case is opened without
 * its email (`emailQueued: false`). The counts hold across two server
 * processes on one PostgreSQL database, with the counters in the database
 * and in Redis (`LIVE_BUS_URL`).
 */
import { count, eq, like, not } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { caseLinks, cases, emailOutbox, rateLimits } from '../../db/schema.ts';
import { loadConfig, type RateLimits } from '../../server/config.ts';
import type { Site } from '../../protocol/api.ts';
import type { CaseCreated } from '../../protocol/cases.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { createCase, postCase } from '../cases/case-helpers.ts';

const HOUR = 3_600_000;
/** Every intake limit out of the way except those a test sets (counts outlive a server: they are the database's). */
const limits = (over: Partial<RateLimits>): RateLimits => {
  const wide = { points: 10_000, durationMs: HOUR };
  return { ...loadConfig({}).rateLimits, casesPerAddress: wide, casesPerSite: wide, emailsPerAddress: wide, emailsPerSite: wide, ...over };
};
const caseCount = async (database: Database) => (await database.db.select({ n: count() }).from(cases))[0]!.n;
const linkCount = async (database: Database) => (await database.db.select({ n: count() }).from(caseLinks))[0]!.n;
const emailCount = async (database: Database) => (await database.db.select({ n: count() }).from(emailOutbox))[0]!.n;

async function expectRefused(res: Response, message: RegExp) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(HOUR / 1000);
  const body = (await res.json()) as ErrorBody;
  expect(body.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: retryAfter } });
  expect(body.error.message).toMatch(message);
}

const newSite = (t: TestServer, name: string): Promise<Site> => t.createSite({ name, allowedOrigins: [TEST_ORIGIN] });

describe.each(testDrivers)('case intake limits on $name', (driver) => {
  let database: Database;
  let t: TestServer;

  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('per address: the 4th case is refused (429, Retry-After, nothing stored); a retry of the 3rd is still answered', async () => {
    database = await driver.open();
    t = await startTestServer({ database, rateLimits: limits({ casesPerAddress: { points: 3, durationMs: HOUR } }) });
    let last: { sessionId: string; question: string; created: CaseCreated } | undefined;
    for (let i = 0; i < 3; i++) {
      const sessionId = await t.startSession();
      const question = `Question number ${i}`;
      last = { sessionId, question, created: await createCase(t, { sessionId, question }) };
    }
    const [cases0, links0] = [await caseCount(database), await linkCount(database)];

    const over = await postCase(t, { sessionId: await t.startSession(), question: 'One too many' });
    await expectRefused(over, /too many new cases from this address/);
    expect(await caseCount(database)).toBe(cases0);
    expect(await linkCount(database)).toBe(links0);

    // The answer of the 3rd was lost: its retry gets the same case, not a 429.
    const retry = await postCase(t, { sessionId: last!.sessionId, question: last!.question });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as CaseCreated).caseId).toBe(last!.created.caseId);
    expect(await caseCount(database)).toBe(cases0);
    await t.close();
  });

  it('per site: the 3rd case of a site is refused, another site still opens cases', async () => {
    t = await startTestServer({ database, rateLimits: limits({ casesPerSite: { points: 2, durationMs: HOUR } }) });
    const site = await newSite(t, 'Busy shop');
    const open = async (s: Site) =>
      postCase(t, { sessionId: await t.startSession({ siteKey: s.siteKey }), question: 'Hello?' }, { siteKey: s.siteKey });
    expect((await open(site)).status).toBe(201);
    expect((await open(site)).status).toBe(201);
    const before = await caseCount(database);
    await expectRefused(await open(site), /too many new cases for this site/);
    expect(await caseCount(database)).toBe(before);
    expect((await open(t.site)).status).toBe(201);
    await t.close();
  });

  it('over the email limit the case is opened without its confirmation email', async () => {
    t = await startTestServer({ database, rateLimits: limits({ emailsPerAddress: { points: 2, durationMs: HOUR } }) });
    const emails0 = await emailCount(database);
    const sent: CaseCreated[] = [];
    for (let i = 0; i < 3; i++) sent.push(await createCase(t, { question: `Mail me ${i}`, email: `customer${i}@example.test` }));
    expect(sent.map((c) => c.emailQueued)).toEqual([true, true, false]);
    expect(await emailCount(database)).toBe(emails0 + 2);
    const [kept] = await database.db.select().from(cases).where(eq(cases.id, sent[2]!.caseId));
    expect(kept).toMatchObject({ question: 'Mail me 2', customerEmail: 'customer2@example.test' });
    // Without an email nothing is queued and nothing is said to be.
    expect((await createCase(t, { question: 'No mail' })).emailQueued).toBe(false);
  });

  it('behind a proxy (TRUST_PROXY) each client is counted by its forwarded address, an IPv6 /64 as one; one recipient is limited whatever the address', async () => {
    await t.close();
    t = await startTestServer({
      database,
      trustProxy: true,
      rateLimits: limits({ casesPerAddress: { points: 2, durationMs: HOUR }, emailsPerAddress: { points: 2, durationMs: HOUR } }),
    });
    const from = async (address: string, extra: { email?: string } = {}) =>
      postCase(
        t,
        { sessionId: await t.startSession(), question: `From ${address} ${crypto.randomUUID()}`, ...extra },
        {
          // A client-supplied first hop is ignored: the last one is what our proxy saw.
          headers: { 'x-forwarded-for': `10.9.9.9, ${address}` },
        },
      );
    expect((await from('198.51.100.1')).status).toBe(201);
    expect((await from('198.51.100.1')).status).toBe(201);
    await expectRefused(await from('198.51.100.1'), /from this address/);
    expect((await from('198.51.100.2')).status).toBe(201);
    // Two addresses of one /64 are one client.
    expect((await from('2001:db8:1:2::1')).status).toBe(201);
    expect((await from('[2001:db8:1:2::ffff]:443')).status).toBe(201);
    await expectRefused(await from('2001:db8:1:2:abcd::9'), /from this address/);

    // One recipient mailed from three addresses: the third case has no email.
    const mailed = [];
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      const res = await from(address, { email: 'Victim@example.test' });
      expect(res.status).toBe(201);
      mailed.push(((await res.json()) as CaseCreated).emailQueued);
    }
    expect(mailed).toEqual([true, true, false]);
  });

  it('a site over its email limit opens cases without emails', async () => {
    await t.close();
    t = await startTestServer({ database, rateLimits: limits({ emailsPerSite: { points: 1, durationMs: HOUR } }) });
    const site = await newSite(t, 'Mail shop');
    const ask = async (i: number) => {
      const res = await postCase(
        t,
        { sessionId: await t.startSession({ siteKey: site.siteKey }), question: `Site mail ${i}`, email: 'victim@example.test' },
        { siteKey: site.siteKey },
      );
      expect(res.status).toBe(201);
      return ((await res.json()) as CaseCreated).emailQueued;
    };
    expect([await ask(0), await ask(1)]).toEqual([true, false]);
  });
});

const postgresDriver = testDrivers.find((d) => d.name === 'postgres');
const busUrl = process.env.LIVE_BUS_URL ?? 'redis://127.0.0.1:6379';

describe.skipIf(!postgresDriver).each([
  { store: 'the database', liveBusUrl: undefined },
  { store: 'Redis', liveBusUrl: busUrl },
])('case limits across two processes on one PostgreSQL database, counters in $store', ({ liveBusUrl }) => {
  let database: Database;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await postgresDriver!.open();
    const options = {
      database,
      ...(liveBusUrl ? { liveBusUrl } : {}),
      rateLimits: limits({ casesPerAddress: { points: 3, durationMs: HOUR }, emailsPerAddress: { points: 1, durationMs: HOUR } }),
    };
    a = await startTestServer(options);
    b = await startTestServer(options);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
  });

  it('the per-address and email counts are shared: A, B, A, then B is refused', async () => {
    const first = await createCase(a, { question: 'On A', email: 'one@example.test' });
    const second = await createCase(b, { question: 'On B', email: 'two@example.test', sessionId: await b.startSession() });
    await createCase(a, { question: 'On A again' });
    expect([first.emailQueued, second.emailQueued]).toEqual([true, false]);
    const before = await caseCount(database);
    await expectRefused(await postCase(b, { sessionId: await b.startSession(), question: 'Fourth' }), /from this address/);
    await expectRefused(await postCase(a, { sessionId: await a.startSession(), question: 'Fifth' }), /from this address/);
    expect(await caseCount(database)).toBe(before);

    // Where the counters live: rows in rate_limits, or only the Redis namespace row there.
    const counters = await database.db
      .select({ n: count() })
      .from(rateLimits)
      .where(not(like(rateLimits.key, '%:namespace')));
    if (liveBusUrl) expect(counters[0]!.n).toBe(0);
    else expect(counters[0]!.n).toBeGreaterThan(0);
  });
});

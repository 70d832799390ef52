/**
 * Search through the real server, on both databases: recordings sent
 * through ingest are indexed by the background job and found by what their
 * pages showed — with the moment `t` the text was on screen — while masked
 * text and typed values never are; German and English stemming, typos,
 * prefixes, phrases and exclusions; organisation, site and role isolation;
 * similar resolved cases; erasure removing the index; an idempotent index
 * and the catch-up sweep.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, organisations, searchEntries, searchSubjects, sites } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { indexSession } from '../../server/search/session-indexer.ts';
import { sweepSearchIndex } from '../../server/search/search-jobs.ts';
import { generateSiteKey } from '../../server/sites/site-key.ts';
import type { Site } from '../../protocol/api.ts';
import type { ErasureResult } from '../../protocol/audit.ts';
import type { OrgRole } from '../../protocol/permissions.ts';
import type { CaseSuggestions, SearchResponse, SearchResult } from '../../protocol/search.ts';
import { createLogger } from '../../server/logger.ts';
import { json, loopbackCustomerLimits, postCase } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { added, clicked, consoleError, failedRequest, page, removed, typed, type RecordedEvent } from './search-fixtures.ts';

const PASSWORD = 'search-password';

describe.each(testDrivers)('search on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let orgB: string;
  let siteA2: Site;
  let siteB: { id: string; siteKey: string };
  const tokens: Record<string, string> = {};
  let english: string;
  let german: string;
  let secondSite: string;
  let erased: string;
  let resolvedCase: string;
  let openCase: string;
  let caseB: string;

  const member = async (name: string, orgId: string, role: OrgRole, siteIds: string[] | null = null) => {
    const { db } = database;
    const [row] = await db
      .insert(advisors)
      .values({ email: `${name.toLowerCase()}@search.test`, name, passwordHash: await hashPassword(PASSWORD) })
      .returning();
    await upsertMembership(db, { orgId, advisorId: row!.id, role, siteIds });
    tokens[name] = await t.tokenFor(`${name.toLowerCase()}@search.test`, PASSWORD);
  };
  const find = async (q: string, who = 'admin', more = ''): Promise<SearchResult[]> =>
    (await json<SearchResponse>(t.api(`/api/search?q=${encodeURIComponent(q)}${more}`, { token: tokens[who]! }))).results;
  const ids = (results: SearchResult[]) => results.map((r) => r.id);
  const record = async (siteKey: string, events: RecordedEvent[], metadata: Record<string, string> = {}) => {
    const id = await t.startSession({ siteKey, metadata });
    expect((await t.putChunk(id, 0, events, { siteKey })).status).toBe(201);
    return id;
  };
  const post = (who: string, path: string, body: unknown = {}) =>
    t.api(path, { method: 'POST', body: JSON.stringify(body), token: tokens[who]! });
  const caseOn = async (siteKey: string, sessionId: string, question: string) =>
    (await json<{ caseId: string }>(postCase(t, { sessionId, question }, { siteKey }), 201)).caseId;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({
      database,
      searchIndexDelayMs: 0,
      jobRetryLimit: 1,
      jobRetryDelaySeconds: 1,
      rateLimits: loopbackCustomerLimits(),
    });
    const { db } = database;
    tokens.admin = await t.token();
    const orgA = await defaultOrgId(db);
    siteA2 = await t.createSite({ name: 'Second shop', allowedOrigins: [TEST_ORIGIN] });
    const [b] = await db.insert(organisations).values({ name: 'Other company' }).returning();
    orgB = b!.id;
    const [sb] = await db
      .insert(sites)
      .values({ orgId: orgB, name: 'Other shop', siteKey: generateSiteKey(), allowedOrigins: [TEST_ORIGIN] })
      .returning();
    siteB = { id: sb!.id, siteKey: sb!.siteKey };
    await member('ownerB', orgB, 'owner');
    await member('narrowA', orgA, 'advisor', [t.site.id]);
    await member('contentA', orgA, 'content');
    await member('advisorA', orgA, 'advisor');

    const base = Date.now() - 60_000;
    const account = page(base, 'Refund status', [
      { tag: 'p', text: 'Your refund was issued yesterday.' },
      // What rrweb records for [data-cb-mask] text: one * per character.
      { tag: 'p', text: '***** ********', attributes: { 'data-cb-mask': '' } },
      // Defence in depth: text under a mask attribute that arrived unmasked is still skipped.
      { tag: 'p', text: 'Kontonummer Geheimzahl', attributes: { 'data-cb-mask': '' } },
      { tag: 'input', attributes: { type: 'text', value: 'typedsecretvalue' } },
      { tag: 'button', text: 'Download invoice' },
    ]);
    const [, , , input, button] = account.ids;
    const error = added(base + 3_000, account.bodyId, { tag: 'div', text: 'Payment declined with error code E4711' });
    english = await record(t.site.siteKey, [
      ...account.events,
      typed(base + 1_000, input!, 'hunter2typedvalue'),
      clicked(base + 2_000, button!),
      error.event,
      consoleError(base + 4_000, 'TypeError: checkoutWidget is undefined'),
      failedRequest(base + 4_500, 'https://api.shop.test/v1/payments/authorize'),
      removed(base + 6_000, account.bodyId, error.id),
      { type: 3, timestamp: base + 20_000, data: { source: 1, positions: [{ x: 1, y: 1, id: 1, timeOffset: 0 }] } },
    ]);
    german = await record(
      t.site.siteKey,
      page(base, 'Ihr Konto', [{ tag: 'p', text: 'Ihre Rechnung wurde heruntergeladen. Vielen Dank für Ihren Einkauf bei uns.' }]).events,
    );
    secondSite = await record(siteA2.siteKey, page(base, 'Adresse', [{ tag: 'p', text: 'Die Lieferadresse wurde geändert.' }]).events);
    erased = await record(t.site.siteKey, page(base, 'Profile', [{ tag: 'p', text: 'Quokka preferences saved' }]).events, {
      customerId: 'erase-me',
    });
    const sessionB = await record(siteB.siteKey, page(base, 'Other', [{ tag: 'p', text: 'Your refund is on its way' }]).events);

    resolvedCase = await caseOn(t.site.siteKey, english, 'How do I get a refund for a damaged parcel?');
    await json(
      post('admin', `/api/cases/${resolvedCase}/messages`, { kind: 'internal_note', body: 'Customer is on the platypus programme' }),
      201,
    );
    await json(
      post('admin', `/api/cases/${resolvedCase}/messages`, {
        kind: 'text',
        body: 'We refund damaged parcels within 5 days: send us a photo of the parcel.',
        status: 'resolved',
      }),
      201,
    );
    openCase = await caseOn(t.site.siteKey, german, 'My parcel arrived damaged, can I have a refund?');
    caseB = await caseOn(siteB.siteKey, sessionB, 'Refund for a damaged parcel please');
    await t.server.jobs.idle();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('finds a text that was on screen for a few seconds, at the moment it was there', async () => {
    const [hit, ...rest] = await find('E4711');
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ kind: 'session', id: english, title: 'Refund status', fuzzy: false });
    expect(hit!.t).toBeGreaterThanOrEqual(3_000);
    expect(hit!.t).toBeLessThanOrEqual(6_000);
    const { text, highlights } = hit!.highlighted;
    expect(highlights.map(([s, e]) => text.slice(s, e))).toEqual(['E4711']);
    expect(hit!.snippet).toBe(text);
  });

  it('finds page titles, clicked elements, console errors and failed requests', async () => {
    expect(ids(await find('refund status'))).toContain(english);
    expect(ids(await find('checkoutWidget'))).toEqual([english]);
    const [request] = await find('payments authorize');
    expect(request).toMatchObject({ id: english, t: 4_500 });
    const [click] = await find('download invoice', 'admin', '&kind=session');
    expect(click!.id).toBe(english);
  });

  it('never finds masked text or typed values, and never stores them', async () => {
    for (const q of ['Kontonummer', 'Geheimzahl', 'typedsecretvalue', 'hunter2typedvalue']) expect(await find(q)).toEqual([]);
    const stored = await database.db
      .select({ text: searchEntries.text })
      .from(searchEntries)
      .where(and(eq(searchEntries.kind, 'session'), eq(searchEntries.subjectId, english)));
    const all = stored.map((s) => s.text).join('\n');
    expect(all).toContain('Your refund was issued yesterday.');
    for (const secret of ['Kontonummer', 'typedsecretvalue', 'hunter2typedvalue', '**']) expect(all).not.toContain(secret);
  });

  it('stems English and German, and finds inflected forms of each other', async () => {
    expect(ids(await find('refunds issue'))).toContain(english);
    const [strict] = await find('Rechnungen');
    expect(strict).toMatchObject({ id: german, fuzzy: false });
    // "heruntergeladen" ↔ "herunterladen": Snowball leaves the participle's "ge" in; the edit-distance fallback bridges it.
    expect(ids(await find('Rechnungen herunterladen'))).toEqual([german]);
    expect(ids(await find('Einkäufe'))).toEqual([german]);
  });

  it('tolerates typos and matches prefixes', async () => {
    const [typo] = await find('refnud yesterday');
    expect(typo).toMatchObject({ id: english, fuzzy: true });
    expect(ids(await find('yesterd'))).toEqual([english]);
    expect(ids(await find('E47'))).toEqual([english]);
  });

  it('honours phrases and exclusions', async () => {
    expect(ids(await find('"refund was issued"'))).toEqual([english]);
    expect(ids(await find('"issued refund"', 'admin', '&kind=session'))).toEqual([]);
    expect(ids(await find('refund', 'admin', '&kind=session'))).toContain(english);
    expect(ids(await find('refund -yesterday', 'admin', '&kind=session'))).not.toContain(english);
    expect(ids(await find('refund -zebra', 'admin', '&kind=session'))).toContain(english);
  });

  it('keeps organisations, sites and roles apart', async () => {
    expect(await find('E4711', 'ownerB')).toEqual([]);
    const other = await find('refund', 'ownerB');
    expect(other.length).toBeGreaterThan(0);
    for (const r of other) expect(r.siteId).toBe(siteB.id);
    expect(ids(await find('refund', 'ownerB'))).toContain(caseB);

    expect(ids(await find('Lieferadresse'))).toEqual([secondSite]);
    expect(await find('Lieferadresse', 'narrowA')).toEqual([]);
    expect(await find('Lieferadresse', 'admin', `&siteId=${t.site.id}`)).toEqual([]);

    // content: resolved cases only, and no internal notes.
    const contentCases = ids(await find('damaged parcel', 'contentA', '&kind=case'));
    expect(contentCases).toEqual([resolvedCase]);
    expect(ids(await find('damaged parcel', 'advisorA', '&kind=case')).sort()).toEqual([resolvedCase, openCase].sort());
    expect(ids(await find('platypus', 'advisorA'))).toEqual([resolvedCase]);
    expect(await find('platypus', 'contentA')).toEqual([]);
  });

  it('filters by time', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(await find('E4711', 'admin', `&from=${encodeURIComponent(future)}`)).toEqual([]);
    expect(ids(await find('E4711', 'admin', `&to=${encodeURIComponent(future)}`))).toEqual([english]);
  });

  it('answers bad queries with 400 and strangers with 401', async () => {
    expect((await t.api('/api/search?q=-only')).status).toBe(400);
    expect((await t.api(`/api/search?q=${'x'.repeat(300)}`)).status).toBe(400);
    expect((await t.api('/api/search?q=refund&kind=article')).status).toBe(400);
    expect((await t.api('/api/search?q=%22%29%28%3A*%26%7C')).status).toBe(200);
    expect((await t.api('/api/search?q=refund', { token: null })).status).toBe(401);
  });

  it('suggests similar resolved cases with their answer and why', async () => {
    const suggestions = await json<CaseSuggestions>(t.api(`/api/cases/${openCase}/suggestions`));
    expect(suggestions.tutorials).toEqual([]);
    const [first] = suggestions.cases;
    expect(first).toMatchObject({ id: resolvedCase, question: 'How do I get a refund for a damaged parcel?' });
    expect(first!.answer).toContain('within 5 days');
    expect(first!.why.highlights.length).toBeGreaterThan(0);
    // Another organisation's case, however similar, is never suggested; its own id answers 404 here.
    expect(suggestions.cases.map((c) => c.id)).not.toContain(caseB);
    expect((await t.api(`/api/cases/${caseB}/suggestions`)).status).toBe(404);
  });

  it('indexes idempotently and catches up after a lost index', async () => {
    const count = async () =>
      (
        await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(searchEntries)
          .where(eq(searchEntries.subjectId, english))
      )[0]!.n;
    const before = await count();
    await indexSession(database.db, english);
    await indexSession(database.db, english);
    expect(await count()).toBe(before);

    // As if the server crashed before indexing: the sweep finds the session lagging and queues it.
    await database.db.delete(searchSubjects).where(eq(searchSubjects.subjectId, english));
    expect(await find('E4711')).toEqual([]);
    await sweepSearchIndex(database.db, t.server.jobs, createLogger('silent'));
    await t.server.jobs.idle();
    expect(ids(await find('E4711'))).toEqual([english]);
  });

  it('erasure removes the index entries too', async () => {
    expect(ids(await find('quokka'))).toEqual([erased]);
    const orgId = await defaultOrgId(database.db);
    const result = await json<ErasureResult>(
      t.api(`/api/orgs/${orgId}/erasure`, { method: 'POST', body: JSON.stringify({ customerId: 'erase-me' }) }),
    );
    expect(result.sessionIds).toEqual([erased]);
    expect(await find('quokka')).toEqual([]);
    const left = await database.db.select().from(searchEntries).where(eq(searchEntries.subjectId, erased));
    expect(left).toEqual([]);
  });
});

/**
 * Recurring questions (`GET /api/orgs/:orgId/recurring`) through the real
 * server, on both databases: cases asked through ingest (with recordings of
 * the pages they were asked on), answered and resolved through the API, then
 * dated into given weeks. Two groups of paraphrases, English and German
 * (a German participle among them),
 * come out as groups with their volume per week, median time to resolve,
 * covering tutorial, tutorial sends and best-solved case; unrelated single
 * questions form no group; the window, roles and organisations bound what
 * is seen; bad `weeks` is a 400.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, organisations } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { weekStart } from '../../server/search/recurring-questions.ts';
import type { OrgRole } from '../../protocol/permissions.ts';
import { INGEST_BASE, SITE_KEY_QUERY } from '../../protocol/ingest.ts';
import { CUSTOMER_DEFLECTIONS_PATH } from '../../protocol/search.ts';
import { recurringReportSchema, type RecurringGroup, type RecurringReport } from '../../protocol/recurring.ts';
import type { Tutorial } from '../../protocol/tutorials.ts';
import { json, loopbackCustomerLimits, postCase } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { NO_GUIDE_PICTURES, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { createTutorial, parseStrict, recordedVisit } from '../tutorials/tutorial-helpers.ts';
import { clicked, page } from './search-fixtures.ts';

const PASSWORD = 'recurring-password';
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

describe.each(testDrivers)('recurring questions on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let orgA: string;
  let orgB: string;
  const tokens: Record<string, string> = {};
  const invoice: string[] = [];
  const password: string[] = [];
  const singles: string[] = [];
  let old: string;
  let invoiceTutorial: Tutorial;
  let invoiceSlug: string;
  /** This week's Monday, 00:00 UTC: the report's weeks start on Mondays. */
  const thisWeek = weekStart(new Date()).getTime();

  const member = async (name: string, orgId: string, role: OrgRole) => {
    const [row] = await database.db
      .insert(advisors)
      .values({ email: `${name.toLowerCase()}@recurring.test`, name, passwordHash: await hashPassword(PASSWORD) })
      .returning();
    await upsertMembership(database.db, { orgId, advisorId: row!.id, role });
    tokens[name] = await t.tokenFor(`${name.toLowerCase()}@recurring.test`, PASSWORD);
  };
  const post = (path: string, body: unknown) => t.api(path, { method: 'POST', body: JSON.stringify(body) });
  /** A case asked on a recorded page (its URL and a click on one of its buttons, like the recorder sends). */
  const ask = async (question: string, language: string, url: string, button: string) => {
    const base = Date.now() - 30_000;
    const p = page(base, 'Shop', [{ tag: 'button', text: button }], `${TEST_ORIGIN}${url}`);
    const sessionId = await t.startSession({ language });
    expect((await t.putChunk(sessionId, 0, [...p.events, clicked(base + 1_000, p.ids[0]!)])).status).toBe(201);
    return (await json<{ caseId: string }>(postCase(t, { sessionId, question, language }), 201)).caseId;
  };
  const answer = (caseId: string, body: string, resolve = true) =>
    json(post(`/api/cases/${caseId}/messages`, { kind: 'text', body, ...(resolve ? { status: 'resolved' } : {}) }), 201);
  /** Dates a case: asked at `createdAt`, resolved `resolveMs` later (if resolved). */
  const date = (caseId: string, createdAt: number, resolveMs?: number) =>
    database.db.execute(
      sql`UPDATE cases SET created_at = ${new Date(createdAt).toISOString()}::timestamptz,
                 resolved_at = ${resolveMs === undefined ? null : new Date(createdAt + resolveMs).toISOString()}::timestamptz
           WHERE id = ${caseId}::uuid`,
    );
  const report = async (orgId: string, query = '', who?: string): Promise<RecurringReport> => {
    const body = await json<RecurringReport>(t.api(`/api/orgs/${orgId}/recurring${query}`, who ? { token: tokens[who]! } : {}));
    return parseStrict(recurringReportSchema, body);
  };
  const groupOf = (r: RecurringReport, caseId: string): RecurringGroup | undefined => r.groups.find((g) => g.caseIds.includes(caseId));

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
    orgA = await defaultOrgId(database.db);
    const [b] = await database.db.insert(organisations).values({ name: 'Other company' }).returning();
    orgB = b!.id;
    await member('ownerB', orgB, 'owner');
    await member('contentA', orgA, 'content');
    await member('advisorA', orgA, 'advisor');

    // English: downloading invoices, asked four ways on the invoices page.
    for (const q of [
      'How do I download my invoice?',
      'Where can I download the invoices for my orders?',
      'Invoice download is not working',
      'I need to download an invoice as PDF',
    ])
      invoice.push(await ask(q, 'en-GB', '/account/invoices', 'Download invoice'));
    // German: resetting the password, asked four ways (the last with the participle, which Snowball stems apart).
    for (const q of [
      'Wie kann ich mein Passwort zurücksetzen?',
      'Passwort vergessen, wie kann ich es zurücksetzen?',
      'Ich möchte mein Passwort zurücksetzen',
      'Passwort zurückgesetzt, aber der Link kommt nicht an',
    ])
      password.push(await ask(q, 'de-DE', '/login', 'Passwort vergessen'));
    // Unrelated single questions (one shares a page with the invoice group, one a word of the German group).
    singles.push(await ask('Do you ship to Norway?', 'en-GB', '/shipping', 'Countries'));
    singles.push(await ask('Is my parcel insured when it arrives damaged?', 'en-GB', '/account/invoices', 'Download invoice'));
    singles.push(await ask('Kann ich mein Konto löschen?', 'de-DE', '/konto', 'Konto'));
    // An invoice question from long before the window.
    old = await ask('How can I download an invoice from last year?', 'en-GB', '/account/invoices', 'Download invoice');

    await answer(invoice[0]!, 'Open Account → Invoices and press Download invoice.');
    await answer(invoice[1]!, 'Every order has its invoice under Account → Invoices.');
    await answer(invoice[2]!, 'Please try again, the download works again.');
    await answer(invoice[3]!, 'The invoice is a PDF: press Download invoice.', false);
    await answer(password[0]!, 'Klicken Sie auf „Passwort vergessen“.');
    await answer(singles[0]!, 'Yes, we ship to Norway.');
    await answer(old, 'Account → Invoices.');

    // A published tutorial covering the invoice group, one covering nothing asked.
    const { sessionId } = await recordedVisit(t);
    invoiceTutorial = await createTutorial(t, { sessionId, title: 'Download your invoice' });
    invoiceSlug = (await json<{ url: string }>(post(`/api/tutorials/${invoiceTutorial.id}/publish`, { visibility: 'public' }))).url.split(
      '/t/',
    )[1]!;
    const other = await createTutorial(t, { sessionId: (await recordedVisit(t)).sessionId, title: 'Changing your delivery address' });
    await json(post(`/api/tutorials/${other.id}/publish`, { visibility: 'public' }));
    const published = await json<Tutorial>(t.api(`/api/tutorials/${invoiceTutorial.id}`));
    // Tutorials sent: a Tutorial link message, and an answer with one inserted.
    await json(
      post(`/api/cases/${invoice[3]!}/messages`, {
        kind: 'tutorial_link',
        body: 'Download your invoice',
        attachments: [{ type: 'link', url: published.url!, title: 'Download your invoice' }],
      }),
      201,
    );
    await json(post(`/api/cases/${password[1]!}/messages`, { kind: 'internal_note', body: 'Sieht aus wie /t/not-a-send' }), 201);

    // Weeks: invoice cases this week (2), last week (1) and three weeks ago (1); resolved in 1 h, 5 h and 3 h.
    await date(invoice[0]!, thisWeek + 60_000, 5 * HOUR);
    await date(invoice[1]!, thisWeek + 120_000, HOUR);
    await date(invoice[2]!, thisWeek - WEEK + HOUR, 3 * HOUR);
    await date(invoice[3]!, thisWeek - 3 * WEEK + HOUR);
    await date(password[0]!, thisWeek - WEEK + 2 * HOUR, 30 * 60_000);
    await date(password[1]!, thisWeek - 2 * WEEK + HOUR);
    await date(password[2]!, thisWeek + 180_000);
    await date(password[3]!, thisWeek - WEEK + 3 * HOUR);
    await date(old, thisWeek - 12 * WEEK, HOUR);
    await t.server.jobs.idle();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('groups paraphrased questions, English and German, and leaves unrelated questions alone', async () => {
    const r = await report(orgA, '?weeks=4');
    expect(r.weeks).toBe(4);
    expect(r.groups).toHaveLength(2);
    const invoices = groupOf(r, invoice[0]!)!;
    const passwords = groupOf(r, password[0]!)!;
    expect(invoices.caseIds.sort()).toEqual([...invoice].sort());
    expect(passwords.caseIds.sort()).toEqual([...password].sort());
    for (const id of [...singles, old]) expect(groupOf(r, id)).toBeUndefined();
    // Largest first (equal sizes: the one asked last first); labelled by a question of the group; key words as customers wrote them.
    expect(r.groups).toEqual([passwords, invoices]);
    expect(invoices.label.toLowerCase()).toContain('invoice');
    expect(invoices.keyWords.slice(0, 2).sort()).toEqual(['download', 'invoice']);
    expect(passwords.label).toMatch(/Passwort/);
    expect(passwords.keyWords).toContain('passwort');
  });

  it('counts cases per week, the median time to resolve, tutorial coverage and sends, and the best-solved case', async () => {
    const r = await report(orgA, '?weeks=4');
    const invoices = groupOf(r, invoice[0]!)!;
    const week = (weeksAgo: number) => new Date(thisWeek - weeksAgo * WEEK).toISOString().slice(0, 10);
    expect(invoices.perWeek).toEqual([
      { week: week(3), count: 1 },
      { week: week(2), count: 0 },
      { week: week(1), count: 1 },
      { week: week(0), count: 2 },
    ]);
    expect(invoices.medianResolveMs).toBe(3 * HOUR);
    expect(invoices).toMatchObject({ tutorialId: invoiceTutorial.id, tutorialTitle: 'Download your invoice', tutorialSends: 1 });
    expect(invoices.bestCaseId).toBe(invoice[1]);
    expect(invoices.bestSessionId).toMatch(/^[0-9a-f-]{36}$/);

    const passwords = groupOf(r, password[0]!)!;
    expect(passwords.perWeek.map((w) => w.count)).toEqual([0, 1, 2, 1]);
    expect(passwords.medianResolveMs).toBe(30 * 60_000);
    expect(passwords.tutorialId).toBeUndefined();
    expect(passwords.tutorialSends).toBe(0);
    expect(passwords.bestCaseId).toBe(password[0]);
  });

  it("counts the covering tutorial's deflections: questions it answered in the Ask-for-help form before they were sent", async () => {
    const before = groupOf(await report(orgA, '?weeks=4'), invoice[0]!)!;
    expect(before.deflections).toBe(0);
    const res = await fetch(`${t.url}${INGEST_BASE}${CUSTOMER_DEFLECTIONS_PATH}?${SITE_KEY_QUERY}=${encodeURIComponent(t.site.siteKey)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: TEST_ORIGIN },
      body: JSON.stringify({ tutorial: invoiceSlug, question: 'where can I download my invoice' }),
    });
    expect(res.status).toBe(204);
    const after = await report(orgA, '?weeks=4');
    expect(groupOf(after, invoice[0]!)!.deflections).toBe(1);
    expect(groupOf(after, password[0]!)!.deflections).toBe(0);
  });

  it('looks back only as many weeks as asked (default 8)', async () => {
    const thisWeekOnly = await report(orgA, '?weeks=1');
    expect(thisWeekOnly.groups.map((g) => g.caseIds.sort())).toEqual([[invoice[0]!, invoice[1]!].sort()]);
    const byDefault = await report(orgA);
    expect(byDefault.weeks).toBe(8);
    expect(groupOf(byDefault, old)).toBeUndefined();
    const long = await report(orgA, '?weeks=26');
    expect(groupOf(long, old)?.caseIds).toContain(invoice[0]);
  });

  it('shows a content member resolved cases only', async () => {
    const r = await report(orgA, '?weeks=4', 'contentA');
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]!.caseIds.sort()).toEqual(invoice.slice(0, 3).sort());
    expect((await report(orgA, '?weeks=4', 'advisorA')).groups).toHaveLength(2);
  });

  it('keeps organisations apart', async () => {
    expect((await t.api(`/api/orgs/${orgA}/recurring`, { token: tokens.ownerB! })).status).toBe(404);
    expect((await report(orgB, '', 'ownerB')).groups).toEqual([]);
    expect((await t.api(`/api/orgs/${orgB}/recurring`)).status).toBe(404);
    expect((await t.api(`/api/orgs/${orgA}/recurring`, { token: null })).status).toBe(401);
  });

  it('refuses weeks out of bounds or not a whole number', async () => {
    for (const weeks of ['0', '27', '-1', '1.5', 'eight', '']) {
      const res = await t.api(`/api/orgs/${orgA}/recurring?weeks=${weeks}`);
      expect(res.status, weeks).toBe(400);
    }
  });
});

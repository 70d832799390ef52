/**
 * The labelled set of `tests/fixtures/knowledge-recall.json` (recall@3 of the
 * suggestions is a benchmark, `npm run bench -- recall`, not a threshold
 * here): the fixture is well-formed — at least 30 questions in German and
 * English over at least 10 solved cases and tutorials, unique ids, every
 * expected id in the corpus — and, seeded through the real API on both
 * databases, a few clear paraphrases bring up what they should, for the
 * advisor (`GET /api/cases/:id/suggestions`) and the customer
 * (`GET /ingest/v1/suggestions`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { loopbackCustomerLimits } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { NO_GUIDE_PICTURES, startTestServer, type TestServer } from '../helpers/server.ts';
import { advisorSuggestions, customerSuggestions, loadRecallSet, seedRecallSet, type Seeded } from './recall-set.ts';

const set = loadRecallSet();

describe('the labelled set', () => {
  it('is well-formed', () => {
    const ids = [...set.cases, ...set.tutorials].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(set.questions.length).toBeGreaterThanOrEqual(30);
    for (const lang of ['en-GB', 'de-DE']) {
      expect(set.questions.filter((q) => q.language === lang).length, lang).toBeGreaterThanOrEqual(10);
      expect(set.cases.filter((c) => c.language === lang).length, lang).toBeGreaterThanOrEqual(5);
    }
    for (const q of set.questions) for (const id of q.expect) expect(ids, q.text).toContain(id);
    // Paraphrases: no question is a copy of what it should find.
    const texts = new Set([...set.cases.map((c) => c.question), ...set.tutorials.map((t) => t.title)].map((s) => s.toLowerCase()));
    for (const q of set.questions) expect(texts.has(q.text.toLowerCase()), q.text).toBe(false);
  });
});

describe.each(testDrivers)('the labelled set through the API on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let seeded: Seeded;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ ...NO_GUIDE_PICTURES, database, searchIndexDelayMs: 0, rateLimits: loopbackCustomerLimits() });
    seeded = await seedRecallSet(t, set);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('brings up the solved case and the tutorial for clear paraphrases, in English and German', async () => {
    expect(await advisorSuggestions(t, seeded, 'how to cancel the subscription', 'en-GB')).toEqual(
      expect.arrayContaining(['c-subscription-en', 't-subscription-en']),
    );
    expect(await advisorSuggestions(t, seeded, 'Wie setze ich mein Passwort zurück?', 'de-DE')).toEqual(
      expect.arrayContaining(['c-password-de', 't-password-de']),
    );
    const invoices = await advisorSuggestions(t, seeded, 'Rechnung als PDF herunterladen', 'de-DE');
    expect(invoices[0]).toBe('c-invoice-de');
    expect(invoices).toContain('t-invoice-de');
  });

  it('offers the customer the tutorial for a clear paraphrase', async () => {
    expect(await customerSuggestions(t, seeded, 'I want to reset the password of my account')).toContain('t-password-en');
    expect((await customerSuggestions(t, seeded, 'Abo beenden'))[0]).toBe('t-subscription-de');
  });
});

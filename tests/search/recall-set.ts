/**
 * The labelled set of `tests/fixtures/knowledge-recall.json` (solved cases,
 * published tutorials, customer questions with the ids they should bring
 * up): reading it, seeding it through the real API of a test server, and
 * measuring recall@3 of the advisor's suggestions (`GET
 * /api/cases/:id/suggestions`, each question asked as a new case) and of the
 * customer's (`GET /ingest/v1/suggestions?q=`). Used by
 * `tests/search/recall-set.test.ts` and `bench/recall.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CUSTOMER_SUGGESTIONS_PATH, type CaseSuggestions, type CustomerSuggestions } from '../../protocol/search-constants.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import type { Tutorial } from '../../protocol/tutorials.ts';
import { json, postCase } from '../cases/case-helpers.ts';
import { TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { recordedVisit } from '../tutorials/tutorial-helpers.ts';

const language = z.enum(['en-GB', 'de-DE']);
const fixtureId = z.string().regex(/^[ct]-[a-z0-9-]+$/);

export const recallSetSchema = z
  .object({
    about: z.string(),
    cases: z.array(z.object({ id: fixtureId.startsWith('c-'), language, question: z.string().min(5), answer: z.string().min(5) })).min(10),
    tutorials: z
      .array(z.object({ id: fixtureId.startsWith('t-'), title: z.string().min(3), steps: z.array(z.string().min(3)).min(1) }))
      .min(5),
    questions: z.array(z.object({ language, text: z.string().min(3), expect: z.array(fixtureId).min(1) })).min(30),
  })
  .strict();
export type RecallSet = z.output<typeof recallSetSchema>;

export function loadRecallSet(): RecallSet {
  const file = join(import.meta.dirname, '..', 'fixtures', 'knowledge-recall.json');
  return recallSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Fixture ids → the ids the server gave (and each tutorial's public URL). */
export interface Seeded {
  caseIds: Map<string, string>;
  tutorialIds: Map<string, string>;
  tutorialUrls: Map<string, string>;
}

const post = (t: TestServer, path: string, body: unknown) => t.api(path, { method: 'POST', body: JSON.stringify(body) });

/** Asks a question as a customer would (a recording, then the case); answers the case id. */
export async function askCase(t: TestServer, question: string, lang: string): Promise<string> {
  const sessionId = await t.startSession({ language: lang });
  return (await json<{ caseId: string }>(postCase(t, { sessionId, question, language: lang }), 201)).caseId;
}

/**
 * Seeds the set through the API: each case asked through ingest and
 * answered (and resolved) by the admin; each tutorial made from a recorded
 * visit, its proposed steps given the fixture's texts (extra steps deleted,
 * extra texts in the last step's body), published publicly. Waits for the
 * search index.
 */
export async function seedRecallSet(t: TestServer, set: RecallSet): Promise<Seeded> {
  const seeded: Seeded = { caseIds: new Map(), tutorialIds: new Map(), tutorialUrls: new Map() };
  for (const c of set.cases) {
    const id = await askCase(t, c.question, c.language);
    await json(post(t, `/api/cases/${id}/messages`, { kind: 'text', body: c.answer, status: 'resolved' }), 201);
    seeded.caseIds.set(c.id, id);
  }
  for (const tutorial of set.tutorials) {
    const { sessionId } = await recordedVisit(t);
    const made = await json<Tutorial>(post(t, '/api/tutorials', { sessionId, title: tutorial.title }), 201);
    const steps = made.steps;
    if (!steps.length) throw new Error(`tutorial ${tutorial.id}: the recording proposed no step`);
    for (const [i, step] of steps.entries()) {
      if (i >= tutorial.steps.length) {
        await json(t.api(`/api/tutorials/${made.id}/steps/${step.id}`, { method: 'DELETE' }));
        continue;
      }
      const last = i === steps.length - 1;
      const body = last ? tutorial.steps.slice(i + 1).join('\n') : '';
      await json(
        t.api(`/api/tutorials/${made.id}/steps/${step.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ title: tutorial.steps[i], body }),
        }),
      );
    }
    const published = await json<Tutorial>(post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'public' }));
    seeded.tutorialIds.set(tutorial.id, made.id);
    seeded.tutorialUrls.set(tutorial.id, published.url ?? '');
  }
  await t.server.jobs.idle();
  return seeded;
}

export interface Recall {
  /** Expected ids found among the first three of their kind. */
  found: number;
  expected: number;
  /** `found / expected`. */
  recall: number;
  /** The questions with an expected id missing, and what came instead. */
  misses: { question: string; missing: string[]; got: string[] }[];
}

const recallOf = (rows: { question: string; expected: string[]; got: string[] }[]): Recall => {
  let found = 0;
  let expected = 0;
  const misses: Recall['misses'] = [];
  for (const r of rows) {
    const missing = r.expected.filter((id) => !r.got.includes(id));
    found += r.expected.length - missing.length;
    expected += r.expected.length;
    if (missing.length) misses.push({ question: r.question, missing, got: r.got });
  }
  return { found, expected, recall: expected ? found / expected : 0, misses };
};

/** What `GET /api/cases/:id/suggestions` brings up for a question asked as a new case: the first three cases and tutorials, as fixture ids. */
export async function advisorSuggestions(t: TestServer, seeded: Seeded, text: string, lang: string): Promise<string[]> {
  const caseId = await askCase(t, text, lang);
  await t.server.jobs.idle();
  const s = await json<CaseSuggestions>(t.api(`/api/cases/${caseId}/suggestions`));
  const back = (ids: Map<string, string>) => new Map([...ids].map(([fixture, real]) => [real, fixture]));
  const cases = back(seeded.caseIds);
  const tutorials = back(seeded.tutorialIds);
  return [
    ...s.cases.slice(0, 3).map((c) => cases.get(c.id) ?? `other case ${c.id}`),
    ...s.tutorials.slice(0, 3).map((x) => tutorials.get(x.id) ?? `other tutorial ${x.id}`),
  ];
}

/** What the customer's form is offered for a question (up to three tutorials), as fixture ids. */
export async function customerSuggestions(t: TestServer, seeded: Seeded, text: string): Promise<string[]> {
  const res = await fetch(`${t.url}${INGEST_BASE}${CUSTOMER_SUGGESTIONS_PATH}?q=${encodeURIComponent(text)}`, {
    headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey },
  });
  const s = await json<CustomerSuggestions>(res);
  const byUrl = new Map([...seeded.tutorialUrls].map(([fixture, url]) => [url, fixture]));
  return s.tutorials.map((x) => byUrl.get(x.url) ?? `other tutorial ${x.url}`);
}

/** Recall@3 of both suggestion endpoints over every question of the set. */
export async function measureRecall(t: TestServer, set: RecallSet, seeded: Seeded): Promise<{ advisor: Recall; customer: Recall }> {
  const advisor: { question: string; expected: string[]; got: string[] }[] = [];
  const customer: typeof advisor = [];
  for (const q of set.questions) {
    advisor.push({ question: q.text, expected: q.expect, got: await advisorSuggestions(t, seeded, q.text, q.language) });
    const tutorials = q.expect.filter((id) => id.startsWith('t-'));
    if (tutorials.length) customer.push({ question: q.text, expected: tutorials, got: await customerSuggestions(t, seeded, q.text) });
  }
  return { advisor: recallOf(advisor), customer: recallOf(customer) };
}

/**
 * "Use this answer" in Chromium against a real server, on both databases: a
 * case's similar solved case offers its answer; one click puts it into this
 * case's composer as a draft below what the advisor had typed — nothing is
 * sent until the advisor edits it and presses Send. A `content` member (who
 * does not answer cases) is not offered the button.
 *
 * Needs the built app (dist/client). Screenshot in tests/.artifacts/search/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import type { CaseDetail } from '../../protocol/cases.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { json, postCase } from '../cases/case-helpers.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'search');
const ANSWER = 'Open Account → Invoices and press Download invoice next to the order.';

describe.each(testDrivers)('reusing a similar case’s answer on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let openCase: string;

  const signIn = async (email: string, password: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    return page;
  };
  const thread = async () => (await json<CaseDetail>(t.api(`/api/cases/${openCase}`))).thread.filter((m) => m.from === 'advisor');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startTestServer({ database, searchIndexDelayMs: 0 });
    const ask = async (question: string) =>
      (await json<{ caseId: string }>(postCase(t, { sessionId: await t.startSession(), question }), 201)).caseId;
    const solved = await ask('How do I download my invoice?');
    await json(
      t.api(`/api/cases/${solved}/messages`, { method: 'POST', body: JSON.stringify({ kind: 'text', body: ANSWER, status: 'resolved' }) }),
      201,
    );
    openCase = await ask('Where can I download the invoice for my last order?');
    const [content] = await database.db
      .insert(advisors)
      .values({ email: 'content@draft.test', name: 'Content', passwordHash: await hashPassword('content-password') })
      .returning();
    await upsertMembership(database.db, { orgId: await defaultOrgId(database.db), advisorId: content!.id, role: 'content' });
    await t.server.jobs.idle();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('puts the answer into the composer as a draft, sent only when the advisor sends it', async () => {
    const page = await signIn(t.admin.email, t.admin.password);
    await page.goto(`${t.url}/app/cases/${openCase}`);
    const card = page.getByRole('region', { name: 'Similar solved cases' });
    await card.getByText(ANSWER).waitFor({ timeout: 15_000 });
    const answer = page.getByRole('textbox', { name: 'Answer' });
    await answer.fill('Hello,');
    await page.getByRole('tab', { name: 'Internal note' }).click();

    await card.getByRole('button', { name: 'Use this answer' }).click();
    // Back on the Answer tab, below what was typed, focused to edit.
    await expect.poll(() => answer.inputValue()).toBe(`Hello,\n\n${ANSWER}`);
    expect(await page.getByRole('tab', { name: 'Answer' }).getAttribute('aria-selected')).toBe('true');
    expect(await answer.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, `answer-draft-${driver.name}.png`) });
    // A draft: nothing reached the customer.
    expect(await thread()).toEqual([]);

    await answer.fill(`Hello,\n\n${ANSWER.replace('the order', 'your last order')}`);
    await page.getByRole('button', { name: 'Send answer' }).click();
    await expect
      .poll(async () => (await thread()).map((m) => m.body), { timeout: 15_000 })
      .toEqual([`Hello,\n\n${ANSWER.replace('the order', 'your last order')}`]);
    await page.context().close();
  });

  it('offers no draft to a member who does not answer cases', async () => {
    // The content role reads resolved cases only: it sees the solved case, whose own suggestions hold the open one (not resolved: none).
    await json(t.api(`/api/cases/${openCase}/status`, { method: 'POST', body: JSON.stringify({ status: 'resolved' }) }));
    await t.server.jobs.idle();
    const page = await signIn('content@draft.test', 'content-password');
    const solvedId = (await json<{ cases: { id: string }[] }>(t.api(`/api/cases/${openCase}/suggestions`))).cases[0]!.id;
    await page.goto(`${t.url}/app/cases/${solvedId}`);
    const card = page.getByRole('region', { name: 'Similar solved cases' });
    await card.getByRole('link').first().waitFor({ timeout: 15_000 });
    expect(await card.getByRole('button', { name: 'Use this answer' }).count()).toBe(0);
    await page.context().close();
  });
});

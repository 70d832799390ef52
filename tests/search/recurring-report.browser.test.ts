/**
 * The advisor app's Recurring report in Chromium against a real server, on
 * both databases: cases asked through ingest (two questions asked several
 * ways, one covered by a published tutorial), the report reached from the
 * app bar shows each group with its bars per week, median time and tutorial
 * badge; "Make a tutorial from the best-solved case" opens that case's
 * recording with the tutorial maker open. Screenshots at desktop width and
 * 390 px in tests/.artifacts/search/.
 *
 * Needs the built app (dist/client).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { CaseDetail } from '../../protocol/cases.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { NO_GUIDE_PICTURES, startTestServer, type TestServer } from '../helpers/server.ts';
import { json, loopbackCustomerLimits, postCase } from '../cases/case-helpers.ts';
import { createTutorial, recordedVisit } from '../tutorials/tutorial-helpers.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'search');

describe.each(testDrivers)('the recurring report on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let passwordBest: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startTestServer({ ...NO_GUIDE_PICTURES, database, searchIndexDelayMs: 0, rateLimits: loopbackCustomerLimits() });
    const ask = async (question: string, language: string) =>
      (await json<{ caseId: string }>(postCase(t, { sessionId: (await recordedVisit(t)).sessionId, question, language }), 201)).caseId;
    const answer = (caseId: string, body: string) =>
      json(
        t.api(`/api/cases/${caseId}/messages`, { method: 'POST', body: JSON.stringify({ kind: 'text', body, status: 'resolved' }) }),
        201,
      );

    const invoice = [];
    for (const q of [
      'How do I download my invoice?',
      'Where can I download the invoices for my orders?',
      'Invoice download is not working',
    ])
      invoice.push(await ask(q, 'en-GB'));
    await answer(invoice[0]!, 'Open Account → Invoices and press Download invoice.');
    const password = [];
    for (const q of [
      'Wie kann ich mein Passwort zurücksetzen?',
      'Passwort vergessen, wie kann ich es zurücksetzen?',
      'Ich möchte mein Passwort zurücksetzen',
    ])
      password.push(await ask(q, 'de-DE'));
    await answer(password[1]!, 'Klicken Sie auf der Anmeldeseite auf „Passwort vergessen“.');
    passwordBest = password[1]!;
    await ask('Do you ship to Norway?', 'en-GB');
    const tutorial = await createTutorial(t, { sessionId: (await recordedVisit(t)).sessionId, title: 'Download your invoice' });
    await json(t.api(`/api/tutorials/${tutorial.id}/publish`, { method: 'POST', body: JSON.stringify({ visibility: 'public' }) }));
    await t.server.jobs.idle();

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Recurring' }).waitFor({ timeout: 15_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('shows the recurring questions with bars, median time and tutorial coverage', async () => {
    await page.getByRole('link', { name: 'Recurring' }).click();
    await page.waitForURL('**/app/recurring');
    const groups = page.locator('.recurring__group');
    await expect.poll(() => groups.count(), { timeout: 15_000 }).toBe(2);
    const invoices = groups.filter({ hasText: 'invoice' });
    expect(await invoices.getByRole('heading').textContent()).toMatch(/invoice/i);
    expect(await invoices.locator('.recurring__count').textContent()).toBe('3 cases');
    expect(await invoices.getByRole('link', { name: 'Covered by tutorial: Download your invoice' }).count()).toBe(1);
    expect(await invoices.locator('.bars__week').count()).toBe(8);
    expect(await invoices.getByRole('img', { name: /Cases per week/ }).getAttribute('aria-label')).toMatch(/: 3$/);
    expect(await invoices.locator('[data-median]').textContent()).toMatch(/min|h/);
    const passwords = groups.filter({ hasText: 'Passwort' });
    expect(await passwords.getByText('No tutorial covers it').count()).toBe(1);
    expect(await page.getByText('Norway').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, `recurring-desktop-${driver.name}.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, `recurring-phone-${driver.name}.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("opens the best-solved case's recording with the tutorial maker", async () => {
    const passwords = page.locator('.recurring__group').filter({ hasText: 'Passwort' });
    await passwords.getByRole('button', { name: 'Make a tutorial from the best-solved case' }).click();
    const detail = await json<CaseDetail>(t.api(`/api/cases/${passwordBest}`));
    await page.waitForURL(`**/app/sessions/${detail.sessionId}?make=1`, { timeout: 15_000 });
    await page.getByRole('form', { name: 'Make a tutorial' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, `recurring-make-tutorial-${driver.name}.png`) });
  });
});

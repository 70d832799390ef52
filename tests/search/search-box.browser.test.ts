/**
 * The app bar's search box in Chromium against a real server, on both
 * databases: typing finds a recorded session by an error it showed for three
 * seconds, the matched word marked; recorded markup in a snippet stays text
 * (never an element); picking the result opens the player at the moment the
 * error was on screen (`?t=`). A case's page shows the similar solved case
 * with its answer and the shared words marked.
 *
 * Needs the built app (dist/client). Screenshots in tests/.artifacts/search/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { json, postCase } from '../cases/case-helpers.ts';
import { added, page as recordedPage, removed } from './search-fixtures.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'search');

describe.each(testDrivers)('the search box on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let sessionId: string;
  let resolvedCase: string;
  let openCase: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startTestServer({ database, searchIndexDelayMs: 0 });
    const base = Date.now() - 60_000;
    const shop = recordedPage(base, 'Checkout', [
      { tag: 'h1', text: 'Your basket' },
      { tag: 'p', text: 'Coupon <img src=x onerror="window.injected=1"> applied' },
    ]);
    const error = added(base + 3_000, shop.bodyId, { tag: 'p', text: 'Payment declined: error code E4711, card limit reached' });
    sessionId = await t.startSession();
    expect((await t.putChunk(sessionId, 0, [...shop.events, error.event, removed(base + 6_000, shop.bodyId, error.id)])).status).toBe(201);
    const ask = async (question: string) =>
      (await json<{ caseId: string }>(postCase(t, { sessionId: await t.startSession(), question }), 201)).caseId;
    resolvedCase = await ask('How do I get a refund for a damaged parcel?');
    await json(
      t.api(`/api/cases/${resolvedCase}/messages`, {
        method: 'POST',
        body: JSON.stringify({ kind: 'text', body: 'We refund damaged parcels within 5 days: send us a photo.', status: 'resolved' }),
      }),
      201,
    );
    openCase = await ask('My parcel arrived damaged, can I have a refund?');
    await t.server.jobs.idle();

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Search sessions and cases').waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('shows recorded markup in a snippet as text', async () => {
    await page.getByLabel('Search sessions and cases').fill('onerror');
    const result = page.getByRole('link', { name: /Checkout/ });
    await result.waitFor({ timeout: 15_000 });
    await expect.poll(() => result.locator('mark').allTextContents()).toEqual(['onerror']);
    expect(await result.textContent()).toContain('< img src=x onerror=');
    expect(await result.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { injected?: number }).injected)).toBeUndefined();
  });

  it('finds a session by a text it showed for seconds and opens the player at that moment', async () => {
    const box = page.getByLabel('Search sessions and cases');
    await box.fill('');
    await box.fill('E4711');
    const result = page.getByRole('link', { name: /Checkout/ });
    await expect.poll(() => result.locator('mark').allTextContents(), { timeout: 15_000 }).toEqual(['E4711']);
    expect(await result.textContent()).toContain('at 0:03');
    await page.screenshot({ path: join(ARTIFACTS, `search-results-${driver.name}.png`) });

    await result.click();
    await page.waitForURL(/\/app\/sessions\/[0-9a-f-]+\?t=\d+/, { timeout: 15_000 });
    const url = new URL(page.url());
    expect(url.pathname).toBe(`/app/sessions/${sessionId}`);
    const t = Number(url.searchParams.get('t'));
    expect(t).toBeGreaterThanOrEqual(3_000);
    expect(t).toBeLessThanOrEqual(6_000);
  });

  it("shows a case's similar solved case with its answer", async () => {
    await page.goto(`${t.url}/app/cases/${openCase}`);
    const card = page.getByRole('region', { name: 'Similar solved cases' });
    await card.waitFor({ timeout: 15_000 });
    const question = card.getByRole('link', { name: 'How do I get a refund for a damaged parcel?' });
    await question.waitFor();
    expect(await card.textContent()).toContain('We refund damaged parcels within 5 days');
    expect((await card.locator('mark').allTextContents()).length).toBeGreaterThan(0);
    await card.screenshot({ path: join(ARTIFACTS, `case-suggestions-${driver.name}.png`) });
    await question.click();
    await page.waitForURL(`**/app/cases/${resolvedCase}`);
  });
});

/**
 * "Ask for help" when the server says 429 (too many new cases from this
 * address): the form says when to try again instead of a generic error,
 * keeps the question, and does not hammer the server with retries.
 */
import { count, like } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { cases, rateLimits } from '../../db/schema.ts';
import { loadConfig } from '../../server/config.ts';
import type { Site } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { askPage } from './ask-pages.ts';

describe('Ask for help over the rate limit', () => {
  let database: Database;
  let t: TestServer;
  let site: Site;
  let pages: PageServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({
      database,
      rateLimits: { ...loadConfig({}).rateLimits, casesPerAddress: { points: 1, durationMs: 45 * 60_000 } },
    });
    pages = await startPageServer();
    site = await t.createSite({ name: 'Garden shop', allowedOrigins: [pages.url] });
    pages.set('/shop.html', askPage(t.url, site.siteKey));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  const ask = async (question: string) => {
    await page.getByRole('button', { name: 'Ask for help' }).click();
    const form = page.getByRole('dialog', { name: 'Ask for help' });
    await form.getByLabel('Your question').fill(question);
    await form.getByRole('button', { name: 'Send question' }).click();
    return form;
  };

  it('the second question within the limit window says "too many requests" and when to try again', async () => {
    await page.goto(`${pages.url}/shop.html`);
    await expect
      .poll(() => page.locator('cobrowse-recorder').evaluate((el: any) => el.sessionId ?? null), { timeout: 20_000 })
      .toMatch(/^[0-9a-f-]{36}$/);
    await ask('My first question');
    await page.getByText('You can close this page now').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Done' }).click();

    const form = await ask('My second question');
    const alert = form.getByRole('alert');
    await expect
      .poll(() => alert.textContent().catch(() => ''), { timeout: 20_000 })
      .toMatch(/^Too many requests right now\. Try again in (44|45) minutes\.$/);
    expect(await form.getByLabel('Your question').inputValue()).toBe('My second question');
    await page.screenshot({ path: 'tests/.artifacts/recorder-ask/6-ask-rate-limited.png' }).catch(() => {});

    // One case; the refused one was asked once (no automatic retries eating the allowance).
    expect((await database.db.select({ n: count() }).from(cases))[0]!.n).toBe(1);
    const [row] = await database.db.select().from(rateLimits).where(like(rateLimits.key, '%casesPerAddress%'));
    expect(row).toMatchObject({ points: 2 });
  });
});

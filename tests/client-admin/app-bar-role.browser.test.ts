/**
 * The advisor app's bar waits for the organisations before showing a role's
 * links, in Chromium against a real server: an admin signs in (the app keeps
 * that answer, role `admin`), is made an `advisor` meanwhile, and opens the
 * app again: while `GET /api/orgs` is held back the bar shows no Admin (nor
 * any role's) link, and once the list arrives it shows the advisor's links
 * only. The Admin link never appears.
 *
 * Needs the built app (dist/client).
 */
import { eq } from 'drizzle-orm';
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors } from '../../db/schema.ts';
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const CHANGING = { email: 'changing@cobrowse.test', password: 'changing-password' };

describe.each(testDrivers)('the app bar’s role on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    database = await driver.open();
    [t, browser] = await Promise.all([startTestServer({ database }), launchChromium()]);
    await t.createAdvisor(CHANGING.email, CHANGING.password, 'admin');
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('shows no link of the role kept from sign-in while the organisations load, then the current role’s', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(CHANGING.email);
    await page.getByLabel('Password').fill(CHANGING.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Admin' }).waitFor({ timeout: 15_000 });

    // Made an advisor since: the sign-in answer the app keeps still says admin.
    const [row] = await database.db.select().from(advisors).where(eq(advisors.email, CHANGING.email));
    await upsertMembership(database.db, { orgId: await defaultOrgId(database.db), advisorId: row!.id, role: 'advisor', siteIds: null });

    // Every Admin link the bar ever shows, from the first render on.
    await page.addInitScript(() => {
      const w = window as unknown as { adminLinkSeen: boolean };
      w.adminLinkSeen = false;
      const look = () => {
        const app = document.querySelector('cobrowse-advisor-app');
        const links = app?.shadowRoot?.querySelectorAll('nav a') ?? [];
        if ([...links].some((a) => a.textContent?.trim() === 'Admin')) w.adminLinkSeen = true;
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/orgs', async (route: Route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await nav.getByRole('link', { name: 'Recordings' }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    // The organisations are not there yet: no role's links.
    for (const name of ['Admin', 'Join live', 'Tutorials', 'Recurring'])
      expect(await nav.getByRole('link', { name }).count(), name).toBe(0);

    release();
    await nav.getByRole('link', { name: 'Join live' }).waitFor({ timeout: 15_000 });
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { adminLinkSeen: boolean }).adminLinkSeen)).toBe(false);
    await context.close();
  });
});

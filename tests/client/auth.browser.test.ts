/**
 * The advisor app's account flows in Chromium against the real server: Sign
 * out revokes the token on the server (and still forgets it when the server
 * cannot be reached), Change password from the header's Account page, and
 * Forgot password → the emailed link (read from the email_outbox table) →
 * new password → signed in; the link works once; and the sign-in form says
 * how long to wait once the account is rate limited.
 *
 * Needs the built app (dist/client): the suite's global setup builds it.
 */
import { desc, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { emailOutbox } from '../../db/schema.ts';
import { loadConfig } from '../../server/config.ts';
import type { StoredAuth } from '../../client/api/token-store.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const AUTH_KEY = 'cobrowse.advisor.auth';

describe('advisor account flows in Chromium', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    database = await openDatabase({});
    // A low per-account limit, so the 429 message is quick to reach.
    const rateLimits = { ...loadConfig({}).rateLimits, signInPerAccount: { points: 3, durationMs: 15 * 60_000 } };
    t = await startTestServer({ database, rateLimits });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    return page;
  }

  async function signIn(page: Page, email: string, password: string): Promise<string> {
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return storedToken(page);
  }

  const storedToken = async (page: Page) => {
    const raw = await page.evaluate((key) => localStorage.getItem(key), AUTH_KEY);
    return raw ? (JSON.parse(raw) as StoredAuth).token : '';
  };
  const meStatus = async (token: string) => (await t.api('/api/me', { token })).status;

  it('signs out: the server refuses the token afterwards', async () => {
    await t.createAdvisor('leaver@cobrowse.test', 'leaver-password');
    const page = await newPage();
    const token = await signIn(page, 'leaver@cobrowse.test', 'leaver-password');
    expect(await meStatus(token)).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await storedToken(page)).toBe('');
    expect(await meStatus(token)).toBe(401);
    await page.context().close();
  });

  it('still forgets the token when the sign-out call fails', async () => {
    await t.createAdvisor('offline@cobrowse.test', 'offline-password');
    const page = await newPage();
    const token = await signIn(page, 'offline@cobrowse.test', 'offline-password');
    await page.route('**/api/auth/sign-out', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await storedToken(page)).toBe('');
    expect(await meStatus(token)).toBe(200); // the server never heard of it: it idles out (tokenIdleMs)
    await page.context().close();
  });

  it('changes the password from the Account page: this sign-in stays, the others go', async () => {
    await t.createAdvisor('changer@cobrowse.test', 'first-password');
    const elsewhere = await t.tokenFor('changer@cobrowse.test', 'first-password');
    const page = await newPage();
    const token = await signIn(page, 'changer@cobrowse.test', 'first-password');
    await page.getByRole('link', { name: 'Account' }).click();
    expect(new URL(page.url()).pathname).toBe('/app/account');

    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill('second-password');
    await page.getByLabel('Repeat new password').fill('second-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor();

    await page.getByLabel('Repeat new password').fill('second-passw0rd');
    await page.getByLabel('Current password').fill('first-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The two new passwords differ.' }).waitFor();

    await page.getByLabel('Repeat new password').fill('second-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    expect(await meStatus(token)).toBe(200);
    expect(await meStatus(elsewhere)).toBe(401);
    await t.tokenFor('changer@cobrowse.test', 'second-password');
    // Still signed in here.
    await page.getByRole('link', { name: 'Recordings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.context().close();
  });

  it('sets the display name from the Account page; the app and the server use it at once', async () => {
    await t.createAdvisor('named@cobrowse.test', 'named-password');
    const page = await newPage();
    const token = await signIn(page, 'named@cobrowse.test', 'named-password');
    await page.getByRole('link', { name: 'Account' }).click();
    const name = page.getByLabel('The name customers see in live help, calls and replies');
    await name.fill('   ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter the name customers should see.' }).waitFor();
    await name.fill('Robin at Bean & Brew');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(((await (await t.api('/api/me', { token })).json()) as { name: string }).name).toBe('Robin at Bean & Brew');
    await page.getByText('Robin at Bean & Brew · named@cobrowse.test').waitFor();
    await page.screenshot({ path: 'tests/.artifacts/account-page.png' });
    // Kept across a reload (the stored sign-in was updated too).
    await page.reload();
    await page.getByText('Robin at Bean & Brew · named@cobrowse.test').waitFor();
    await page.context().close();
  });

  it('resets a forgotten password through the emailed link, once', async () => {
    await t.createAdvisor('forgetful@cobrowse.test', 'forgotten-password');
    const before = await t.tokenFor('forgetful@cobrowse.test', 'forgotten-password');
    const page = await newPage();
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill('forgetful@cobrowse.test');
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('forgetful@cobrowse.test');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').filter({ hasText: 'If an account exists for forgetful@cobrowse.test' }).waitFor();

    let link = '';
    await expect
      .poll(async () => {
        const [mail] = await database.db
          .select()
          .from(emailOutbox)
          .where(eq(emailOutbox.to, 'forgetful@cobrowse.test'))
          .orderBy(desc(emailOutbox.createdAt));
        link = /https?:\/\/\S+\/app\/reset-password#token=\S+/.exec(mail?.body ?? '')?.[0] ?? '';
        return link;
      })
      .not.toBe('');
    expect(link.startsWith(`${t.url}/app/reset-password#token=`)).toBe(true);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(new URL(page.url()).hash).toBe(''); // the token left the address bar
    await page.getByLabel('New password', { exact: true }).fill('remembered-password');
    await page.getByLabel('Repeat new password').fill('remembered-password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/');
    expect(await meStatus(await storedToken(page))).toBe(200);
    expect(await meStatus(before)).toBe(401);
    await t.tokenFor('forgetful@cobrowse.test', 'remembered-password');

    // The link is spent.
    const again = await newPage();
    await again.goto(link);
    await again.getByLabel('New password', { exact: true }).fill('third-password');
    await again.getByLabel('Repeat new password').fill('third-password');
    await again.getByRole('button', { name: 'Set password and sign in' }).click();
    await again.getByRole('alert').filter({ hasText: 'This link was already used' }).waitFor();
    await again.getByRole('button', { name: 'Go to sign in' }).click();
    await again.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.context().close();
    await again.context().close();
  });

  it('says how long to wait once an account is rate limited', async () => {
    await t.createAdvisor('locked@cobrowse.test', 'locked-password');
    const page = await newPage();
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill('locked@cobrowse.test');
    for (let i = 0; i < 3; i++) {
      await page.getByLabel('Password').fill(`wrong-${i}`);
      const answered = page.waitForResponse('**/api/auth/token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect((await answered).status()).toBe(401);
      await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    }
    await page.getByLabel('Password').fill('locked-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Too many attempts\. Try again in 15 minutes\./ })
      .waitFor();
    await page.context().close();
  });
});

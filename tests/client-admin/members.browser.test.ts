/**
 * Members, invitations and the organisation switcher in Chromium against a
 * real server (issue 11): the admin switches organisations (the choice is
 * remembered and sent with every call), invites someone with access to one
 * site and copies the link; the invitee opens it in another browser (a
 * phone-sized context), sets a name and password and lands in the app; the
 * admin makes them `content` (their Join live disappears) and deactivates
 * them after a confirmation (their next call signs them out).
 *
 * Needs the built app (dist/client). Screenshots (1280×800 and 390×844) land
 * in tests/.artifacts/client-admin/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import type { Organisation } from '../../protocol/audit.ts';
import type { MemberList } from '../../protocol/orgs.ts';
import { ORG_HEADER } from '../../protocol/permissions.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client-admin');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const INVITEE = { email: 'invitee@cobrowse.test', name: 'Ines Invitee', password: 'invitee-password' };

describe.each(testDrivers)('members and invitations in the advisor app on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let adminContext: BrowserContext;
  let admin: Page;
  let inviteeContext: BrowserContext;
  let invitee: Page;
  let defaultOrg: Organisation;
  let brandTwo: Organisation;
  let outlet: Site;
  let inviteUrl = '';
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}-${driver.name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startTestServer({ database });
    defaultOrg = ((await (await t.api('/api/orgs')).json()) as { orgs: Organisation[] }).orgs[0]!;
    brandTwo = (await (await t.api('/api/orgs', { method: 'POST', body: JSON.stringify({ name: 'Brand Two' }) })).json()) as Organisation;
    outlet = await t.createSite({ name: 'Outlet', allowedOrigins: [TEST_ORIGIN] });
    await t.startSession();

    browser = await launchChromium();
    adminContext = await browser.newContext({ viewport: DESKTOP });
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    admin = await adminContext.newPage();
    admin.on('pageerror', (err) => console.error('admin pageerror:', err));
    await admin.goto(`${t.url}/app/`);
    await admin.getByLabel('Email').fill(t.admin.email);
    await admin.getByLabel('Password').fill(t.admin.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByLabel('Organisation').waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('switches organisations: remembered, sent with every call, the view reloaded', async () => {
    await shot(admin, 'switcher-desktop');
    const sent: (string | undefined)[] = [];
    admin.on('request', (r) => {
      if (r.url().includes('/api/sessions')) sent.push(r.headers()[ORG_HEADER]);
    });
    await admin.getByLabel('Organisation').selectOption({ label: 'Brand Two · owner' });
    await expect.poll(() => sent.includes(brandTwo.id), { timeout: 15_000 }).toBe(true);
    expect(await admin.evaluate(() => localStorage.getItem('cobrowse.advisor.org'))).toBe(brandTwo.id);
    await admin.reload();
    await expect.poll(() => admin.getByLabel('Organisation').inputValue(), { timeout: 15_000 }).toBe(brandTwo.id);
    await admin.setViewportSize(PHONE);
    await shot(admin, 'switcher-phone');
    await admin.setViewportSize(DESKTOP);
    await admin.getByLabel('Organisation').selectOption({ label: `${defaultOrg.name} · owner` });
    await expect.poll(() => sent.at(-1), { timeout: 15_000 }).toBe(defaultOrg.id);
  });

  it('invites someone to one site and shows the link once, with a copy button', async () => {
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('tab', { name: 'Members' }).click();
    const form = admin.getByRole('form', { name: 'Invite someone' });
    await form.getByLabel('Email').fill(INVITEE.email);
    await form.getByLabel('Role').selectOption({ label: 'Advisor' });
    await form.getByLabel('Chosen sites').check();
    await form.getByLabel('Test shop').check();
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    const link = admin.getByLabel('Invitation link');
    await link.waitFor({ timeout: 15_000 });
    inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${t.url}/app/invite/[A-Za-z0-9_-]{43}$`));
    await admin.getByRole('button', { name: 'Copy link' }).click();
    await admin.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    const pending = admin.getByRole('table', { name: 'Pending invitations' });
    await pending.getByRole('row').filter({ hasText: INVITEE.email }).filter({ hasText: 'Test shop' }).waitFor();
    await shot(admin, 'members-invited-desktop');
  });

  it('the invitee opens the link in another browser, sets a name and password, and lands in the app', async () => {
    inviteeContext = await browser.newContext({ viewport: PHONE });
    invitee = await inviteeContext.newPage();
    invitee.on('pageerror', (err) => console.error('invitee pageerror:', err));
    await invitee.goto(inviteUrl);
    await invitee.getByText(defaultOrg.name).first().waitFor({ timeout: 15_000 });
    await invitee.getByText(INVITEE.email).waitFor();
    await invitee.getByText('an advisor', { exact: false }).waitFor();
    await shot(invitee, 'invitation-phone');
    await invitee.setViewportSize(DESKTOP);
    await shot(invitee, 'invitation-desktop');
    await invitee.setViewportSize(PHONE);

    await invitee.getByLabel('Your name').fill(INVITEE.name);
    await invitee.getByLabel('Password', { exact: true }).fill(INVITEE.password);
    await invitee.getByLabel('Repeat password').fill('something else');
    await invitee.getByRole('button', { name: `Join ${defaultOrg.name}` }).click();
    await invitee.getByRole('alert').filter({ hasText: 'differ' }).waitFor();
    await invitee.getByLabel('Repeat password').fill(INVITEE.password);
    await invitee.getByRole('button', { name: `Join ${defaultOrg.name}` }).click();
    await invitee.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    await invitee.waitForURL(`${t.url}/app/`);
    // NOTE: attached, not visible: the name is hidden in the phone-sized bar.
    await invitee.getByText(INVITEE.name).waitFor({ state: 'attached' });
    await invitee.getByRole('link', { name: 'Join live' }).waitFor();
    // Only the site they were given.
    const token = await invitee.evaluate(() => JSON.parse(localStorage.getItem('cobrowse.advisor.auth')!).token as string);
    const { sites } = (await (await t.api('/api/sites', { token })).json()) as { sites: Site[] };
    expect(sites.map((s) => s.name)).toEqual(['Test shop']);
    await shot(invitee, 'invitee-app-phone');
  });

  it('the admin changes the invitee’s role (Join live disappears for them) and deactivates them after confirming', async () => {
    await admin.getByRole('tab', { name: 'Audit log' }).click();
    await admin.getByRole('tab', { name: 'Members' }).click();
    const members = admin.getByRole('table', { name: 'Members' });
    const row = members.getByRole('row').filter({ hasText: INVITEE.email });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Test shop');
    await row.getByLabel(`Role of ${INVITEE.name}`).selectOption({ label: 'Content' });
    await admin
      .getByRole('status')
      .filter({ hasText: `${INVITEE.name} is now content` })
      .waitFor({ timeout: 15_000 });

    await row.getByRole('button', { name: `Change the sites of ${INVITEE.name}` }).click();
    await row.getByLabel('Outlet').check();
    await row.getByRole('button', { name: 'Save' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Site access of ${INVITEE.name}: Test shop, Outlet` })
      .waitFor({ timeout: 15_000 });
    const list = async () => ((await (await t.api(`/api/orgs/${defaultOrg.id}/members`)).json()) as MemberList).members;
    expect((await list()).find((m) => m.email === INVITEE.email)).toMatchObject({
      role: 'content',
      siteIds: expect.arrayContaining([outlet.id]),
    });

    await invitee.reload();
    await invitee.getByRole('link', { name: 'Recordings' }).waitFor({ timeout: 15_000 });
    // The bar first shows the role kept from sign-in, then the organisation's current one once it is fetched.
    await invitee.getByRole('link', { name: 'Join live' }).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await invitee.getByRole('link', { name: 'Join live' }).count()).toBe(0);

    await shot(admin, 'members-desktop');
    await admin.setViewportSize(PHONE);
    await shot(admin, 'members-phone');
    await admin.setViewportSize(DESKTOP);

    await row.getByRole('button', { name: `Deactivate ${INVITEE.name}` }).click();
    const confirm = row.getByRole('group', { name: `Confirm: deactivate ${INVITEE.name}` });
    await confirm.waitFor();
    await shot(admin, 'members-confirm-desktop');
    await confirm.getByRole('button', { name: 'Yes, deactivate' }).click();
    await row.getByText('Deactivated').waitFor({ timeout: 15_000 });
    expect((await list()).find((m) => m.email === INVITEE.email)!.deactivatedAt).not.toBeNull();

    // The invitee's next call answers 401: back to sign-in.
    await invitee.getByRole('link', { name: 'Inbox' }).click();
    await invitee.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });

    await row.getByRole('button', { name: `Reactivate ${INVITEE.name}` }).click();
    await row.getByRole('button', { name: 'Yes, reactivate' }).click();
    await row.getByText('Active', { exact: true }).waitFor({ timeout: 15_000 });
  });
});

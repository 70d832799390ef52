/**
 * The site setting in the advisor app: Admin → Retention has "Copy page
 * files" per site (on by default); turning it off saves `captureAssets:
 * false` (and is in the audit log by field name), on again restores it.
 * Screenshots at desktop width and on a phone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'assets');

describe('copying page files, per site, in the admin area', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  const site = async () => ((await (await t.api('/api/sites')).json()) as { sites: Site[] }).sites.find((s) => s.id === t.site.id)!;

  it.each([
    { width: 1440, height: 900, name: 'desktop' },
    { width: 390, height: 844, name: 'phone' },
  ])('turns it off and on again ($name)', async ({ width, height, name }) => {
    const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('cobrowse-session-list').waitFor();
    await page.goto(`${t.url}/app/admin`);
    await page.getByRole('tab', { name: 'Retention' }).click();
    const box = page.getByLabel('Copy the page files of Test shop');
    await expect.poll(() => box.isChecked(), { timeout: 15_000 }).toBe(true);

    await box.uncheck();
    await page.getByRole('button', { name: 'Save retention of Test shop' }).click();
    await page.getByRole('status').filter({ hasText: 'no longer copied' }).waitFor({ timeout: 15_000 });
    expect((await site()).captureAssets).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, `capture-setting-${name}.png`), fullPage: true });

    await box.check();
    await page.getByRole('button', { name: 'Save retention of Test shop' }).click();
    await page.getByRole('status').filter({ hasText: 'use the server’s copies' }).waitFor({ timeout: 15_000 });
    expect((await site()).captureAssets).toBe(true);
    await page.context().close();
  });

  it('audits the change by field name', async () => {
    const res = await t.api(`/api/orgs/${(await (await t.api('/api/orgs')).json()).orgs[0].id}/audit?action=site.updated`);
    const entries = (await res.json()) as { entries: { details: { fields?: string[] } }[] };
    expect(entries.entries.some((e) => e.details.fields?.includes('captureAssets'))).toBe(true);
  });
});

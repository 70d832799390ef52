/**
 * The Admin area's audit log, retention and erasure screens in Chromium
 * against a real server: the admin's sign-in and a recording they viewed are
 * listed, the action filter narrows the list, a site's retention is set and
 * cleared (a bad value is refused), and erasing a customer by email first
 * shows what will go, then deletes only that customer's recording (its
 * video files too) and leaves an entry without the email.
 *
 * Needs the built app (dist/client). Screenshots land in tests/.artifacts/client-admin/.
 */
import { mkdirSync } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import type { AuditPage, Organisation } from '../../protocol/audit.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import { pageChunk } from '../api/fixtures.ts';
import { json } from '../cases/case-helpers.ts';
import { launchChromium } from '../helpers/browser.ts';
import { sessionTokenOf, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client-admin');
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('audit log and erasure in the advisor app', () => {
  let database: Database;
  let t: TestServer;
  let dir: string;
  let browser: Browser;
  let page: Page;
  let ann: string;
  let bob: string;

  /** A recording with a DOM chunk and a camera chunk on disk, identified as `metadata`. */
  async function recording(metadata: Record<string, string>) {
    const id = await t.startSession({ metadata });
    expect((await t.putChunk(id, 0, pageChunk(Date.now()))).status).toBe(201);
    const headers = { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, authorization: `Bearer ${sessionTokenOf(id)}` };
    const base = `${t.url}${INGEST_BASE}/sessions/${id}/media/cam-1`;
    await fetch(base, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'camera', mimeType: 'video/webm;codecs=vp8', startedAt: Date.now() }),
    });
    const chunk = await fetch(`${base}/chunks/0?startMs=0&durationMs=1000`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'video/webm;codecs=vp8' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(chunk.status).toBe(201);
    return id;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    dir = await mkdtemp(join(tmpdir(), 'cb-admin-ui-'));
    t = await startTestServer({ database, mediaStore: 'disk', mediaDir: dir });
    ann = await recording({ customerId: 'ann-1', email: 'ann@example.com', name: 'Ann' });
    bob = await recording({ customerId: 'bob-2', email: 'bob@example.com', name: 'Bob' });
    expect((await t.api(`/api/sessions/${bob}`)).status).toBe(200);

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL('**/app/admin');
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists who did what, and filters by action', async () => {
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const log = page.getByRole('table', { name: 'Audit log' });
    await log.getByRole('row').filter({ hasText: 'Viewed a recording' }).first().waitFor({ timeout: 15_000 });
    const signIn = log.getByRole('row').filter({ hasText: 'Signed in' }).first();
    await signIn.waitFor();
    expect(await signIn.textContent()).toContain('127.0.0.1');
    await page.screenshot({ path: join(ARTIFACTS, 'audit-log.png'), fullPage: true });

    await page.getByLabel('Action').selectOption({ label: 'Viewed a recording' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => log.locator('tbody tr:not([data-action="session.viewed"])').count(), { timeout: 15_000 }).toBe(0);
    expect(await log.locator('tbody tr[data-action="session.viewed"]').count()).toBe(1);
    expect(await log.locator('tbody tr').first().textContent()).toContain(bob.slice(0, 12));
  });

  it('sets a site’s retention in days, and back to unlimited', async () => {
    await page.getByRole('tab', { name: 'Retention' }).click();
    const days = page.getByLabel('Retention of Test shop in days');
    await days.fill('30');
    await page.getByRole('button', { name: 'Save retention of Test shop' }).click();
    await page.getByRole('status').filter({ hasText: 'keeps recordings for 30 days' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'retention.png'), fullPage: true });
    const site = async () => (await json<{ sites: Site[] }>(t.api('/api/sites'))).sites.find((s) => s.id === t.site.id)!;
    expect((await site()).retentionDays).toBe(30);
    await days.fill('');
    await page.getByRole('button', { name: 'Save retention of Test shop' }).click();
    await page.getByRole('status').filter({ hasText: 'without limit' }).waitFor({ timeout: 15_000 });
    expect((await site()).retentionDays).toBeNull();
    await days.fill('0');
    await page.getByRole('button', { name: 'Save retention of Test shop' }).click();
    await page.getByRole('alert').waitFor({ timeout: 15_000 });
    expect((await site()).retentionDays).toBeNull();
  });

  it('erases one customer after showing what will be deleted', async () => {
    await page.getByRole('tab', { name: 'Erasure' }).click();
    const form = page.getByRole('form', { name: 'Customer to erase' });
    await form.getByLabel('Email').fill('ANN@example.com');
    await form.getByRole('button', { name: 'Find data' }).click();
    const preview = page.getByRole('table', { name: 'What will be deleted' });
    await preview.waitFor({ timeout: 15_000 });
    expect(await preview.locator('tr[data-table="sessions"]').textContent()).toContain('1');
    expect(await preview.locator('tr[data-table="media_files"]').textContent()).toContain('1');
    // Nothing is deleted by looking.
    expect((await t.api(`/api/sessions/${ann}`)).status).toBe(200);
    await page.screenshot({ path: join(ARTIFACTS, 'erasure-preview.png'), fullPage: true });

    await page.getByRole('button', { name: 'Erase permanently' }).click();
    await page.getByRole('status').filter({ hasText: 'Erased.' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'erasure-done.png'), fullPage: true });
    expect((await t.api(`/api/sessions/${ann}`)).status).toBe(404);
    expect(await exists(join(dir, ann))).toBe(false);
    expect((await t.api(`/api/sessions/${bob}`)).status).toBe(200);
    expect(await exists(join(dir, bob, 'cam-1', '0.webm'))).toBe(true);

    const orgId = (await json<{ orgs: Organisation[] }>(t.api('/api/orgs'))).orgs[0]!.id;
    const erasures = await json<AuditPage>(t.api(`/api/orgs/${orgId}/audit?action=erasure.performed`));
    expect(erasures.entries).toHaveLength(1);
    expect(JSON.stringify(erasures.entries)).not.toContain('ann@');
  });
});

/**
 * The editor's Written guide when the step pictures failed for good, in
 * Chromium against a real server whose own "Chromium" exits at once (as one
 * crashing on a version would): the pictures job fails its bounded attempts,
 * and downloading the guide from the editor says the pictures could not be
 * drawn (`X-Guide-Pictures: failed`), the file still coming.
 *
 * Needs the built app (dist/client).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Tutorial } from '../../protocol/tutorials.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { publishDemoTutorial } from '../tutorial-embed/embed-helpers.ts';

describe.each(testDrivers)('the written guide’s failed pictures in the editor on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let tutorial: Tutorial;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guide-crash-'));
    const crashing = join(dir, 'chromium');
    writeFileSync(crashing, '#!/bin/sh\nexit 1\n');
    chmodSync(crashing, 0o755);
    database = await driver.open();
    [t, browser] = await Promise.all([startTestServer({ database, chromiumPath: crashing, jobRetryDelaySeconds: 1 }), launchChromium()]);
    ({ tutorial } = await publishDemoTutorial(t, 'https://shop.invalid', 'Buying a kettle, no pictures'));
    await t.server.jobs.idle({ timeoutMs: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('says the pictures could not be drawn, and the guide still downloads', async () => {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/tutorials/${tutorial.id}`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const guide = page.getByRole('group', { name: 'Written guide' });
    await guide.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), guide.getByRole('button', { name: 'Markdown' }).click()]);
    expect(download.suggestedFilename()).toBe(`${tutorial.slug}-guide.md`);
    const note = guide.getByRole('status');
    await note.waitFor();
    expect(await note.getAttribute('data-pictures')).toBe('failed');
    expect(await note.textContent()).toContain('Drawing the step pictures failed');
    await page.context().close();
  });
});

/**
 * An imported recording replays in the advisor app like a recorded one: a
 * 5-minute rrweb recording from 60 days ago, imported through
 * `POST /api/sessions/import`, opened in Chromium at a late time, shows the
 * DOM of that moment, having downloaded only from the snapshot before it.
 *
 * Needs the built app (dist/client): the suite's global setup builds it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { SessionImport } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';

const MIN = 60_000;
const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client');
const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

/** Text of `#clock` and the number of `#log li` in rrweb's replay iframe. */
async function replayed(page: Page): Promise<{ clock: string | null; items: number } | null> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const found = await frame
      .evaluate(() => {
        const clock = document.querySelector('#clock');
        return clock ? { clock: clock.textContent, items: document.querySelectorAll('#log li').length } : null;
      })
      .catch(() => null);
    if (found) return found;
  }
  return null;
}

describe('an imported recording in the advisor app', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  const session = syntheticSession({
    startTs: Date.now() - 60 * 24 * 60 * MIN,
    durationMs: 5 * MIN,
    tickMs: 1000,
    checkoutMs: MIN,
    href: 'https://shop.test/imported',
  });
  let imported: SessionImport['sessions'][number];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database });
    const res = await t.api(`/api/sessions/import?siteId=${t.site.id}`, {
      method: 'POST',
      body: gzipSync(JSON.stringify(session.events)),
      headers: { 'content-type': 'application/gzip' },
    });
    if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
    imported = ((await res.json()) as SessionImport).sessions[0]!;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('is listed, and opens at a late moment with the DOM of that moment', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`tr[data-session-id="${imported.sessionId}"]`).waitFor();

    const chunkRequests: string[] = [];
    page.on('request', (req) => /\/chunk(s\/\d+|-data|-events)/.test(req.url()) && chunkRequests.push(req.url()));
    const atMs = 3 * MIN + 30_000;
    await page.goto(`${t.url}/app/sessions/${imported.sessionId}?t=${atMs}`);
    await expect.poll(() => page.evaluate(`${PLAYER}?.state`), { timeout: 15_000 }).toBe('paused');
    await expect.poll(() => replayed(page), { timeout: 15_000 }).toEqual({ clock: session.clockAt(atMs), items: Math.floor(atMs / 1000) });
    // From the snapshot at 3 minutes on: the first 18 ten-second chunks were never fetched.
    const seqs = chunkRequests.flatMap((url) => {
      const u = new URL(url);
      return u.searchParams.get('seqs')?.split(',').map(Number) ?? [Number(u.pathname.split('/').pop())];
    });
    expect(seqs.length).toBeGreaterThan(0);
    expect(Math.min(...seqs)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...seqs)).toBeLessThan(imported.chunkCount);
    await page.screenshot({ path: join(ARTIFACTS, 'imported-player.png') });
  });
});

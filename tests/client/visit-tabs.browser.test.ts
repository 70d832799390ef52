/**
 * The advisor app shows a customer's tabs together (issue 15): a session of
 * a visit with several tabs is marked "3 tabs" in the list, and the mark
 * lists just that visit; the player lists the visit's tabs (times, first
 * URL, links), says "Tab 1 of 3", and at the end of a tab offers the next
 * one, which opens and plays. Real server on both databases, Chromium;
 * screenshots in tests/.artifacts/client/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { TokenResponse } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';

const MIN = 60_000;
const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client');
const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

describe.each(testDrivers)('tabs of a visit in the advisor app on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  /** The visit's three tabs, in the order the customer opened them; and a session of another visit. */
  const tabs: string[] = [];
  let alone = '';
  let empty = '';

  const playerProp = <T>(expr: string) => page.evaluate<T>(`(() => { const p = ${PLAYER}; return ${expr}; })()`);
  const rows = () => page.locator('tr[data-session-id]');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startTestServer({ database });
    const base = Math.floor(Date.now() / 1000) * 1000 - 60 * MIN;
    const record = async (offsetMin: number, path: string, visitKey: string) => {
      const url = `https://shop.test${path}`;
      const s = syntheticSession({ startTs: base + offsetMin * MIN, durationMs: 6_000, href: url });
      const id = await t.startSession({ startedAt: s.startTs, url, visitKey });
      const res = await t.putChunk(id, 0, s.events);
      if (res.status !== 201) throw new Error(`chunk: ${res.status} ${await res.text()}`);
      return id;
    };
    const visit = 'customer-visit-key-0123456789';
    tabs.push(await record(0, '/home', visit), await record(1, '/cart', visit), await record(2, '/checkout', visit));
    // A page left before its session start was answered: a session without events, no tab to replay.
    empty = await t.startSession({ startedAt: base + 1.5 * MIN, url: 'https://shop.test/cart', visitKey: visit });
    alone = await record(3, '/about', 'another-visit-key-0123456789');

    const auth = (await (
      await fetch(`${t.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: t.admin.email, password: t.admin.password }),
      })
    ).json()) as TokenResponse;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((stored) => localStorage.setItem('cobrowse.advisor.auth', stored), JSON.stringify(auth));
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('marks the sessions of a visit with several tabs, and lists just that visit on request', async () => {
    await page.goto(`${t.url}/app/`);
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(5);
    for (const id of [...tabs, empty]) {
      await expect(page.locator(`tr[data-session-id="${id}"] .session-list__tabs`).textContent()).resolves.toContain('3 tabs');
    }
    expect(await page.locator(`tr[data-session-id="${alone}"] .session-list__tabs`).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'visit-tabs-list.png') });

    await page.locator(`tr[data-session-id="${tabs[1]}"] .session-list__tabs`).click();
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(4);
    expect(await rows().evaluateAll((r) => r.map((row) => row.getAttribute('data-session-id')))).toEqual([
      tabs[2],
      empty,
      tabs[1],
      tabs[0],
    ]);
    await page.getByRole('status').filter({ hasText: 'Showing the tabs of one visit' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'visit-tabs-filtered.png') });
    await page.getByRole('button', { name: 'Show all sessions' }).click();
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(5);
  });

  it("lists the visit's tabs beside the replay and goes on to the next tab at the end of one", async () => {
    await page.goto(`${t.url}/app/sessions/${tabs[0]}`);
    await page.getByText('Tab 1 of 3').waitFor({ timeout: 15_000 });
    const tabLinks = page.locator('.details__tab');
    await expect.poll(() => tabLinks.count()).toBe(3);
    const texts = await tabLinks.allTextContents();
    expect(texts[0]).toContain('https://shop.test/home');
    expect(texts[1]).toContain('https://shop.test/cart');
    expect(texts[2]).toContain('https://shop.test/checkout');
    // The open tab is marked, the others link to their replay.
    expect(await tabLinks.nth(0).getAttribute('aria-current')).toBe('page');
    expect(await tabLinks.nth(2).getAttribute('href')).toBe(`/app/sessions/${tabs[2]}`);
    await expect.poll(() => playerProp<string>('p.state'), { timeout: 15_000 }).toBe('paused');
    await page.screenshot({ path: join(ARTIFACTS, 'visit-tabs-player.png') });

    // Play the end of tab 1: the replay offers tab 2, which opens and plays.
    await playerProp('(p.seek(p.duration - 300), p.play())');
    const playNext = page.getByRole('link', { name: 'Play the next tab →' });
    await playNext.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'visit-tabs-ended.png') });
    await playNext.click();
    await page.waitForURL(`**/app/sessions/${tabs[1]}`);
    await page.getByText('Tab 2 of 3').waitFor({ timeout: 15_000 });
    await expect.poll(() => playerProp<string>('p.sessionId')).toBe(tabs[1]);
    await expect.poll(() => playerProp<string>('p.state'), { timeout: 15_000 }).toMatch(/^(playing|ended)$/);

    // "Next tab" in the header, then the last tab has none.
    await page.getByRole('link', { name: 'Next tab →' }).click();
    await page.waitForURL(`**/app/sessions/${tabs[2]}`);
    await page.getByText('Tab 3 of 3').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('link', { name: 'Next tab →' }).count()).toBe(0);
    // Back to tab 1 from the list of tabs.
    await page.locator('.details__tab').nth(0).click();
    await page.waitForURL(`**/app/sessions/${tabs[0]}`);
    await page.getByText('Tab 1 of 3').waitFor({ timeout: 15_000 });

    // A session of a single-tab visit shows none of this.
    await page.goto(`${t.url}/app/sessions/${alone}`);
    await expect.poll(() => playerProp<string>('p.state'), { timeout: 15_000 }).toBe('paused');
    expect(await page.locator('.details__tab').count()).toBe(0);
    expect(await page.getByText(/Tab \d of \d/).count()).toBe(0);
  });
});

/**
 * The advisor app in Chromium against the real server: a session with a
 * console error, a failed request and identify()/setMetadata() shows the
 * error and network markers on the timeline (own classes, label on hover),
 * lists them under "Problems" in the session details (click to jump), and
 * shows the customer and the metadata.
 *
 * Needs the built app (dist/client), as app.browser.test.ts.
 */
import type { eventWithTime } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { CONSOLE_PLUGIN, METADATA_EVENT_TAG, NETWORK_EVENT_TAG } from '../../server/protocol/context-events.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';

const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

describe('context in the advisor app', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let sessionId: string;

  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({ database });
    const startTs = Date.now() - 10 * 60_000;
    const s = syntheticSession({ startTs, durationMs: 60_000, tickMs: 1000, checkoutMs: 30_000, href: 'https://shop.test/pay' });
    s.events.push(
      {
        type: 6,
        timestamp: startTs + 20_000,
        data: { plugin: CONSOLE_PLUGIN, payload: { level: 'error', trace: [], payload: ['"Uncaught TypeError: card is undefined"'] } },
      } as eventWithTime,
      {
        type: 5,
        timestamp: startTs + 40_000,
        data: {
          tag: NETWORK_EVENT_TAG,
          payload: { initiator: 'fetch', method: 'POST', url: 'https://shop.test/api/pay', status: 502, failed: true, durationMs: 80 },
        },
      } as eventWithTime,
      {
        type: 5,
        timestamp: startTs + 5_000,
        data: { tag: METADATA_EVENT_TAG, payload: { identity: { email: 'ada@example.test' }, metadata: { orderNumber: 'A-1001' } } },
      } as eventWithTime,
    );
    s.events.sort((a, b) => a.timestamp - b.timestamp);
    sessionId = await t.startSession({ startedAt: startTs, url: 'https://shop.test/pay' });
    const chunks = s.chunks(10_000);
    for (let seq = 0; seq < chunks.length; seq++) {
      const res = await t.putChunk(sessionId, seq, chunks[seq]);
      if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status} ${await res.text()}`);
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('shows error and network markers on the timeline and in the details, and jumps to them', async () => {
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`tr[data-session-id="${sessionId}"] a`).click();
    await page.waitForURL(`**/app/sessions/${sessionId}`);

    const error = page.locator('.timeline__marker--error');
    const network = page.locator('.timeline__marker--network');
    await error.waitFor();
    expect(await error.count()).toBe(1);
    expect(await network.count()).toBe(1);
    expect(await error.getAttribute('title')).toBe('0:20 · error: Uncaught TypeError: card is undefined');
    expect(await network.getAttribute('title')).toBe('0:40 · network: POST 502 https://shop.test/api/pay');
    // Distinct from clicks: their own colour.
    const colours = await Promise.all(
      [error, network].map((l) => l.evaluate((el) => getComputedStyle(el).backgroundColor)),
    );
    expect(new Set(colours).size).toBe(2);

    const details = page.locator('cobrowse-session-details .details');
    await expect(details.textContent()).resolves.toContain('Problems (2)');
    await expect(details.textContent()).resolves.toContain('ada@example.test');
    await expect(details.textContent()).resolves.toContain('A-1001');
    const problems = page.locator('.details__problem');
    expect(await problems.count()).toBe(2);
    await expect(problems.nth(1).textContent()).resolves.toContain('POST 502 https://shop.test/api/pay');

    // Click to jump: a second before the failed request.
    await problems.nth(1).click();
    await expect
      .poll(() => page.evaluate(`(() => Math.round(${PLAYER}.currentTime))()`) as Promise<number>, { timeout: 10_000 })
      .toBe(39_000);
    await problems.nth(0).click();
    await expect
      .poll(() => page.evaluate(`(() => Math.round(${PLAYER}.currentTime))()`) as Promise<number>, { timeout: 10_000 })
      .toBe(19_000);
  });
});

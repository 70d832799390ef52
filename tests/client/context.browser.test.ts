/**
 * The advisor app in Chromium against the real server: a session with a
 * console error, a failed request and identify()/setMetadata() shows the
 * error and network markers on the timeline (own classes, label on hover),
 * lists them under "Problems" in the session details (click to jump), and
 * shows the customer and the metadata. A live session's chat and control
 * hand-overs show as timeline markers too, and the chat in full under
 * "Chat" (click a message to jump to it).
 *
 * Needs the built app (dist/client), as app.browser.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { liveChatMessages } from '../../db/schema.ts';
import { LIVE_CUSTOM_EVENT_TAG } from '../../protocol/live-constants.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { checkoutProblemEvents, syntheticSession } from '../helpers/synthetic-session.ts';

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
    s.events.push(...checkoutProblemEvents(startTs), {
      type: 5,
      timestamp: startTs + 30_000,
      data: { tag: LIVE_CUSTOM_EVENT_TAG.Control, payload: { controllerId: 'v1', name: 'Alice Advisor' } },
    });
    s.events.sort((a, b) => a.timestamp - b.timestamp);
    sessionId = await t.startSession({ startedAt: startTs, url: 'https://shop.test/pay' });
    // The live chat, as the server stores it.
    await database.db.insert(liveChatMessages).values([
      {
        id: randomUUID(),
        sessionId,
        ts: startTs + 25_000,
        fromRole: 'customer',
        authorName: 'Customer',
        clientId: 'c1',
        text: 'The pay button does nothing',
      },
      {
        id: randomUUID(),
        sessionId,
        ts: startTs + 45_000,
        fromRole: 'advisor',
        authorName: 'Alice Advisor',
        clientId: 'a1',
        text: 'Try the other card, please',
      },
    ]);
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
    const colours = await Promise.all([error, network].map((l) => l.evaluate((el) => getComputedStyle(el).backgroundColor)));
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
    await expect.poll(() => page.evaluate<number>(`(() => Math.round(${PLAYER}.currentTime))()`), { timeout: 10_000 }).toBe(39_000);
    await problems.nth(0).click();
    await expect.poll(() => page.evaluate<number>(`(() => Math.round(${PLAYER}.currentTime))()`), { timeout: 10_000 }).toBe(19_000);
  });

  it('shows the live chat and control hand-overs on the timeline, and the chat in the details', async () => {
    // Signed in and on the player from the test above.
    const chat = page.locator('.timeline__marker--chat');
    const control = page.locator('.timeline__marker--control');
    await chat.first().waitFor();
    expect(await chat.count()).toBe(2);
    expect(await control.count()).toBe(1);
    expect(await chat.nth(0).getAttribute('title')).toBe('0:25 · chat: Customer: The pay button does nothing');
    expect(await chat.nth(1).getAttribute('title')).toBe('0:45 · chat: Alice Advisor: Try the other card, please');
    expect(await control.getAttribute('title')).toBe('0:30 · control: Alice Advisor took control');
    const colours = await Promise.all([chat.first(), control].map((l) => l.evaluate((el) => getComputedStyle(el).backgroundColor)));
    expect(new Set(colours).size).toBe(2);

    const details = page.locator('cobrowse-session-details .details');
    await expect(details.textContent()).resolves.toContain('Chat (2)');
    const messages = page.locator('.details__chat-msg');
    expect(await messages.count()).toBe(2);
    expect((await messages.nth(0).textContent())!.replace(/\s+/g, ' ').trim()).toBe('0:25 Customer The pay button does nothing');
    expect(await messages.nth(1).getAttribute('data-from')).toBe('advisor');
    await page.screenshot({ path: join(import.meta.dirname, '..', '.artifacts', 'client', 'live-chat-replay.png') });

    // Click to jump: a second before the message.
    await messages.nth(1).click();
    await expect.poll(() => page.evaluate<number>(`(() => Math.round(${PLAYER}.currentTime))()`), { timeout: 10_000 }).toBe(44_000);
  });
});

/**
 * The customer's side of live co-browsing, end to end: a page on another
 * origin with `<cobrowse-recorder help-button>` in real Chromium, the real
 * server, and a scripted advisor socket from Node. Help → code → join →
 * consent (declined, then accepted) → events stream → pointer and drawing
 * in the overlay (host DOM untouched) → chat both ways → control (allowed,
 * refused on protected targets, revoked) → reload and navigation keep the
 * advisor → Stop closes the advisor at once → the stored recording holds
 * the chat as rrweb custom events.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import { LIVE_CUSTOM_EVENT_TAG, LiveCloseCode, type LiveBatch } from '../../protocol/live.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, type AdvisorClient } from '../live/live-client.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { secondPage, shopPage } from './live-pages.ts';
import { storedChunkTexts } from '../helpers/stored-chunks.ts';

const ARTIFACTS = 'tests/.artifacts/recorder-live';

interface SnapNode {
  id: number;
  attributes?: Record<string, unknown>;
  childNodes?: SnapNode[];
}

/** The rrweb node id of the element with this DOM id in the latest full snapshot. */
function nodeIdOf(batches: LiveBatch[], domId: string): number | undefined {
  const snapshot = batches
    .flatMap((b) => b.events as { type: number; data: { node?: SnapNode } }[])
    .filter((e) => e.type === 2)
    .at(-1);
  const walk = (n: SnapNode | undefined): number | undefined => {
    if (!n) return undefined;
    if (n.attributes?.id === domId) return n.id;
    for (const c of n.childNodes ?? []) {
      const found = walk(c);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(snapshot?.data.node);
}

/** Waits for an `events` batch whose JSON matches. */
async function eventsMatching(a: AdvisorClient, test: (json: string) => boolean, timeoutMs = 10_000): Promise<LiveBatch> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) throw new Error('no matching events batch');
    const batch = await a.next('events', left);
    if (test(JSON.stringify(batch.events))) return batch;
  }
}

describe('live co-browsing from the customer page', () => {
  let database: Database;
  let t: TestServer;
  let site: Site;
  let pages: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sessionId: string;
  let code: string;
  let alice: AdvisorClient;
  let viewerId: string;
  let snapshot: LiveBatch[] = [];
  let aim = { tab: '', page: '' };
  const logs: string[] = [];

  const recorder = () => page.locator('cobrowse-recorder');
  const bodyHtml = () => page.evaluate(() => document.body.innerHTML);
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png` });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 10_000 });
    pages = await startPageServer();
    site = await t.createSite({ name: 'Garden shop', allowedOrigins: [pages.url] });
    pages.set('/shop.html', shopPage(t.url, site.siteKey));
    pages.set('/second.html', secondPage(t.url, site.siteKey));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    page = await context.newPage();
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  });

  afterAll(async () => {
    alice?.close();
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  const join = async (name: string) => {
    const a = await connectAdvisor(t.url, await t.token());
    a.send({ type: 'join', code, name });
    await a.next('waiting');
    return a;
  };

  it('Get help shows a 6-digit code', async () => {
    await page.goto(`${pages.url}/shop.html`);
    await expect.poll(() => recorder().evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 }).toMatch(/^[0-9a-f-]{36}$/);
    sessionId = await recorder().evaluate((el: any) => el.sessionId);
    await shot('0-help-button');
    await page.getByRole('button', { name: 'Get help' }).click();
    const digits = page.locator('.code__digits');
    await expect.poll(() => digits.textContent(), { timeout: 15_000 }).toMatch(/^\d{6}$/);
    code = (await digits.textContent())!;
    expect(await page.evaluate(() => (window as any).codes)).toEqual([code]);
    await shot('1-code');
  });

  it('asks for consent; declining closes the advisor', async () => {
    const bob = await join('Bob');
    await page.getByText('Bob wants to see this page').waitFor();
    await page.getByRole('button', { name: 'Decline' }).click();
    expect(await bob.next('ended')).toEqual({ type: 'ended', reason: 'declined' });
    expect((await bob.closed).code).toBe(LiveCloseCode.Declined);
  });

  it('accepting shows the banner and streams the page to the advisor', async () => {
    alice = await join('Alice');
    await page.getByText('Alice wants to see this page').waitFor();
    await shot('2-consent');
    await page.getByRole('button', { name: 'Accept' }).click();
    viewerId = (await alice.next('welcome')).viewerId;
    const sync = await alice.next('sync', 15_000);
    snapshot = sync.batches;
    // Control commands name the tab and page they were aimed at.
    aim = { tab: sync.tab, page: sync.page };
    expect(snapshot[0]!.events[0]).toMatchObject({ type: 4 });
    expect(nodeIdOf(snapshot, 'inc')).toBeTypeOf('number');
    await page.getByText('Alice can see this page').waitFor();
    // The recorder's own UI is not part of what the advisor sees.
    expect(JSON.stringify(snapshot)).not.toContain('can see this page');

    const sent = Date.now();
    await page.evaluate(() => {
      const li = document.createElement('li');
      li.textContent = 'live-item-1';
      document.getElementById('list')!.append(li);
    });
    await eventsMatching(alice, (json) => json.includes('live-item-1'));
    expect(Date.now() - sent).toBeLessThan(2_000);

    // The banner folds into a dot in the top-right corner (it never has to hide the page's header), and back.
    await page.getByRole('button', { name: 'Make smaller' }).click();
    const pill = page.getByRole('button', { name: 'Alice can see this page. Show' });
    await pill.waitFor();
    expect(await page.getByText('Alice can see this page', { exact: true }).count()).toBe(0);
    const box = (await pill.boundingBox())!;
    expect(box.y).toBeLessThan(40);
    expect(box.x + box.width).toBeGreaterThan(1100 - 40);
    await shot('2b-banner-small');
    await pill.click();
    await page.getByText('Alice can see this page', { exact: true }).waitFor();
  });

  it('draws the advisor pointer and strokes in an overlay without touching the page DOM', async () => {
    const before = await bodyHtml();
    alice.send({ type: 'pointer', x: 420, y: 170, visible: true });
    alice.send({
      type: 'draw',
      strokeId: 's1',
      points: [
        [120, 120],
        [220, 90],
        [330, 140],
        [440, 110],
      ],
      color: '#ff3b30',
      width: 6,
      done: false,
    });
    alice.send({
      type: 'draw',
      strokeId: 's1',
      points: [
        [520, 150],
        [560, 200],
      ],
      color: '#ff3b30',
      width: 6,
      done: true,
    });
    const stroke = page.locator('cobrowse-live-overlay polyline');
    await stroke.waitFor();
    await expect.poll(() => stroke.getAttribute('points')).toBe('120,120 220,90 330,140 440,110 520,150 560,200');
    await expect.poll(() => page.locator('cobrowse-live-overlay g.pointer text').textContent()).toBe('Alice');
    await shot('3-banner-pointer-drawing');
    expect(await bodyHtml()).toBe(before);
    // The overlay never takes a click: the page's button under it still works.
    await page.click('#inc', { position: { x: 5, y: 5 } });
    expect(await page.locator('#count').textContent()).toBe('1');
    // Finished strokes fade away.
    await expect.poll(() => stroke.count(), { timeout: 8_000 }).toBe(0);
    alice.send({
      type: 'draw',
      strokeId: 's2',
      points: [
        [100, 300],
        [300, 300],
      ],
      color: '#2563eb',
      width: 4,
      done: false,
    });
    await page.locator('cobrowse-live-overlay polyline').waitFor({ state: 'attached' });
    alice.send({ type: 'draw_clear' });
    await expect.poll(() => page.locator('cobrowse-live-overlay polyline').count()).toBe(0);
  });

  it('chats both ways', async () => {
    alice.send({ type: 'chat', clientId: 'a1', text: 'Hello from Alice' });
    const toggle = page.getByRole('button', { name: /Chat, 1 new message/ });
    await toggle.waitFor();
    await shot('4-chat-indicator');
    await toggle.click();
    await page.getByText('Hello from Alice').waitFor();
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Thanks, I need help with checkout');
    await input.press('Enter');
    await expect.poll(async () => (await alice.next('chat')).message).toMatchObject({ text: 'Hello from Alice' });
    expect((await alice.next('chat')).message).toMatchObject({ from: 'customer', text: 'Thanks, I need help with checkout' });
    await page.locator('.msg--customer').getByText('Thanks, I need help with checkout').waitFor();
    expect(await input.inputValue()).toBe('');
    // Each bubble shows its message as sent: no blank line above it, no indent from the markup around it.
    expect(await page.locator('.msg--advisor').innerText()).toBe('Alice\nHello from Alice');
    expect(await page.locator('.msg--customer').innerText()).toBe('Thanks, I need help with checkout');
    await shot('5-chat');
    await page.getByRole('button', { name: 'Close chat' }).click();
  });

  it('control: allowed clicks land, protected targets are refused, revoke stops it', async () => {
    alice.send({ type: 'control_request' });
    await page.getByText('Alice asks to control this page').waitFor();
    await shot('6-control-request');
    await page.getByRole('button', { name: 'Allow' }).click();
    expect((await alice.next('control_state')).controllerId).toBe(viewerId);
    await page.getByText('Alice is controlling this page').waitFor();
    await shot('7-controlling');

    // By mirror node id.
    alice.send({ type: 'control', command: { action: 'click', target: { nodeId: nodeIdOf(snapshot, 'inc')! } }, ...aim });
    await expect.poll(() => page.locator('#count').textContent()).toBe('2');
    // By coordinates.
    const box = (await page.locator('#inc').boundingBox())!;
    alice.send({ type: 'control', command: { action: 'click', target: { x: box.x + 10, y: box.y + 10 } }, ...aim });
    await expect.poll(() => page.locator('#count').textContent()).toBe('3');

    const danger = (await page.locator('#danger').boundingBox())!;
    alice.send({ type: 'control', command: { action: 'click', target: { x: danger.x + 10, y: danger.y + 10 } }, ...aim });
    alice.send({
      type: 'control',
      command: { action: 'input', target: { nodeId: nodeIdOf(snapshot, 'password')! }, value: 'hunter2' },
      ...aim,
    });
    alice.send({
      type: 'control',
      command: { action: 'input', target: { nodeId: nodeIdOf(snapshot, 'name')! }, value: 'Mallory' },
      ...aim,
    });
    // The recorder's own Stop button, by coordinates.
    const stop = (await page.getByRole('button', { name: 'Stop' }).boundingBox())!;
    alice.send({ type: 'control', command: { action: 'click', target: { x: stop.x + 5, y: stop.y + 5 } }, ...aim });
    await expect.poll(() => page.evaluate(() => (window as any).refused.length)).toBe(4);
    expect(await page.evaluate(() => (window as any).refused)).toEqual([
      { viewerId, action: 'click', reason: 'no_control' },
      { viewerId, action: 'input', reason: 'masked' },
      { viewerId, action: 'input', reason: 'masked' },
      { viewerId, action: 'click', reason: 'own_ui' },
    ]);
    // The advisor is told each time, in the same order.
    const told = [];
    for (let i = 0; i < 4; i++) told.push(await alice.next('control_refused'));
    expect(told).toEqual([
      { type: 'control_refused', action: 'click', reason: 'no_control' },
      { type: 'control_refused', action: 'input', reason: 'masked' },
      { type: 'control_refused', action: 'input', reason: 'masked' },
      { type: 'control_refused', action: 'click', reason: 'own_ui' },
    ]);
    expect(await page.locator('#danger-count').textContent()).toBe('0');
    expect(await page.locator('#password').inputValue()).toBe('');
    expect(await page.locator('#name').inputValue()).toBe('');
    await page.getByText('Alice can see this page').waitFor();

    await page.getByRole('button', { name: 'Revoke' }).click();
    expect((await alice.next('control_state')).controllerId).toBeNull();
    await expect.poll(() => page.getByText('Alice is controlling this page').count()).toBe(0);
    alice.send({ type: 'control', command: { action: 'click', target: { nodeId: nodeIdOf(snapshot, 'inc')! } }, ...aim });
    expect(await alice.next('error')).toMatchObject({ code: 'not_in_control' });
    await page.waitForTimeout(300);
    expect(await page.locator('#count').textContent()).toBe('3');
  });

  it('a reload and a navigation keep the room and the advisor', async () => {
    await page.reload();
    await eventsMatching(alice, (json) => json.includes('"type":4') && json.includes('shop.html'), 15_000);
    await page.getByText('Alice can see this page').waitFor();
    await page.evaluate(() => {
      const li = document.createElement('li');
      li.textContent = 'after-reload';
      document.getElementById('list')!.append(li);
    });
    await eventsMatching(alice, (json) => json.includes('after-reload'));

    await page.click('#next');
    await page.waitForURL('**/second.html');
    await eventsMatching(alice, (json) => json.includes('"type":4') && json.includes('second.html'), 15_000);
    await page.getByText('Alice can see this page').waitFor();
    expect(await recorder().evaluate((el: any) => el.sessionId)).toBe(sessionId);
    expect(alice.ws.readyState).toBe(alice.ws.OPEN);
  });

  it('Stop closes the advisor at once and ends the live session', async () => {
    const pressed = Date.now();
    await page.getByRole('button', { name: 'Stop' }).click();
    expect(await alice.next('ended')).toEqual({ type: 'ended', reason: 'stopped_by_customer' });
    expect((await alice.closed).code).toBe(LiveCloseCode.StoppedByCustomer);
    expect(Date.now() - pressed).toBeLessThan(1_500);
    await page.getByRole('button', { name: 'Get help' }).waitFor();
    expect(await recorder().evaluate((el: any) => el.live ?? null)).toBeNull();
    // The next page does not rejoin.
    await page.reload();
    await page.getByRole('button', { name: 'Get help' }).waitFor();
    await page.waitForTimeout(500);
    expect(await recorder().evaluate((el: any) => el.live ?? null)).toBeNull();
  });

  it('stores the chat, control and viewer changes in the recording', async () => {
    await recorder().evaluate((el: any) => el.flush());
    const custom = async () => {
      return (await storedChunkTexts(database, sessionId))
        .flatMap((text) => JSON.parse(text) as { type: number; data: { tag?: string; payload?: any } }[])
        .filter((e) => e.type === 5)
        .map((e) => e.data);
    };
    await expect
      .poll(async () => (await custom()).filter((d) => d.tag === LIVE_CUSTOM_EVENT_TAG.Chat).map((d) => d.payload.text), {
        timeout: 20_000,
      })
      .toEqual(['Hello from Alice', 'Thanks, I need help with checkout']);
    const all = await custom();
    expect(all.filter((d) => d.tag === LIVE_CUSTOM_EVENT_TAG.Control).map((d) => d.payload)).toEqual([
      { controllerId: viewerId, name: 'Alice' },
      { controllerId: null, name: null },
    ]);
    expect(all.some((d) => d.tag === LIVE_CUSTOM_EVENT_TAG.Viewers && d.payload.viewers[0]?.name === 'Alice')).toBe(true);
    expect(logs.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});

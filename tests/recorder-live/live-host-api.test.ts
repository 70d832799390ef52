/**
 * The customer's side of live co-browsing, the parts live-customer.test.ts
 * leaves out: the host page's own help button calling `requestHelp()` (no
 * recorder button, recording not started yet); remote scrolling and typing
 * applied on the page (a site with `no-mask-inputs`; the password stays
 * refused); and the customer's socket dropping: the recorder reconnects with
 * backoff and resumes from the server's last seq, so a change made while it
 * was away reaches the advisor in order, with no new consent.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { LiveBatch } from '../../protocol/live.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, type AdvisorClient } from '../live/live-client.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';

const ARTIFACTS = 'tests/.artifacts/recorder-live';

/** A long page with its own help button; the recorder has no button of its own and does not autostart. */
const hostPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Account</title>
<script type="module" src="${server}/recorder.js"></script>
<style>body { font: 16px sans-serif; margin: 24px; } #box { height: 120px; overflow: auto; border: 1px solid #ccc; }</style></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" no-mask-inputs flush-interval="300"></cobrowse-recorder>
  <h1>Your account</h1>
  <button id="help">Need help? Talk to us</button>
  <p><label>Nickname <input id="nick"></label></p>
  <p><label>Password <input id="password" type="password"></label></p>
  <div id="box">${Array.from({ length: 40 }, (_, i) => `<p>Line ${i}</p>`).join('')}</div>
  <ul id="list"><li>first</li></ul>
  <div style="height: 3000px">Tall content</div>
  <script>
    window.codes = [];
    document.addEventListener('cobrowse-help-code', (e) => window.codes.push(e.detail.code));
    window.sockets = [];
    const Native = WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) { super(...args); window.sockets.push(this); }
    };
    document.getElementById('help').onclick = () => document.querySelector('cobrowse-recorder').requestHelp();
  </script>
</body></html>`;

interface SnapNode {
  id: number;
  attributes?: Record<string, unknown>;
  childNodes?: SnapNode[];
}

function nodeIdOf(batches: LiveBatch[], domId: string): number {
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
  const id = walk(snapshot?.data.node);
  if (id === undefined) throw new Error(`#${domId} is not in the snapshot`);
  return id;
}

describe('live co-browsing through the host page API', () => {
  let database: Database;
  let t: TestServer;
  let pages: PageServer;
  let browser: Browser;
  let page: Page;
  let alice: AdvisorClient;
  let viewerId: string;
  let snapshot: LiveBatch[];
  let aim = { tab: '', page: '' };
  const errors: string[] = [];

  const recorder = () => page.locator('cobrowse-recorder');
  const liveStatus = () => recorder().evaluate((el: any) => el.live?.status ?? null);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 10_000 });
    pages = await startPageServer();
    const site = await t.createSite({ name: 'Account pages', allowedOrigins: [pages.url] });
    pages.set('/account.html', hostPage(t.url, site.siteKey));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1000, height: 700 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    alice?.close();
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  it("the host page's own button asks for help: recording starts, the code is shown and sent as an event", async () => {
    await page.goto(`${pages.url}/account.html`);
    expect(await page.getByRole('button', { name: 'Get help' }).count()).toBe(0);
    expect(await recorder().evaluate((el: any) => el.recording)).toBe(false);
    await page.getByRole('button', { name: 'Need help? Talk to us' }).click();
    await expect.poll(() => page.evaluate(() => (window as any).codes as string[]), { timeout: 15_000 }).toHaveLength(1);
    const [code] = await page.evaluate(() => (window as any).codes as string[]);
    expect(code).toMatch(/^\d{6}$/);
    expect(await recorder().evaluate((el: any) => el.recording)).toBe(true);
    await expect.poll(() => page.locator('.code__digits').textContent()).toBe(code);

    alice = await connectAdvisor(t.url, await t.token());
    alice.send({ type: 'join', code: code!, name: 'Alice' });
    await alice.next('waiting');
    await page.getByRole('button', { name: 'Accept' }).click();
    viewerId = (await alice.next('welcome')).viewerId;
    const sync = await alice.next('sync', 15_000);
    snapshot = sync.batches;
    // Control commands name the tab and page they were aimed at.
    aim = { tab: sync.tab, page: sync.page };
    await page.screenshot({ path: `${ARTIFACTS}/host-api-watching.png` });
  });

  it('control: scrolls and typing land on the page; the password stays refused', async () => {
    alice.send({ type: 'control_request' });
    await page.getByRole('button', { name: 'Allow' }).click();
    expect((await alice.next('control_state')).controllerId).toBe(viewerId);

    // The document, then a scrollable element.
    alice.send({ type: 'control', command: { action: 'scroll', scrollX: 0, scrollY: 600 }, ...aim });
    await expect.poll(() => page.evaluate(() => scrollY)).toBe(600);
    alice.send({
      type: 'control',
      command: { action: 'scroll', target: { nodeId: nodeIdOf(snapshot, 'box') }, scrollX: 0, scrollY: 200 },
      ...aim,
    });
    await expect.poll(() => page.evaluate(() => document.getElementById('box')!.scrollTop)).toBe(200);

    // Typing into a plain field (the site records input values): a value, then keys.
    const nick = nodeIdOf(snapshot, 'nick');
    alice.send({ type: 'control', command: { action: 'input', target: { nodeId: nick }, value: 'Ad' }, ...aim });
    alice.send({ type: 'control', command: { action: 'key', target: { nodeId: nick }, key: 'a' }, ...aim });
    await expect.poll(() => page.locator('#nick').inputValue()).toBe('Ada');
    alice.send({ type: 'control', command: { action: 'key', target: { nodeId: nick }, key: 'Backspace' }, ...aim });
    await expect.poll(() => page.locator('#nick').inputValue()).toBe('Ad');

    // Never the password, whatever the site setting.
    alice.send({
      type: 'control',
      command: { action: 'input', target: { nodeId: nodeIdOf(snapshot, 'password') }, value: 'hunter2' },
      ...aim,
    });
    expect(await alice.next('control_refused')).toEqual({ type: 'control_refused', action: 'input', reason: 'masked' });
    expect(await page.locator('#password').inputValue()).toBe('');

    alice.send({ type: 'control_release' });
    expect((await alice.next('control_state')).controllerId).toBeNull();
  });

  it('the socket drops: the recorder reconnects and resumes; what changed meanwhile reaches the advisor', async () => {
    await expect.poll(liveStatus).toBe('open');
    // Every status the page's API went through, as it changed: a quick reconnect can pass through 'connecting'
    // between two polls (seen on a loaded machine).
    await recorder().evaluate((el: any) => {
      const statuses: (string | null)[] = ((window as any).liveStatuses = []);
      el._live.subscribe(() => statuses.push(el.live?.status ?? null));
    });
    const dropped = await page.evaluate(() => {
      const sockets = (window as any).sockets as WebSocket[];
      const live = sockets.filter((s) => s.url.includes('/live/') && s.readyState === WebSocket.OPEN);
      for (const s of live) s.close();
      // Changed while the socket is down: the batch waits, unacknowledged.
      const li = document.createElement('li');
      li.textContent = 'while-away';
      document.getElementById('list')!.append(li);
      return live.length;
    });
    expect(dropped).toBe(1);
    // Connecting while away, then open again.
    const reconnected = async () => {
      const statuses = (await page.evaluate(() => (window as any).liveStatuses)) as (string | null)[];
      const away = statuses.indexOf('connecting');
      return away >= 0 && statuses.lastIndexOf('open') > away;
    };
    await expect.poll(reconnected, { timeout: 20_000 }).toBe(true);
    expect(await liveStatus()).toBe('open');
    await page.evaluate(() => {
      const li = document.createElement('li');
      li.textContent = 'after-return';
      document.getElementById('list')!.append(li);
    });

    // The advisor never left: no new consent, no ended; both changes, in order, seqs without a gap.
    const seen: LiveBatch[] = [];
    for (;;) {
      const batch = await alice.next('events', 10_000);
      seen.push(batch);
      if (JSON.stringify(batch.events).includes('after-return')) break;
    }
    const json = JSON.stringify(seen.map((b) => b.events));
    expect(json.indexOf('while-away')).toBeGreaterThan(-1);
    expect(json.indexOf('while-away')).toBeLessThan(json.indexOf('after-return'));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.seq).toBe(seen[i - 1]!.seq + 1);
    expect(alice.pending()).not.toContain('ended');
    expect(await page.getByText('Alice can see this page').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

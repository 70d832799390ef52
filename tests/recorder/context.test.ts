/**
 * Context captured with the recording, in Chromium against the real server,
 * from a page on another origin: console errors, an uncaught exception and an
 * unhandled rejection (console plugin events), failed fetch and XHR requests
 * (`cobrowse-network`), identify()/setMetadata() (session metadata), the
 * error and network markers derived at ingest, and the privacy rules:
 * redacted query values, no credentials, no bodies by default, masked
 * values scrubbed, no requests to the cobrowse server itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, type Database } from '../../db/client.ts';
import type { SessionDetail, Site } from '../../protocol/api.ts';
import { CONSOLE_PLUGIN, NETWORK_EVENT_TAG, type NetworkPayload } from '../../protocol/context-events.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from './page-server.ts';
import { waitFor } from './rrweb-events.ts';
import { storedChunkTexts } from '../helpers/stored-chunks.ts';

const SECRET = {
  token: 'SECRET-TOKEN-123',
  auth: 'AUTH-SECRET-456',
  bodyPassword: 'BODY-PW-789',
  session: 'SESSION-SECRET-000',
  typed: 'Typed-Pass-321',
} as const;

const elementPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Context</title>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder id="rec" site-key="${siteKey}" autostart flush-interval="200"></cobrowse-recorder>
  <label>Password <input id="password" type="password"></label>
  <script>
    window.cobrowseSession = new Promise((resolve) =>
      document.addEventListener('cobrowse-session', (e) => resolve(e.detail.sessionId)));
  </script>
</body></html>`;

const programmaticPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Bodies</title>
<script type="module">
  import { startRecording } from '${server}/recorder.js';
  window.rec = startRecording({
    siteKey: '${siteKey}',
    endpoint: '${server}',
    flushIntervalMs: 200,
    captureNetwork: { bodies: true, requestHeaders: ['content-type', 'authorization', 'x-trace'], redactNames: ['item_code'] },
  });
</script></head>
<body><h1>Bodies</h1></body></html>`;

interface StoredEvent {
  type: number;
  timestamp: number;
  data: { tag?: string; plugin?: string; payload?: any };
}

let database: Database;
let t: TestServer;
let pages: PageServer;
let browser: Browser;
let site: Site;

beforeAll(async () => {
  database = await openDatabase({});
  [t, browser, pages] = await Promise.all([startTestServer({ database }), launchChromium(), startPageServer()]);
  site = await t.createSite({ name: 'Context site', allowedOrigins: [pages.url] });
  pages.set('/context.html', elementPage(t.url, site.siteKey));
  pages.set('/bodies.html', programmaticPage(t.url, site.siteKey));
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await t?.close();
  await database?.close();
});

/** Every stored byte of the session, gunzipped, as one string. */
async function storedText(sessionId: string): Promise<string> {
  return (await storedChunkTexts(database, sessionId)).join('\n');
}

async function storedEvents(sessionId: string): Promise<StoredEvent[]> {
  const res = await t.api(`/api/sessions/${sessionId}/export`);
  return res.status === 200 ? ((await res.json()) as StoredEvent[]) : [];
}

const networkOf = (events: StoredEvent[]): NetworkPayload[] =>
  events.filter((e) => e.type === 5 && e.data.tag === NETWORK_EVENT_TAG).map((e) => e.data.payload as NetworkPayload);
const consoleOf = (events: StoredEvent[]) =>
  events.filter((e) => e.type === 6 && e.data.plugin === CONSOLE_PLUGIN).map((e) => e.data.payload as { level: string; payload: string[] });

async function detail(sessionId: string): Promise<SessionDetail> {
  return (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
}

describe('context capture', () => {
  it('records console errors, uncaught errors, failed requests and identity, and derives markers', async () => {
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    await page.goto(`${pages.url}/context.html`);
    const sessionId = await page.evaluate(() => (window as any).cobrowseSession as Promise<string>);

    await page.locator('#password').pressSequentially(SECRET.typed, { delay: 2 });
    await page.evaluate(
      async ({ secret, deadPort }) => {
        const rec = document.getElementById('rec') as any;
        rec.identify({ customerId: 'cust-42', email: 'ada@example.test', name: 'Ada Lovelace' });
        rec.setMetadata({ orderNumber: 'A-1001', plan: 'pro' });
        console.error('Checkout failed: card declined', { orderId: 'o-1' });
        console.warn('Slow checkout');
        // The page logs a masked field's value: it must not reach the recording.
        console.error('login failed for password', (document.getElementById('password') as HTMLInputElement).value);
        setTimeout(() => {
          throw new Error('Boom uncaught');
        });
        void Promise.reject(new Error('Rejected boom'));
        await fetch(`/missing.json?token=${secret.token}&page=2#access_token=${secret.token}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${secret.auth}`, 'X-Trace': 'trace-1', 'Content-Type': 'application/json' },
          body: JSON.stringify({ password: secret.bodyPassword, item: 'beans-in-body' }),
        });
        await fetch('/context.html'); // 200: not recorded by default
        await new Promise<void>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', `http://127.0.0.1:${deadPort}/api?session=${secret.session}&q=ok`);
          xhr.setRequestHeader('Authorization', `Bearer ${secret.auth}`);
          xhr.onloadend = () => resolve();
          xhr.send();
        });
        await new Promise<void>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', '/nope.txt');
          xhr.onloadend = () => resolve();
          xhr.send();
        });
      },
      { secret: SECRET, deadPort: 9 },
    );

    const events = await waitFor('the context events stored', async () => {
      const all = await storedEvents(sessionId);
      const network = networkOf(all);
      const logs = consoleOf(all);
      return network.length >= 3 && logs.length >= 5 ? all : undefined;
    });

    // Console: errors, warning, uncaught exception and unhandled rejection.
    const logs = consoleOf(events);
    const text = logs.map((l) => `${l.level}: ${l.payload.join(' ')}`).join('\n');
    expect(text).toContain('error: "Checkout failed: card declined" {"orderId":"o-1"}');
    expect(text).toContain('warn: "Slow checkout"');
    expect(text).toMatch(/error: .*Boom uncaught/);
    expect(text).toMatch(/error: .*Rejected boom/);
    expect(text).toContain(`"login failed for password" "${'*'.repeat(SECRET.typed.length)}"`);

    // Network: the two failed fetch/XHR and the 404 XHR, nothing else.
    const network = networkOf(events);
    expect(network.map((n) => `${n.initiator} ${n.method} ${n.status} ${new URL(n.url).pathname}`).sort()).toEqual([
      'fetch POST 404 /missing.json',
      'xhr GET 0 /api',
      'xhr GET 404 /nope.txt',
    ]);
    const failedFetch = network.find((n) => n.initiator === 'fetch')!;
    expect(failedFetch.url).toBe(`${pages.url}/missing.json?token=%5Bredacted%5D&page=2`);
    expect(failedFetch.failed).toBe(true);
    expect(failedFetch.requestHeaders).toEqual({ 'content-type': 'application/json' });
    expect(failedFetch.responseHeaders).toEqual({ 'content-type': 'text/plain' });
    expect(failedFetch.requestBody).toBeUndefined();
    expect(failedFetch.responseBody).toBeUndefined();
    expect(failedFetch.durationMs).toBeGreaterThanOrEqual(0);
    const deadXhr = network.find((n) => n.status === 0)!;
    expect(deadXhr.error).toBe('network');
    expect(deadXhr.url).toBe('http://127.0.0.1:9/api?session=%5Bredacted%5D&q=ok');
    expect(deadXhr.requestHeaders).toBeUndefined();
    // The recorder's own uploads to the server are never recorded.
    expect(network.some((n) => n.url.startsWith(t.url))).toBe(false);

    // Nothing secret in any stored byte.
    const stored = await storedText(sessionId);
    for (const secret of [...Object.values(SECRET), 'Bearer', 'trace-1', 'beans-in-body']) {
      expect(stored, secret).not.toContain(secret);
    }

    // The session detail: identity and metadata, error and network markers.
    const d = await waitFor('the metadata on the session', async () => {
      const s = await detail(sessionId);
      return s.metadata['user.customerId'] ? s : undefined;
    });
    expect(d.metadata).toMatchObject({
      'user.customerId': 'cust-42',
      'user.email': 'ada@example.test',
      'user.name': 'Ada Lovelace',
      orderNumber: 'A-1001',
      plan: 'pro',
    });
    const errors = d.markers.filter((m) => m.kind === 'error').map((m) => m.label);
    expect(errors).toEqual(
      expect.arrayContaining([
        'Checkout failed: card declined {"orderId":"o-1"}',
        expect.stringContaining('Boom uncaught'),
        expect.stringContaining('Rejected boom'),
      ]),
    );
    expect(errors.join('\n')).not.toContain(SECRET.typed);
    const failed = d.markers.filter((m) => m.kind === 'network').map((m) => m.label);
    expect(failed).toEqual(
      expect.arrayContaining([
        `POST 404 ${pages.url}/missing.json?token=%5Bredacted%5D&page=2`,
        'GET network http://127.0.0.1:9/api?session=%5Bredacted%5D&q=ok',
        `GET 404 ${pages.url}/nope.txt`,
      ]),
    );
    await context.close();
  });

  it('with bodies on: sensitive JSON fields redacted, credentials never recorded even when allow-listed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/bodies.html`);
    const sessionId = await waitFor('the recording', () => page.evaluate(() => (window as any).rec?.sessionId as string | undefined));
    await page.evaluate(async (secret) => {
      const rec = (window as any).rec;
      rec.identify({ customerId: 7 });
      await fetch('/orders', {
        method: 'PUT',
        headers: { Authorization: `Bearer ${secret.auth}`, 'X-Trace': 'trace-2', 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: { password: secret.bodyPassword, item_code: 'ITEM-CODE-1' }, item: 'kettle', apiKey: secret.token }),
      });
    }, SECRET);
    const network = await waitFor('the failed request', async () => {
      const n = networkOf(await storedEvents(sessionId));
      return n.length ? n : undefined;
    });
    expect(network).toHaveLength(1);
    const [request] = network;
    expect(request!.requestHeaders).toEqual({ 'content-type': 'application/json', 'x-trace': 'trace-2' });
    expect(JSON.parse(request!.requestBody!)).toEqual({
      user: { password: '[redacted]', item_code: '[redacted]' },
      item: 'kettle',
      apiKey: '[redacted]',
    });
    expect(request!.responseBody).toBe('not found');
    const stored = await storedText(sessionId);
    for (const secret of [SECRET.auth, SECRET.bodyPassword, SECRET.token, 'ITEM-CODE-1', 'Bearer']) {
      expect(stored, secret).not.toContain(secret);
    }
    const d = await waitFor('the identity', async () => {
      const s = await detail(sessionId);
      return s.metadata['user.customerId'] === 7 ? s : undefined;
    });
    expect(d.markers.filter((m) => m.kind === 'network')).toHaveLength(1);
    await context.close();
  });
});

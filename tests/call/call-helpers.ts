/**
 * Shared set-up of the call browser tests and the call benchmark: a real
 * server with a real mediasoup worker, a customer page with
 * `<cobrowse-recorder help-button>` in Chromium (fake camera and
 * microphone), and advisors in the advisor app watching it by session id.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Site, TokenResponse } from '../../protocol/api.ts';
import type { InboundStats } from '../../recorder/call/call-media.ts';
import { launchChromium } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';

export const callPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title>
<script type="module" src="${server}/recorder.js"></script></head>
<body style="font: 16px sans-serif; margin: 24px">
  <cobrowse-recorder site-key="${siteKey}" autostart help-button flush-interval="300"></cobrowse-recorder>
  <h1>Garden shop</h1>
  <p>Call me maybe.</p>
</body></html>`;

const VIEW = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-live-view')`;
const CUSTOMER_STORE = `document.querySelector('cobrowse-recorder')._live?.call`;

export interface Side {
  page: Page;
  /** JS expression of the side's CallStore. */
  store: string;
}

export const launchCallBrowser = (): Promise<Browser> =>
  launchChromium({ media: true, args: ['--autoplay-policy=no-user-gesture-required'] });

export interface CallWorld {
  pages: PageServer;
  site: Site;
  customer: Side;
  sessionId: string;
  /** Opens an advisor (a new context) watching the customer's session; the customer accepts. */
  advisor(name: string): Promise<Side & { viewerId: string }>;
  close(): Promise<void>;
}

/** A customer page that asked for help, ready for advisors; `initScript` runs in every page first (e.g. to cap the camera). */
export async function callWorld(t: TestServer, browser: Browser, options: { initScript?: () => void } = {}): Promise<CallWorld> {
  const pages = await startPageServer();
  const site = await t.createSite({ name: 'Call shop', allowedOrigins: [pages.url] });
  pages.set('/call.html', callPage(t.url, site.siteKey));
  const contexts: BrowserContext[] = [];
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  contexts.push(ctx);
  if (options.initScript) await ctx.addInitScript(options.initScript);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('customer pageerror:', e.message));
  await page.goto(`${pages.url}/call.html`);
  await page.getByRole('button', { name: 'Get help' }).click();
  await page.getByText('Your support code').waitFor();
  await waitFor(page, `document.querySelector('cobrowse-recorder').live?.code?.code ?? null`);
  const sessionId = await page.evaluate(() => (document.querySelector('cobrowse-recorder') as unknown as { sessionId: string }).sessionId);

  const advisor = async (name: string) => {
    const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@cobrowse.test`;
    await t.createAdvisor(email, 'advisor-password');
    const res = await fetch(`${t.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'advisor-password' }),
    });
    const auth = (await res.json()) as TokenResponse;
    const c = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(c);
    if (options.initScript) await c.addInitScript(options.initScript);
    await c.addInitScript((stored) => localStorage.setItem('cobrowse.advisor.auth', stored), JSON.stringify(auth));
    const p = await c.newPage();
    p.on('pageerror', (e) => console.error(`${name} pageerror:`, e.message));
    await p.goto(`${t.url}/app/live/${sessionId}`);
    await waitFor(p, `${VIEW}?.dataset.state === 'waiting'`);
    // Consent: the advisor's name is shown (their account name is the email here).
    await page
      .getByRole('alertdialog', { name: new RegExp(`${email} wants to see this page`) })
      .getByRole('button', { name: 'Accept' })
      .click();
    await waitFor(p, `${VIEW}?.dataset.state === 'live'`);
    const viewerId = await p.evaluate(`${VIEW}.connection.viewerId`);
    return { page: p, store: `${VIEW}.call`, viewerId: viewerId as string };
  };

  return {
    pages,
    site,
    customer: { page, store: CUSTOMER_STORE },
    sessionId,
    advisor,
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await pages.close();
    },
  };
}

/**
 * Waits until `expr` is truthy in the page; returns its value.
 * NOTE: polls with `page.evaluate` (a DevTools evaluation, not subject to the
 * page's CSP); `page.waitForFunction` with a string re-checks through `eval`
 * inside the page, which the advisor app's CSP (no 'unsafe-eval') refuses.
 */
export async function waitFor<T>(page: Page, expr: string, timeout = 30_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = (await page.evaluate(expr)) as T;
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${expr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The side's receive stats (empty when not in a call). */
export const inbound = (side: Side) =>
  side.page.evaluate<InboundStats[]>(`(async () => { const m = ${side.store}?.media; return m ? m.inboundStats() : []; })()`);

export const callState = (side: Side) =>
  side.page.evaluate<{
    inCall: boolean;
    busy: boolean;
    call: { callId: string; status: string; members: { id: string }[] } | null;
    ended: { reason: string } | null;
    error: string | null;
  } | null>(`(() => { const s = ${side.store}?.state; return s ? JSON.parse(JSON.stringify(s)) : null; })()`);

/** True once `side` decodes video and hears audio from every participant in `from`. */
export async function receivesFrom(side: Side, from: string[]): Promise<boolean> {
  const stats = await inbound(side);
  return from.every(
    (id) =>
      stats.some((s) => s.participantId === id && s.kind === 'video' && s.framesDecoded > 0) &&
      stats.some((s) => s.participantId === id && s.kind === 'audio' && (s.totalAudioEnergy > 0 || s.audioLevel > 0)),
  );
}

/**
 * Security headers of the pages browsers render from us: the advisor app
 * (`/app/`) and the pages behind a customer's private token (`/c/:token`,
 * `/s/:token`), error answers included. Over HTTP: a strict CSP (a fresh
 * nonce matching every inline script and style on the token pages; scripts
 * only from our origin in the app), `frame-ancestors 'none'`, `nosniff`, a
 * Referrer-Policy (`no-referrer` where the URL is the credential). In
 * Chromium: the built app and both customer pages load and run with no CSP
 * violation, and a replay still renders — its recorded styles apply, its
 * recorded site's images and stylesheets are never fetched, and its iframe
 * stays sandboxed without scripts.
 *
 * Needs the built app (dist/client), like tests/client/app.browser.test.ts.
 */
import { readdirSync } from 'node:fs';
import type { eventWithTime } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { CaseCreated, CaseLinkCreated } from '../../protocol/cases.ts';
import type { ReplyLinkCreated } from '../../protocol/media.ts';
import { createCase, json, startReceiver } from '../cases/case-helpers.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

type Csp = Record<string, string[]>;

/** rrweb's replay iframe, once it shows the recorded page. */
async function replayFrame(page: Page) {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    if (await frame.evaluate(() => !!document.querySelector('#title')).catch(() => false)) return frame;
  }
  return undefined;
}

function parseCsp(header: string | null): Csp {
  expect(header, 'Content-Security-Policy').toBeTruthy();
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What every page we render must send. */
function expectFrameAndSniffHeaders(res: Response, referrer: string): Csp {
  const csp = parseCsp(res.headers.get('content-security-policy'));
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['base-uri']).toEqual(["'none'"]);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe(referrer);
  return csp;
}

/** A token page: nothing by default, scripts and styles only by this response's nonce; returns the nonce. */
function expectTokenPageHeaders(res: Response): string {
  const csp = expectFrameAndSniffHeaders(res, 'no-referrer');
  expect(csp['default-src']).toEqual(["'none'"]);
  expect(csp['script-src']).toHaveLength(1);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{20,})'$/.exec(csp['script-src']![0]!)?.[1];
  expect(nonce, csp['script-src']!.join(' ')).toBeTruthy();
  expect(csp['style-src']).toEqual([`'nonce-${nonce}'`]);
  return nonce!;
}

/** Every inline `<script>`/`<style>` of the page carries the header's nonce (else the browser would not run it). */
function expectInlineNonces(html: string, nonce: string, { script }: { script: boolean }) {
  const tags = [...html.matchAll(/<(script|style)\b([^>]*)>/g)];
  expect(tags.some(([, name]) => name === 'style')).toBe(true);
  expect(tags.some(([, name]) => name === 'script')).toBe(script);
  for (const [tag, , attributes] of tags) expect(attributes, tag).toContain(`nonce="${nonce}"`);
}

/** The advisor app's policy: only our origin for code, and nothing that lets a replay reach another site. */
function expectAppHeaders(res: Response) {
  const csp = expectFrameAndSniffHeaders(res, 'strict-origin-when-cross-origin');
  expect(csp['default-src']).toEqual(["'self'"]);
  expect(csp['script-src']).toEqual(["'self'"]);
  expect(csp['object-src']).toEqual(["'none'"]);
  for (const directive of ['img-src', 'font-src', 'style-src', 'media-src']) {
    for (const source of csp[directive]!)
      expect(["'self'", 'data:', 'blob:', "'unsafe-inline'"], `${directive} ${source}`).toContain(source);
  }
  expect(csp['style-src']).not.toContain('data:');
  for (const source of csp['connect-src']!) expect(source === "'self'" || /^wss?:\/\/127\.0\.0\.1:\d+$/.test(source), source).toBe(true);
}

describe.each(testDrivers)('security headers over HTTP on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let kase: CaseCreated;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    kase = await createCase(t);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('sends the advisor app with a strict CSP, frame-ancestors none, nosniff and a referrer policy', async () => {
    const index = await fetch(`${t.url}/app/`);
    expect(index.status).toBe(200);
    expectAppHeaders(index);
    const html = await index.text();
    // The built page has no inline script (script-src 'self' would refuse it).
    for (const [tag, attributes] of html.matchAll(/<script\b([^>]*)>/g)) expect(attributes, tag).toMatch(/\bsrc="\/app\/assets\//);
    const bundle = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${t.url}${bundle}`);
    expect(js.status).toBe(200);
    expectAppHeaders(js);
    // Client-side routes and missing files alike.
    const route = await fetch(`${t.url}/app/sessions/${crypto.randomUUID()}`);
    expect(route.status).toBe(200);
    expectAppHeaders(route);
    const missing = await fetch(`${t.url}/app/assets/nothing-here.js`);
    expect(missing.status).toBe(404);
    expectAppHeaders(missing);
  });

  it('sends the case page and its 404 / 410 pages with a fresh nonce for their inline script and style', async () => {
    const page = await fetch(`${t.url}/c/${kase.linkToken}`);
    expect(page.status).toBe(200);
    const nonce = expectTokenPageHeaders(page);
    expectInlineNonces(await page.text(), nonce, { script: true });
    const again = await fetch(`${t.url}/c/${kase.linkToken}`);
    expect(expectTokenPageHeaders(again)).not.toBe(nonce);

    const unknown = await fetch(`${t.url}/c/not-a-real-token-at-all-0000`);
    expect(unknown.status).toBe(404);
    expectInlineNonces(await unknown.text(), expectTokenPageHeaders(unknown), { script: false });

    const fresh = await json<CaseLinkCreated>(t.api(`/api/cases/${kase.caseId}/links`, { method: 'POST', body: '{}' }), 201);
    await json(t.api(`/api/cases/${kase.caseId}/links/${fresh.id}`, { method: 'DELETE' }));
    const revoked = await fetch(fresh.link);
    expect(revoked.status).toBe(410);
    expectInlineNonces(await revoked.text(), expectTokenPageHeaders(revoked), { script: false });
  });

  it('sends the reply page and its 404 / 410 answers with the same policy', async () => {
    const sessionId = await t.startSession();
    const link = await json<ReplyLinkCreated>(t.api(`/api/sessions/${sessionId}/reply-links`, { method: 'POST', body: '{}' }), 201);
    const page = await fetch(`${t.url}/s/${link.token}`);
    expect(page.status).toBe(200);
    const nonce = expectTokenPageHeaders(page);
    expectInlineNonces(await page.text(), nonce, { script: true });

    const unknown = await fetch(`${t.url}/s/not-a-real-token-at-all-0000`);
    expect(unknown.status).toBe(404);
    expectTokenPageHeaders(unknown);
    await json(t.api(`/api/sessions/${sessionId}/reply-links/${link.id}`, { method: 'DELETE' }));
    const revoked = await fetch(`${t.url}/s/${link.token}`);
    expect(revoked.status).toBe(410);
    expectTokenPageHeaders(revoked);
  });

  it.each(['/recorder.js', '/tutorial.js'])('sends %s to any site with nosniff and without a page policy', async (path) => {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    // Loaded by other origins' pages: no same-origin resource policy, no CSP that would mean nothing here.
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('sends the chunks recorder.js imports exactly as recorder.js, cached for good; nothing else under their folder', async () => {
    const chunk = readdirSync(new URL('../../dist/recorder/recorder-chunks/', import.meta.url)).find((f) => f.startsWith('live-module-'));
    const res = await fetch(`${t.url}/recorder-chunks/${chunk}`, { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of [
      '/recorder-chunks/nope-123.js',
      '/recorder-chunks/..%2Frecorder.js',
      `/recorder-chunks/${chunk}.map`,
      '/recorder-chunks/',
    ]) {
      expect((await fetch(`${t.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe('security headers in Chromium', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startReceiver>>;
  let sessionId: string;

  /** A recording of a page with an inline stylesheet, and an image, a stylesheet and a background on the site's own host. */
  function recording(siteUrl: string): eventWithTime[] {
    const at = Date.now() - 60_000;
    const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({
      type: 2,
      tagName,
      attributes,
      childNodes,
      id,
    });
    const text = (id: number, textContent: string, isStyle = false) => ({ type: 3, textContent, id, ...(isStyle ? { isStyle } : {}) });
    const node = {
      type: 0,
      id: 1,
      childNodes: [
        { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
        el(3, 'html', {}, [
          el(4, 'head', {}, [
            el(5, 'style', {}, [text(6, '#title { color: rgb(1, 2, 3); }', true)]),
            el(7, 'link', { rel: 'stylesheet', href: `${siteUrl}/site.css` }),
          ]),
          el(8, 'body', {}, [
            el(9, 'h1', { id: 'title' }, [text(10, 'Recorded page')]),
            el(11, 'img', { src: `${siteUrl}/photo.png`, onerror: 'parent.document.title = "pwned"' }),
            el(12, 'div', { id: 'banner', style: `background-image: url("${siteUrl}/banner.png"); width: 10px; height: 10px` }),
          ]),
        ]),
      ],
    };
    // Meta (4), full snapshot (2), a mouse move (3, source 1) five seconds later.
    return [
      { type: 4, data: { href: `${siteUrl}/`, width: 1024, height: 768 }, timestamp: at },
      { type: 2, data: { node, initialOffset: { top: 0, left: 0 } }, timestamp: at },
      { type: 3, data: { source: 1, positions: [{ x: 5, y: 5, id: 9, timeOffset: 0 }] }, timestamp: at + 5_000 },
    ] as eventWithTime[];
  }

  /** A page that records every CSP violation, from its console (all frames) and its document's events. */
  async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (err) => violations.push(`pageerror: ${err.message}`));
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    return { page, violations };
  }

  beforeAll(async () => {
    database = await testDrivers[0]!.open();
    t = await startTestServer({ database });
    site = await startReceiver((_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end());
    const events = recording(site.url);
    sessionId = await t.startSession({ startedAt: events[0]!.timestamp, url: `${site.url}/`, userAgent: 'test' });
    const res = await t.putChunk(sessionId, 0, events);
    if (res.status !== 201) throw new Error(`chunk: ${res.status} ${await res.text()}`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
    await database?.close();
  });

  it('runs the advisor app with no violation; a replay renders its recorded styles, fetches nothing of the site, runs nothing', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`tr[data-session-id="${sessionId}"]`).waitFor();
    await page.goto(`${t.url}/app/cases`);
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);

    await page.goto(`${t.url}/app/sessions/${sessionId}`);
    await expect.poll(async () => !!(await replayFrame(page)), { timeout: 20_000 }).toBe(true);
    const frame = (await replayFrame(page))!;
    // The recorded inline stylesheet applies inside the replay…
    expect(await frame.evaluate(() => getComputedStyle(document.querySelector('#title')!).color)).toBe('rgb(1, 2, 3)');
    // …in an iframe sandboxed without scripts: the recorded onerror never runs.
    const sandbox = await page.locator('cobrowse-session-player iframe').getAttribute('sandbox');
    expect(sandbox?.split(/\s+/)).toEqual(['allow-same-origin']);
    await page.waitForTimeout(1000);
    expect(await page.title()).not.toBe('pwned');
    // The recorded site's image, stylesheet and background were never requested: the CSP refused them.
    expect(site.requests).toEqual([]);
    // The only violations are those refusals; none from the app itself.
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) expect(v).toContain(site.url);
    await page.context().close();
  });

  it('runs the case page and the reply page scripts with no violation', async () => {
    const kase = await createCase(t);
    const { page, violations } = await watchedPage();
    const res = await page.goto(`${t.url}/c/${kase.linkToken}`);
    expect(res?.headers()['content-security-policy']).toContain("'nonce-");
    // The inline script ran: dates are shown in the reader's format, not the server's UTC fallback.
    await expect.poll(() => page.locator('time').first().textContent()).not.toMatch(/UTC$/);
    await page.getByLabel('Your message').fill('It works now, thanks');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('It works now, thanks').first().waitFor();
    await page.goto(`${t.url}/c/not-a-real-token-at-all-0000`);
    await page.getByText('This link does not work').waitFor();

    const link = await json<ReplyLinkCreated>(t.api(`/api/sessions/${sessionId}/reply-links`, { method: 'POST', body: '{}' }), 201);
    await page.goto(`${t.url}/s/${link.token}`);
    await page.getByText('No video replies yet.').waitFor();
    expect(violations).toEqual([]);
    await page.context().close();
  });
});

/**
 * The advisor app's live side in Chromium against the real server, with a
 * scripted customer socket (Node) sending real rrweb events: join by code →
 * waiting → accepted → late join shows the current page → DOM changes →
 * pointer, drawing and chat reach the customer → customer chat shows →
 * control request/grant → clicks, typing and wheel become `control`
 * commands on the right node ids → revoke → customer away and back → ended
 * on stop. And a declined join.
 *
 * Needs the built app: `npx vite build --config vite.client.config.ts` then
 * `COBROWSE_SKIP_BUILD=1 npx vitest run tests/client-live`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { TokenResponse } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectCustomer, type CustomerClient } from '../live/live-client.ts';
import { IDS, mouseMove, NAME_BOX, PAY_BOX, snapshot, statusChange } from './live-page.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client-live');
const VIEW = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-live-view')`;

describe('advisor live view in Chromium', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let auth: TokenResponse;
  const sockets: CustomerClient[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 4_000 });
    const res = await fetch(`${t.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: t.admin.email, password: t.admin.password }),
    });
    auth = (await res.json()) as TokenResponse;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript((stored) => localStorage.setItem('cobrowse.advisor.auth', stored), JSON.stringify(auth));
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  const newPage = async () => {
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    return page;
  };

  /** A customer on the live socket, with a session started through ingest. */
  const customer = async (sessionId?: string) => {
    const id = sessionId ?? (await t.startSession({ url: 'http://shop.test/checkout' }));
    const c = await connectCustomer(t.url, id, t.site.siteKey);
    sockets.push(c);
    c.send({ type: 'hello', url: 'http://shop.test/checkout', page: 'checkout-page' });
    const welcome = await c.next('welcome');
    return { c, id, welcome };
  };

  const view = <T>(page: Page, expr: string) => page.evaluate<T>(`(() => { const v = ${VIEW}; return ${expr}; })()`);
  const state = (page: Page) => view<string | null>(page, 'v && v.dataset.state');
  const replayText = (page: Page, selector: string) =>
    view<string | null>(page, `v?.replayIframe?.contentDocument?.querySelector(${JSON.stringify(selector)})?.textContent ?? null`);

  /** The screen point over the replay for a point of the customer's viewport. */
  const screenPoint = async (page: Page, x: number, y: number) => {
    const r = await view<{ left: number; top: number; width: number; height: number; vw: number; vh: number }>(
      page,
      `(() => { const o = v.shadowRoot.querySelector('.live__overlay').getBoundingClientRect(); const vp = v.replay.viewport;
        return { left: o.left, top: o.top, width: o.width, height: o.height, vw: vp.width, vh: vp.height }; })()`,
    );
    return { x: r.left + (x / r.vw) * r.width, y: r.top + (y / r.vh) * r.height, scale: r.width / r.vw };
  };

  it('join by code → waiting → late join shows the page → pointer, draw, chat, control → ended on stop', async () => {
    const { c, id } = await customer();
    // The customer has been browsing for a while: old snapshot, changes, a newer checkout, more changes.
    const t0 = Date.now() - 20_000;
    let seq = 0;
    const send = async (events: ReturnType<typeof snapshot>) => {
      c.send({ type: 'events', seq, events });
      expect(await c.next('ack')).toEqual({ type: 'ack', seq });
      seq++;
    };
    await send(snapshot(t0, 'Step 0'));
    await send([statusChange(t0 + 1_000, 'Step 1'), mouseMove(t0 + 1_200, 50, 50)]);
    await send(snapshot(t0 + 10_000, 'Step 2'));
    await send([statusChange(t0 + 12_000, 'Step 3'), mouseMove(t0 + 12_500, 400, 150)]);
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');

    const page = await newPage();
    await page.goto(`${t.url}/app/`);
    await page.getByRole('link', { name: 'Join live' }).click();
    await page.getByLabel('Code from the customer').fill(code);
    await page.screenshot({ path: join(ARTIFACTS, 'live-list.png') });
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => state(page)).toBe('waiting');
    expect(new URL(page.url()).pathname).toBe(`/app/live/code/${code}`);
    await page.getByText('Waiting for the customer to accept').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'waiting.png') });

    const { viewer } = await c.next('consent_request');
    expect(viewer.name).toBe(auth.advisor.name || auth.advisor.email);
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await expect.poll(() => state(page)).toBe('live');
    // Late join: the page as it is now (the newer snapshot and the change after it).
    await expect.poll(() => replayText(page, '#status')).toBe('Step 3');
    expect(new URL(page.url()).pathname).toBe(`/app/live/${id}`);
    expect(await view(page, 'v.replay.builds')).toBe(1);

    // No customer cursor parked in the corner before the customer's pointer is known.
    const cursorVisibility = () =>
      view<string>(
        page,
        `(() => { const m = v.shadowRoot.querySelector('.replayer-mouse'); return m ? getComputedStyle(m).visibility : 'none'; })()`,
      );
    expect(await cursorVisibility()).toBe('hidden');

    // A live DOM change, and the customer's mouse.
    expect(await view(page, 'v.latencyMs')).toBe(10);
    const sentAt = Date.now();
    c.send({ type: 'events', seq: seq++, events: [statusChange(Date.now(), 'Step 4'), mouseMove(Date.now(), 600, 300)] });
    await expect.poll(() => replayText(page, '#status'), { timeout: 3_000, interval: 10 }).toBe('Step 4');
    // The buffer is tens of ms, not rrweb's suggested second (generous bound for slow CI).
    expect(Date.now() - sentAt).toBeLessThan(800);
    await expect.poll(() => view<string>(page, `v.shadowRoot.querySelector('.replayer-mouse')?.style.left ?? ''`)).toBe('600px');
    expect(await cursorVisibility()).toBe('visible');
    await page.screenshot({ path: join(ARTIFACTS, 'live.png') });

    // The advisor's pointer, in the customer's viewport px (the replay is scaled).
    await c.next('viewers');
    const p = await screenPoint(page, 300, 250);
    expect(p.scale).toBeLessThan(1);
    await page.mouse.move(p.x, p.y);
    const pointer = await c.next('pointer');
    expect(pointer).toMatchObject({ type: 'pointer', viewerId: viewer.id, visible: true });
    expect(Math.abs(pointer.x - 300)).toBeLessThan(2);
    expect(Math.abs(pointer.y - 250)).toBeLessThan(2);

    // A stroke: press, drag, release.
    await page.getByRole('button', { name: 'Draw', exact: true }).click();
    const a = await screenPoint(page, 200, 500);
    const b = await screenPoint(page, 500, 560);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(a.x + ((b.x - a.x) * i) / 10, a.y + ((b.y - a.y) * i) / 10);
    await page.mouse.up();
    const draws = [await c.next('draw')];
    while (!draws.at(-1)!.done) draws.push(await c.next('draw'));
    const points = draws.flatMap((d) => d.points);
    expect(new Set(draws.map((d) => d.strokeId)).size).toBe(1);
    expect(draws[0]).toMatchObject({ viewerId: viewer.id, color: '#ff3b30', width: 4 });
    expect(Math.abs(points[0]![0] - 200) + Math.abs(points[0]![1] - 500)).toBeLessThan(3);
    expect(Math.abs(points.at(-1)![0] - 500) + Math.abs(points.at(-1)![1] - 560)).toBeLessThan(3);
    expect(await view(page, `v.shadowRoot.querySelectorAll('.live__strokes polyline').length`)).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'drawing.png') });
    await page.getByRole('button', { name: 'Clear drawing' }).click();
    expect(await c.next('draw_clear')).toEqual({ type: 'draw_clear', viewerId: viewer.id });
    expect(await view(page, `v.shadowRoot.querySelectorAll('.live__strokes polyline').length`)).toBe(0);

    // A finished stroke fades from the advisor's view too, as it does on the customer's page.
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 5 });
    await page.mouse.up();
    while (!(await c.next('draw')).done);
    const drawn = page.locator('cobrowse-live-view .live__strokes polyline');
    expect(await drawn.count()).toBe(1);
    const doneAt = Date.now();
    await expect.poll(() => drawn.count(), { timeout: 10_000, interval: 100 }).toBe(0);
    // Not before DRAW_FADE_MS (3 s) + the fade-out.
    expect(Date.now() - doneAt).toBeGreaterThan(3_000);
    await page.getByRole('button', { name: 'Point', exact: true }).click();

    // Chat both ways.
    const box = page.getByLabel('Message');
    await box.fill('Hello, I can see your checkout');
    await box.press('Enter');
    const sent = (await c.next('chat')).message;
    expect(sent).toMatchObject({ from: 'advisor', viewerId: viewer.id, text: 'Hello, I can see your checkout' });
    c.send({ type: 'chat', clientId: 'c1', text: 'The pay button does nothing' });
    await page.getByText('The pay button does nothing').waitFor();
    await expect(page.locator('cobrowse-live-chat .chat__msg--mine').count()).resolves.toBe(1);
    await expect(page.locator('cobrowse-live-chat .chat__msg[data-from="customer"] .chat__name').textContent()).resolves.toBe('Customer');

    // Control: request → pending → granted.
    await page.getByRole('button', { name: 'Request control' }).click();
    expect((await c.next('control_request')).viewer.id).toBe(viewer.id);
    await expect.poll(() => view(page, 'v.dataset.control')).toBe('pending');
    c.send({ type: 'control_grant', viewerId: viewer.id });
    await expect.poll(() => view(page, 'v.dataset.control')).toBe('granted');
    await page.getByText('You are in control').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'control.png') });

    // A click on the Pay button → its node id.
    const pay = await screenPoint(page, PAY_BOX.x + PAY_BOX.width / 2, PAY_BOX.y + PAY_BOX.height / 2);
    await page.mouse.click(pay.x, pay.y);
    // Aimed at the page on screen: the customer's page checks it is still the same one.
    expect(await c.next('control')).toEqual({
      type: 'control',
      viewerId: viewer.id,
      command: { action: 'click', target: { nodeId: IDS.pay } },
      page: 'checkout-page',
    });
    // Typing into the name field.
    const name = await screenPoint(page, NAME_BOX.x + 20, NAME_BOX.y + NAME_BOX.height / 2);
    await page.mouse.click(name.x, name.y);
    expect((await c.next('control')).command).toEqual({ action: 'click', target: { nodeId: IDS.name } });
    await page.keyboard.type('Al');
    expect((await c.next('control')).command).toEqual({ action: 'input', target: { nodeId: IDS.name }, value: 'A' });
    expect((await c.next('control')).command).toEqual({ action: 'input', target: { nodeId: IDS.name }, value: 'Al' });
    await page.keyboard.press('Enter');
    expect((await c.next('control')).command).toMatchObject({ action: 'key', target: { nodeId: IDS.name }, key: 'Enter' });

    // The customer's page refused a click: the advisor reads why, briefly.
    c.send({ type: 'control_refused', viewerId: viewer.id, action: 'click', reason: 'no_control' });
    const refusal = page.locator('cobrowse-live-view .live__refusal');
    await expect
      .poll(() => refusal.textContent())
      .toBe('Click refused on the customer’s page: the site does not allow control of that part of the page.');
    expect(await refusal.getAttribute('role')).toBe('status');
    await page.screenshot({ path: join(ARTIFACTS, 'refused.png') });
    await expect.poll(() => refusal.count(), { timeout: 8_000 }).toBe(0);
    // The wheel over the scrollable notes box scrolls it; elsewhere the document.
    const notes = await screenPoint(page, 300, 450);
    await page.mouse.move(notes.x, notes.y);
    await page.mouse.wheel(0, 120);
    const scroll = (await c.next('control')).command;
    expect(scroll).toMatchObject({ action: 'scroll', target: { nodeId: IDS.notes }, scrollX: 0 });
    expect((scroll as { scrollY: number }).scrollY).toBeGreaterThan(0);

    // Revoked by the customer: clicks are no longer commands.
    c.send({ type: 'control_revoke' });
    await expect.poll(() => view(page, 'v.dataset.control')).toBe('none');
    await page.getByText('The customer took back control.').waitFor();
    await page.mouse.click(pay.x, pay.y);
    await new Promise((r) => setTimeout(r, 300));
    expect(c.pending()).not.toContain('control');

    // The customer reloads: away (view kept, notice), then back with a new page.
    c.close();
    await expect.poll(() => state(page)).toBe('away');
    await page.getByText('The customer is loading another page').waitFor();
    expect(await replayText(page, '#status')).toBe('Step 4');
    await page.screenshot({ path: join(ARTIFACTS, 'away.png') });
    const back = await customer(id);
    await expect.poll(() => state(page)).toBe('live');
    back.c.send({ type: 'events', seq: seq++, events: snapshot(Date.now(), 'Reloaded') });
    await expect.poll(() => replayText(page, '#status')).toBe('Reloaded');

    // Stop: ended, with the reason.
    back.c.send({ type: 'stop_viewing' });
    await expect.poll(() => state(page)).toBe('ended');
    await page.getByText('The customer stopped sharing their screen.').waitFor();
    // Nothing stays as if the session went on: no "(you)" with a green dot, no control notice.
    await page.getByText('Nobody is watching now.').waitFor();
    expect(await page.getByText('(you)').count()).toBe(0);
    expect(await page.locator('cobrowse-live-view .live__dot--on').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'ended.png') });
    await page.close();
  });

  it('a declined join shows declined', async () => {
    const { c, id } = await customer();
    c.send({ type: 'events', seq: 0, events: snapshot(Date.now(), 'Hi') });
    await c.next('ack');
    const page = await newPage();
    // By session id (from the live list).
    await page.goto(`${t.url}/app/live`);
    await page.locator(`tr[data-session-id="${id}"]`).getByRole('link', { name: 'Watch' }).click();
    await expect.poll(() => state(page)).toBe('waiting');
    expect(new URL(page.url()).pathname).toBe(`/app/live/${id}`);
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: false });
    await expect.poll(() => state(page)).toBe('declined');
    await page.getByText('The customer declined.').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'declined.png') });
    expect(await view(page, 'v.replayIframe')).toBeNull();
    await page.close();
  });
  it('a wrong code is an error on the join form, with the code kept (not a whole live screen)', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/app/live`);
    await page.getByLabel('Code from the customer').fill('000000');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    const alert = page.locator('cobrowse-live-list').getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/code/i);
    expect(new URL(page.url()).pathname).toBe('/app/live');
    expect(await page.getByLabel('Code from the customer').inputValue()).toBe('000000');
    expect(await page.locator('cobrowse-live-view').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'wrong-code.png') });
    // Typing another code clears it.
    await page.getByLabel('Code from the customer').fill('1234');
    expect(await alert.count()).toBe(0);
    await page.close();
  });
});

/**
 * Live co-browsing over real WebSockets against a real server: codes,
 * consent, late joiners, fan-out, stop, control, chat, reconnects, bad
 * messages and refused sockets.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { liveChatMessages } from '../../db/schema.ts';
import { LiveCloseCode, type LiveSessionSummary } from '../../protocol/live.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, full, incr, meta, type AdvisorClient, type CustomerClient } from './live-client.ts';

describe.each(testDrivers)('live on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, liveGraceMs: 1_500 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  /** A customer tab's socket; `page`: its page load (a reconnect of the same page keeps it). */
  const customer = async (sessionId?: string, page: string = crypto.randomUUID()) => {
    const id = sessionId ?? (await t.startSession());
    const c = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(c);
    c.send({ type: 'hello', page });
    const welcome = await c.next('welcome');
    return { c, id, welcome, page };
  };
  const advisor = async () => {
    const a = await connectAdvisor(t.url, await t.token());
    open.push(a);
    return a;
  };
  const helpCode = async (c: CustomerClient) => {
    c.send({ type: 'help_request' });
    return (await c.next('help_code')).code;
  };
  /** Code → join → consent accepted → welcome. */
  const watch = async (c: CustomerClient, code: string, a?: AdvisorClient) => {
    a ??= await advisor();
    a.send({ type: 'join', code });
    await a.next('waiting');
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    const welcome = await a.next('welcome');
    return { a, viewerId: welcome.viewerId, welcome };
  };

  it('code → join → consent accepted: the advisor watches and the customer sees who', async () => {
    const { c, id, welcome } = await customer();
    expect(welcome).toMatchObject({ sessionId: id, lastSeq: -1, consentRequired: true, viewers: [], code: null });
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2), incr(3, 1)] });
    expect(await c.next('ack')).toEqual({ type: 'ack', seq: 0 });
    const code = await helpCode(c);
    expect(code).toMatch(/^\d{6}$/);

    const a = await advisor();
    a.send({ type: 'join', code, name: 'Alice' });
    expect(await a.next('waiting')).toEqual({ type: 'waiting', reason: 'consent' });
    const { viewer } = await c.next('consent_request');
    expect(viewer.name).toBe('Alice');
    // Nothing is shown before consent.
    expect(a.pending()).toEqual([]);
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    const w = await a.next('welcome');
    expect(w).toMatchObject({ viewerId: viewer.id, sessionId: id, customerConnected: true });
    const sync = await a.next('sync');
    expect(sync.batches).toEqual([{ seq: 0, events: [meta(1), full(2), incr(3, 1)] }]);
    const viewers = await c.next('viewers');
    expect(viewers.viewers.map((v) => v.name)).toEqual(['Alice']);

    const list = (await (await t.api('/api/live/sessions')).json()) as { sessions: LiveSessionSummary[] };
    expect(list.sessions.find((s) => s.sessionId === id)).toMatchObject({ helpRequested: true, customerConnected: true });
  });

  it("the live list's Page column follows the customer to their next page", async () => {
    const id = await t.startSession();
    const urlOf = async () =>
      ((await (await t.api('/api/live/sessions')).json()) as { sessions: LiveSessionSummary[] }).sessions.find((s) => s.sessionId === id)
        ?.url;
    const first = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(first);
    first.send({ type: 'hello', page: crypto.randomUUID(), url: 'http://shop.test/cart' });
    await first.next('welcome');
    first.send({ type: 'help_request' });
    await first.next('help_code');
    await expect.poll(urlOf).toBe('http://shop.test/cart');
    // The next page of the tab: a new socket says hello from there.
    first.close();
    const next = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(next);
    next.send({ type: 'hello', page: crypto.randomUUID(), url: 'http://shop.test/checkout' });
    await next.next('welcome');
    await expect.poll(urlOf).toBe('http://shop.test/checkout');
  });

  it('consent declined: the advisor is told and closed, sees nothing', async () => {
    const { c } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const code = await helpCode(c);
    const a = await advisor();
    a.send({ type: 'join', code });
    await a.next('waiting');
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: false });
    expect(await a.next('ended')).toEqual({ type: 'ended', reason: 'declined' });
    expect((await a.closed).code).toBe(LiveCloseCode.Declined);
    expect(a.pending()).toEqual([]);
  });

  it('no consent prompt when the site turned it off', async () => {
    // A site of its own: the ingest site lookup caches sites for a few seconds.
    const site = await t.createSite({ name: 'No consent', allowedOrigins: [TEST_ORIGIN] });
    const off = await t.api(`/api/sites/${site.id}`, { method: 'PATCH', body: JSON.stringify({ liveConsentRequired: false }) });
    expect(off.status).toBe(200);
    const id = await t.startSession({ siteKey: site.siteKey });
    const c = await connectCustomer(t.url, id, site.siteKey);
    open.push(c);
    c.send({ type: 'hello' });
    expect((await c.next('welcome')).consentRequired).toBe(false);
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const a = await advisor();
    a.send({ type: 'join', code: await helpCode(c) });
    await a.next('welcome');
    await a.next('sync');
    expect(c.pending()).not.toContain('consent_request');
  });

  it('an unknown code is a clear error and the advisor may try again', async () => {
    const a = await advisor();
    a.send({ type: 'join', code: '000000' });
    expect(await a.next('error')).toMatchObject({ code: 'unknown_code', ref: 'join' });
    const { c } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    await watch(c, await helpCode(c), a);
    await a.next('sync');
  });

  it('a late joiner gets the latest snapshot and the events after it, in order', async () => {
    const { c, id, page } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2, 'old'), incr(3, 1)] });
    c.send({ type: 'events', seq: 1, events: [incr(4, 2)] });
    c.send({ type: 'events', seq: 2, events: [incr(5, 3), meta(6), full(7, 'new')] });
    c.send({ type: 'events', seq: 3, events: [incr(8, 4)] });
    c.send({ type: 'events', seq: 4, events: [incr(9, 5)] });
    for (let s = 0; s <= 4; s++) await c.next('ack');
    const { a } = await watch(c, await helpCode(c));
    const sync = await a.next('sync');
    expect(sync.batches).toEqual([
      { seq: 2, events: [meta(6), full(7, 'new')] },
      { seq: 3, events: [incr(8, 4)] },
      { seq: 4, events: [incr(9, 5)] },
    ]);
    expect(sync).toMatchObject({ tab: id, page });
    c.send({ type: 'events', seq: 5, events: [incr(10, 6)] });
    expect(await a.next('events')).toEqual({ type: 'events', seq: 5, events: [incr(10, 6)], tab: id, page });
  });

  it('without a snapshot the server asks the recorder for one, and the viewer syncs on it', async () => {
    const { c } = await customer();
    c.send({ type: 'events', seq: 0, events: [incr(1, 1)] });
    const code = await helpCode(c);
    const { a } = await watch(c, code);
    expect(await c.next('snapshot_request')).toMatchObject({ reason: 'no_snapshot' });
    c.send({ type: 'events', seq: 1, events: [meta(2), full(3)] });
    expect((await a.next('sync')).batches).toEqual([{ seq: 1, events: [meta(2), full(3)] }]);
  });

  it('events fan out to two viewers; stop viewing closes both at once', async () => {
    const { c } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const code = await helpCode(c);
    const one = await watch(c, code);
    const two = await watch(c, code);
    await one.a.next('sync');
    await two.a.next('sync');
    const viewers = await c.next('viewers');
    expect(viewers.viewers).toHaveLength(1);
    expect((await c.next('viewers')).viewers).toHaveLength(2);

    for (let s = 1; s <= 5; s++) c.send({ type: 'events', seq: s, events: [incr(2 + s, s)] });
    for (const { a } of [one, two]) {
      for (let s = 1; s <= 5; s++) expect((await a.next('events')).seq).toBe(s);
    }

    c.send({ type: 'stop_viewing' });
    for (const { a } of [one, two]) {
      expect(await a.next('ended')).toEqual({ type: 'ended', reason: 'stopped_by_customer' });
      expect((await a.closed).code).toBe(LiveCloseCode.StoppedByCustomer);
    }
    expect((await c.next('viewers')).viewers.length).toBeLessThan(2);
    // The code is void after stop.
    const again = await advisor();
    again.send({ type: 'join', code });
    expect(await again.next('error')).toMatchObject({ code: 'unknown_code' });
  });

  it('control: request → grant → commands reach the customer → revoke; deny; commands without control refused', async () => {
    const { c, id, page } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const { a, viewerId } = await watch(c, await helpCode(c));
    const click = { action: 'click', target: { nodeId: 5 } } as const;
    const aim = { tab: id, page };

    a.send({ type: 'control', command: click, ...aim });
    expect(await a.next('error')).toMatchObject({ code: 'not_in_control', ref: 'control' });

    a.send({ type: 'control_request' });
    expect((await c.next('control_request')).viewer.id).toBe(viewerId);
    c.send({ type: 'control_deny', viewerId });
    await a.next('control_denied');

    a.send({ type: 'control_request' });
    await c.next('control_request');
    // An older recorder's grant (no `typing`) means clicks and scrolling only.
    c.send({ type: 'control_grant', viewerId });
    expect(await a.next('control_state')).toEqual({ type: 'control_state', controllerId: viewerId, typing: false });
    expect(await c.next('control_state')).toEqual({ type: 'control_state', controllerId: viewerId, typing: false });
    a.send({ type: 'control', command: click, ...aim });
    expect(await c.next('control')).toEqual({ type: 'control', viewerId, command: click, page });
    a.send({ type: 'control', command: { action: 'scroll', scrollX: 0, scrollY: 400 }, ...aim });
    expect((await c.next('control')).command).toMatchObject({ action: 'scroll', scrollY: 400 });

    c.send({ type: 'control_revoke' });
    expect(await a.next('control_state')).toEqual({ type: 'control_state', controllerId: null, typing: false });
    a.send({ type: 'control', command: click, ...aim });
    expect(await a.next('error')).toMatchObject({ code: 'not_in_control' });

    // A site that allows remote typing says so in its grant; every advisor learns it with the holder.
    a.send({ type: 'control_request' });
    await c.next('control_request');
    c.send({ type: 'control_grant', viewerId, typing: true });
    expect(await a.next('control_state')).toEqual({ type: 'control_state', controllerId: viewerId, typing: true });
    c.send({ type: 'control_revoke' });
    expect(await a.next('control_state')).toEqual({ type: 'control_state', controllerId: null, typing: false });

    // Pointer and drawing reach the customer.
    a.send({ type: 'pointer', x: 10, y: 20 });
    expect(await c.next('pointer')).toMatchObject({ viewerId, x: 10, y: 20, visible: true });
    a.send({
      type: 'draw',
      strokeId: 's1',
      points: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(await c.next('draw')).toMatchObject({
      viewerId,
      strokeId: 's1',
      points: [
        [1, 2],
        [3, 4],
      ],
      color: '#ff3b30',
    });
  });

  it('a refused command is reported to the advisor who sent it, and to no one else', async () => {
    const { c } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const code = await helpCode(c);
    const one = await watch(c, code);
    const two = await watch(c, code);

    c.send({ type: 'control_refused', viewerId: one.viewerId, action: 'input', reason: 'masked' });
    expect(await one.a.next('control_refused')).toEqual({ type: 'control_refused', action: 'input', reason: 'masked' });
    c.send({ type: 'control_refused', viewerId: two.viewerId, action: 'click', reason: 'no_control' });
    expect(await two.a.next('control_refused')).toEqual({ type: 'control_refused', action: 'click', reason: 'no_control' });
    // A chat sent after both refusals reaches everyone after them: nothing more is on its way.
    c.send({ type: 'chat', clientId: 'after', text: 'after the refusals' });
    for (const { a } of [one, two]) await a.next('chat');
    expect(one.a.pending()).not.toContain('control_refused');
    expect(two.a.pending()).not.toContain('control_refused');

    // An unknown viewer (left meanwhile) is ignored; a made-up reason is a bad message.
    c.send({ type: 'control_refused', viewerId: 'gone', action: 'click', reason: 'no_control' });
    c.send({ type: 'control_refused', viewerId: one.viewerId, action: 'click', reason: 'because' });
    expect(await c.next('error')).toMatchObject({ code: 'bad_message', ref: 'control_refused' });
  });

  it('chat both ways, stored with the session', async () => {
    const { c, id } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const { a, viewerId } = await watch(c, await helpCode(c));
    c.send({ type: 'chat', clientId: 'c1', text: 'Hello, I am stuck' });
    const m1 = (await a.next('chat')).message;
    expect(m1).toMatchObject({ clientId: 'c1', from: 'customer', viewerId: null, text: 'Hello, I am stuck' });
    expect((await c.next('chat')).message.id).toBe(m1.id);
    a.send({ type: 'chat', clientId: 'a1', text: 'Let me look' });
    const m2 = (await c.next('chat')).message;
    expect(m2).toMatchObject({ clientId: 'a1', from: 'advisor', viewerId, text: 'Let me look' });

    await expect
      .poll(async () =>
        (await database.db.select().from(liveChatMessages).where(eq(liveChatMessages.sessionId, id)))
          .map((r) => [r.fromRole, r.text])
          .sort(),
      )
      .toEqual([
        ['advisor', 'Let me look'],
        ['customer', 'Hello, I am stuck'],
      ]);
  });

  it('the customer reconnecting within the grace period keeps its viewers; past it the room ends', async () => {
    const { c, id, page } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    await c.next('ack');
    const { a } = await watch(c, await helpCode(c));
    await a.next('sync');
    c.close();
    expect(await a.next('customer_status')).toEqual({ type: 'customer_status', connected: false });

    // The same page reconnecting: resume, resend what was not acked, new snapshot.
    const back = await customer(id, page);
    expect(back.welcome.lastSeq).toBe(0);
    expect(back.welcome.viewers).toHaveLength(1);
    expect(await a.next('customer_status')).toEqual({ type: 'customer_status', connected: true });
    back.c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    expect(await back.c.next('ack')).toEqual({ type: 'ack', seq: 0 });
    back.c.send({ type: 'events', seq: 1, events: [meta(3), full(4, 'page2')] });
    expect(await a.next('events')).toEqual({ type: 'events', seq: 1, events: [meta(3), full(4, 'page2')], tab: id, page });

    back.c.close();
    expect(await a.next('ended', 5_000)).toEqual({ type: 'ended', reason: 'customer_left' });
    expect((await a.closed).code).toBe(LiveCloseCode.RoomClosed);
  });

  it('an advisor reconnecting resumes after its last seq without a new consent', async () => {
    const { c, id, page } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const { a, viewerId } = await watch(c, await helpCode(c));
    await a.next('sync');
    a.close();
    await a.closed;
    c.send({ type: 'events', seq: 1, events: [incr(3, 1)] });
    const b = await advisor();
    b.send({ type: 'join', sessionId: id, resume: { viewerId, lastSeq: 0, tab: id, page } });
    expect((await b.next('welcome')).viewerId).toBe(viewerId);
    expect(await b.next('events')).toEqual({ type: 'events', seq: 1, events: [incr(3, 1)], tab: id, page });
    expect(c.pending()).not.toContain('consent_request');
  });

  it('bad messages get a clear error and never break the room', async () => {
    const { c } = await customer();
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    const { a } = await watch(c, await helpCode(c));
    await a.next('sync');
    c.sendRaw('not json');
    expect(await c.next('error')).toMatchObject({ code: 'bad_message', message: 'not valid JSON' });
    c.send({ type: 'nope' });
    expect(await c.next('error')).toMatchObject({ code: 'bad_message', ref: 'nope' });
    c.send({ type: 'events', seq: -1, events: [] });
    expect(await c.next('error')).toMatchObject({ code: 'bad_message', ref: 'events' });
    c.send({ type: 'consent', viewerId: 'ghost', accept: true });
    expect(await c.next('error')).toMatchObject({ code: 'unknown_viewer' });
    a.send({ type: 'chat', clientId: 'x', text: 'y'.repeat(70_000) });
    expect(await a.next('error')).toMatchObject({ code: 'too_large' });
    a.send({ type: 'draw', strokeId: 's', points: [] });
    expect(await a.next('error')).toMatchObject({ code: 'bad_message', ref: 'draw' });
    a.send({ type: 'join', code: '123456' });
    expect(await a.next('error')).toMatchObject({ code: 'bad_state' });
    // Still alive both ways.
    c.send({ type: 'events', seq: 1, events: [incr(3, 1)] });
    expect((await a.next('events')).seq).toBe(1);
  });

  it('refuses sockets without a valid site key, from a wrong origin, for another site, or without a token', async () => {
    const id = await t.startSession();
    await expect(connectCustomer(t.url, id, 'wrong-key')).rejects.toThrow('HTTP 401');
    await expect(connectCustomer(t.url, id, t.site.siteKey, 'http://evil.test')).rejects.toThrow('HTTP 403');
    await expect(connectCustomer(t.url, id, t.site.siteKey, null)).rejects.toThrow('HTTP 403');
    await expect(connectCustomer(t.url, crypto.randomUUID(), t.site.siteKey)).rejects.toThrow('HTTP 404');
    await expect(connectAdvisor(t.url, 'x'.repeat(43))).rejects.toThrow('HTTP 401');
    const res = await t.api('/api/live/sessions', { token: null });
    expect(res.status).toBe(401);
  });
});

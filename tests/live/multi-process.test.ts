/**
 * Two server processes (two servers on one PostgreSQL database, Redis as
 * the live bus): the customer on A, the advisor on B.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { LiveCloseCode } from '../../protocol/live.ts';
import { connectAdvisor, connectCustomer, full, incr, meta } from './live-client.ts';

const postgresDriver = testDrivers.find((d) => d.name === 'postgres');
const busUrl = process.env.LIVE_BUS_URL ?? 'redis://127.0.0.1:6379';

describe.skipIf(!postgresDriver)('live across two processes (PostgreSQL + Redis bus)', () => {
  let database: Database;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await postgresDriver!.open();
    a = await startTestServer({ database, liveBusUrl: busUrl, liveGraceMs: 2_000 });
    b = await startTestServer({ database, liveBusUrl: busUrl, liveGraceMs: 2_000 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
  });

  it('customer on A, advisor on B: code, consent, sync, events, chat, control, stop', async () => {
    expect(a.server.live.nodeId).not.toBe(b.server.live.nodeId);
    const id = await a.startSession();
    const c = await connectCustomer(a.url, id, a.site.siteKey);
    c.send({ type: 'hello', page: 'p1' });
    await c.next('welcome');
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    await c.next('ack');
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    expect(a.server.live.localRoom(id)).toBeDefined();
    expect(b.server.live.localRoom(id)).toBeUndefined();

    const adv = await connectAdvisor(b.url, await b.token());
    adv.send({ type: 'join', code, name: 'Bob' });
    await adv.next('waiting');
    const { viewer } = await c.next('consent_request');
    expect(viewer.name).toBe('Bob');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    expect((await adv.next('welcome')).viewerId).toBe(viewer.id);
    expect((await adv.next('sync')).batches).toEqual([{ seq: 0, events: [meta(1), full(2)] }]);

    for (let s = 1; s <= 3; s++) c.send({ type: 'events', seq: s, events: [incr(2 + s, s)] });
    for (let s = 1; s <= 3; s++) expect((await adv.next('events')).seq).toBe(s);

    adv.send({ type: 'chat', clientId: 'a1', text: 'hi from B' });
    expect((await c.next('chat')).message).toMatchObject({ from: 'advisor', text: 'hi from B' });
    adv.send({ type: 'control_request' });
    await c.next('control_request');
    c.send({ type: 'control_grant', viewerId: viewer.id });
    expect((await adv.next('control_state')).controllerId).toBe(viewer.id);
    adv.send({ type: 'control', command: { action: 'input', target: { nodeId: 9 }, value: 'x' }, tab: id, page: 'p1' });
    expect((await c.next('control')).command).toMatchObject({ action: 'input', value: 'x' });
    // The page refused it: the advisor on B is told.
    c.send({ type: 'control_refused', viewerId: viewer.id, action: 'input', reason: 'masked' });
    expect(await adv.next('control_refused')).toEqual({ type: 'control_refused', action: 'input', reason: 'masked' });

    // The list is the same from either process.
    const listed = async (t: TestServer) =>
      ((await (await t.api('/api/live/sessions')).json()) as { sessions: { sessionId: string }[] }).sessions.map((s) => s.sessionId);
    expect(await listed(b)).toContain(id);

    c.send({ type: 'stop_viewing' });
    expect(await adv.next('ended')).toEqual({ type: 'ended', reason: 'stopped_by_customer' });
    await adv.closed;
    c.close();
  });

  it('disconnecting an advisor on A closes their live view held by B', async () => {
    const id = await a.startSession();
    const c = await connectCustomer(a.url, id, a.site.siteKey);
    c.send({ type: 'hello', page: 'p1' });
    await c.next('welcome');
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    const adv = await connectAdvisor(b.url, await b.token());
    adv.send({ type: 'join', code });
    await adv.next('waiting');

    const me = (await (await a.api('/api/me')).json()) as { id: string };
    const { orgs } = (await (await a.api('/api/orgs')).json()) as { orgs: { id: string }[] };
    // Nothing of theirs on A itself: the bus carries it to B.
    expect(a.server.live.disconnectAdvisor(me.id, orgs[0]!.id)).toBe(0);
    expect((await adv.closed).code).toBe(LiveCloseCode.AccessRevoked);
    c.close();
  });

  it('the customer reloading onto the other process keeps the room and its viewer', async () => {
    const id = await a.startSession();
    const c = await connectCustomer(a.url, id, a.site.siteKey);
    c.send({ type: 'hello' });
    await c.next('welcome');
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    const adv = await connectAdvisor(a.url, await a.token());
    adv.send({ type: 'join', code });
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await adv.next('sync');
    c.close();
    expect(await adv.next('customer_status')).toMatchObject({ connected: false });

    const c2 = await connectCustomer(b.url, id, a.site.siteKey);
    c2.send({ type: 'hello', lastAckedSeq: 0 });
    const welcome = await c2.next('welcome');
    expect(welcome.viewers.map((v) => v.id)).toEqual([viewer.id]);
    expect(await adv.next('customer_status')).toMatchObject({ connected: true });
    c2.send({ type: 'events', seq: 1, events: [meta(3), full(4, 'page2')] });
    expect(await c2.next('ack')).toEqual({ type: 'ack', seq: 1 });
    expect((await adv.next('events')).seq).toBe(1);
    c2.send({ type: 'bye' });
    expect(await adv.next('ended')).toEqual({ type: 'ended', reason: 'room_closed' });
  });

  it("a customer's second tab reaching the other process joins the visit's room at its home", async () => {
    const visitKey = crypto.randomUUID();
    const one = await a.startSession({ visitKey });
    const two = await a.startSession({ visitKey });
    const c1 = await connectCustomer(a.url, one, a.site.siteKey);
    c1.send({ type: 'hello', page: 'p1' });
    await c1.next('welcome');
    c1.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    c1.send({ type: 'help_request' });
    const { code } = await c1.next('help_code');
    const adv = await connectAdvisor(b.url, await b.token());
    adv.send({ type: 'join', code });
    const { viewer } = await c1.next('consent_request');
    c1.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await adv.next('sync');

    // The second tab on B, following live help: it lands in A's room, already watched.
    const c2 = await connectCustomer(b.url, two, a.site.siteKey);
    c2.send({ type: 'hello', page: 'p2', follow: true });
    expect((await c2.next('welcome')).viewers.map((v) => v.id)).toEqual([viewer.id]);
    expect(a.server.live.localRoom(two)).toBe(a.server.live.localRoom(one));
    expect(b.server.live.localRoom(two)).toBeUndefined();
    await c2.next('snapshot_request');
    c2.send({ type: 'events', seq: 0, events: [meta(3), full(4, 'two')] });
    for (;;) {
      const m = await adv.next('sync');
      if (m.tab === two) break;
    }
    adv.send({ type: 'control_request' });
    await c2.next('control_request');
    c2.send({ type: 'control_grant', viewerId: viewer.id });
    await adv.next('control_state');
    adv.send({ type: 'control', command: { action: 'click', target: { nodeId: 3 } }, tab: one, page: 'p1' });
    expect(await adv.next('control_refused')).toMatchObject({ reason: 'other_tab' });
    c1.send({ type: 'stop_viewing' });
    expect(await adv.next('ended')).toEqual({ type: 'ended', reason: 'stopped_by_customer' });
    expect((await c2.closed).code).toBe(LiveCloseCode.RoomClosed);
    c1.close();
  });
});

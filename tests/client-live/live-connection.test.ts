/**
 * The advisor's live connection (client/live/live-connection.ts) in Node,
 * on Node's own WebSocket, against the real server with a scripted customer:
 * join → waiting → welcome → sync → events, chat, control, resume after a
 * dropped socket, decline, unknown code, stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import {
  backoffDelay,
  LiveConnection,
  type LiveConnectionEvents,
  type LiveConnectionOptions,
  type SocketLike,
} from '../../client/live/live-connection.ts';
import { organisations, sites } from '../../db/schema.ts';
import type { Advisor } from '../../protocol/api.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { connectCustomer, full, incr, meta, type CustomerClient } from '../live/live-client.ts';

/** Resolves with the next emission of `name`. */
function next<K extends keyof LiveConnectionEvents>(c: LiveConnection, name: K, timeoutMs = 5_000): Promise<LiveConnectionEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(name)} within ${timeoutMs} ms (state ${c.state})`)), timeoutMs);
    c.once(name, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

describe('LiveConnection against the real server', () => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 2_000 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  const customer = async () => {
    const id = await t.startSession();
    const c = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(c);
    c.send({ type: 'hello' });
    await c.next('welcome');
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2), incr(3, 1)] });
    await c.next('ack');
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    return { c, id, code };
  };

  const advisor = async (target: LiveConnectionOptions['target'], extra: Partial<LiveConnectionOptions> = {}) => {
    const live = new LiveConnection({
      url: t.url,
      token: await t.token(),
      target,
      name: 'Alice',
      backoff: { baseMs: 50, maxMs: 200 },
      ...extra,
    });
    open.push(live);
    return live;
  };

  /** Joins by code and lets the customer accept; resolves after welcome + sync. */
  const watch = async (c: CustomerClient, code: string, extra: Partial<LiveConnectionOptions> = {}) => {
    const live = await advisor({ code }, extra);
    const waiting = next(live, 'waiting');
    live.connect();
    expect(live.state).toBe('connecting');
    await waiting;
    expect(live.state).toBe('waiting');
    const { viewer } = await c.next('consent_request');
    expect(viewer.name).toBe('Alice');
    const welcome = next(live, 'welcome');
    const sync = next(live, 'sync');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    const [w, resumed] = await welcome;
    expect(resumed).toBe(false);
    expect(live.state).toBe('live');
    expect(w.viewerId).toBe(viewer.id);
    const [batches] = await sync;
    return { live, viewerId: viewer.id, batches };
  };

  it('backoff grows exponentially, is capped and jittered', () => {
    const o = { baseMs: 500, maxMs: 15_000 };
    expect(backoffDelay(0, o, () => 0)).toBe(250);
    expect(backoffDelay(0, o, () => 1)).toBe(500);
    expect(backoffDelay(3, o, () => 1)).toBe(4_000);
    expect(backoffDelay(20, o, () => 1)).toBe(15_000);
    expect(backoffDelay(20, o, () => 0)).toBe(7_500);
  });

  it('joins by code, waits for consent, syncs, follows events, chat, control and viewers; ends on stop', async () => {
    const { c, id, code } = await customer();
    const { live, viewerId, batches } = await watch(c, code);
    expect(live.sessionId).toBe(id);
    expect(batches).toEqual([{ seq: 0, events: [meta(1), full(2), incr(3, 1)] }]);
    expect(live.lastSeq).toBe(0);
    expect(live.customerConnected).toBe(true);

    const ev = next(live, 'events');
    c.send({ type: 'events', seq: 1, events: [incr(4, 2)] });
    expect((await ev)[0]).toEqual({ seq: 1, events: [incr(4, 2)] });
    expect(live.lastSeq).toBe(1);

    // Advisor → customer: pointer, draw, chat.
    expect(live.pointer(10, 20)).toBe(true);
    expect(await c.next('pointer')).toMatchObject({ viewerId, x: 10, y: 20, visible: true });
    live.draw({ strokeId: 's1', points: [[1, 2]], color: '#ff3b30', width: 4, done: true });
    expect(await c.next('draw')).toMatchObject({ viewerId, strokeId: 's1', points: [[1, 2]], done: true });
    live.drawClear();
    expect(await c.next('draw_clear')).toEqual({ type: 'draw_clear', viewerId });
    const echo = next(live, 'chat');
    const clientId = live.sendChat('Hello from Alice');
    expect((await c.next('chat')).message).toMatchObject({ clientId, from: 'advisor', viewerId, name: 'Alice', text: 'Hello from Alice' });
    expect((await echo)[0]).toMatchObject({ clientId, from: 'advisor' });
    const fromCustomer = next(live, 'chat');
    c.send({ type: 'chat', clientId: 'c1', text: 'Hi!' });
    expect((await fromCustomer)[0]).toMatchObject({ from: 'customer', text: 'Hi!' });
    expect(live.chat.map((m) => m.text)).toEqual(['Hello from Alice', 'Hi!']);

    // Control: denied, then granted, commands, revoked.
    const aim = { tab: live.tab!, page: live.page! };
    expect(aim.tab).toBe(id);
    expect(live.control({ action: 'click', target: { nodeId: 1 } }, aim)).toBe(false);
    live.requestControl();
    await c.next('control_request');
    const denied = next(live, 'control_denied');
    c.send({ type: 'control_deny', viewerId });
    await denied;
    live.requestControl();
    await c.next('control_request');
    const granted = next(live, 'control_state');
    c.send({ type: 'control_grant', viewerId });
    expect((await granted)[0]).toBe(viewerId);
    expect(live.inControl).toBe(true);
    live.control({ action: 'click', target: { nodeId: 5 } }, aim);
    expect(await c.next('control')).toMatchObject({ command: { action: 'click', target: { nodeId: 5 } }, page: aim.page });
    const revoked = next(live, 'control_state');
    c.send({ type: 'control_revoke' });
    expect((await revoked)[0]).toBeNull();
    expect(live.inControl).toBe(false);

    // The customer reloads: away, then back.
    const away = next(live, 'customer_status');
    c.close();
    expect((await away)[0]).toBe(false);
    const back = next(live, 'customer_status');
    const c2 = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(c2);
    c2.send({ type: 'hello' });
    await c2.next('welcome');
    expect((await back)[0]).toBe(true);

    const ended = next(live, 'ended');
    c2.send({ type: 'stop_viewing' });
    expect((await ended)[0]).toBe('stopped_by_customer');
    expect(live.state).toBe('ended');
  });

  it('reconnects after a dropped socket and resumes with only the missed batches', async () => {
    const { c, code } = await customer();
    const sockets: SocketLike[] = [];
    const { live, viewerId } = await watch(c, code, {
      socket: (url, protocols) => {
        const s = new WebSocket(url, protocols) as unknown as SocketLike;
        sockets.push(s);
        return s;
      },
    });
    expect(sockets).toHaveLength(1);
    const reconnecting = next(live, 'reconnecting');
    sockets[0]!.close(3000, 'network blip');
    const [info] = await reconnecting;
    expect(info.attempt).toBe(1);
    expect(live.state).toBe('reconnecting');
    // Batches sent while the advisor is away.
    c.send({ type: 'events', seq: 1, events: [incr(4, 2)] });
    c.send({ type: 'events', seq: 2, events: [incr(5, 3)] });
    const welcome = next(live, 'welcome');
    const got: number[] = [];
    live.on('events', (b) => got.push(b.seq));
    let synced = false;
    live.on('sync', () => (synced = true));
    const [w, resumed] = await welcome;
    expect(resumed).toBe(true);
    expect(w.viewerId).toBe(viewerId);
    await expect.poll(() => got).toEqual([1, 2]);
    expect(synced).toBe(false);
    expect(sockets).toHaveLength(2);
    expect(c.pending()).not.toContain('consent_request');
    expect(live.state).toBe('live');
  });

  it('a new connection given a remembered viewer id (a reloaded tab) resumes without consent and gets a sync', async () => {
    const { c, id, code } = await customer();
    const { live, viewerId } = await watch(c, code);
    // The tab reloads: a new connection remembers the viewer id (the old one is replaced).
    const replaced = next(live, 'ended');
    const again = await advisor({ sessionId: id }, { resumeViewerId: viewerId });
    const welcome = next(again, 'welcome');
    const sync = next(again, 'sync');
    again.connect();
    expect(again.state).toBe('connecting');
    const [w, resumed] = await welcome;
    expect(w.viewerId).toBe(viewerId);
    expect(resumed).toBe(true);
    expect((await sync)[0].at(-1)!.seq).toBe(0);
    expect(c.pending()).not.toContain('consent_request');
    expect((await replaced)[0]).toBe('replaced');
  });

  it('a declined viewer ends with reason declined', async () => {
    const { c, code } = await customer();
    const live = await advisor({ code });
    live.connect();
    await next(live, 'waiting');
    const { viewer } = await c.next('consent_request');
    const ended = next(live, 'ended');
    c.send({ type: 'consent', viewerId: viewer.id, accept: false });
    expect((await ended)[0]).toBe('declined');
    expect(live.state).toBe('ended');
    expect(live.endReason).toBe('declined');
  });

  it('acts in the organisation it names; access revoked by an admin ends it for good (no reconnect)', async () => {
    // A second organisation with a site, the signed-in admin a member of it too.
    const { db } = database;
    const [brand] = await db.insert(organisations).values({ name: 'Brand B' }).returning();
    const me = (await (await t.api('/api/me')).json()) as Advisor;
    await upsertMembership(db, { orgId: brand!.id, advisorId: me.id, role: 'admin' });
    const [site] = await db
      .insert(sites)
      .values({ orgId: brand!.id, name: 'B shop', siteKey: `pk_b_${crypto.randomUUID()}`, allowedOrigins: [TEST_ORIGIN] })
      .returning();
    const id = await t.startSession({ siteKey: site!.siteKey });
    const c = await connectCustomer(t.url, id, site!.siteKey);
    open.push(c);
    c.send({ type: 'hello' });
    await c.next('welcome');
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    await c.next('ack');

    // Not naming it: the advisor acts in their first organisation, where this session does not exist.
    const plain = await advisor({ sessionId: id });
    plain.connect();
    await expect.poll(() => plain.state).toBe('error');
    expect(c.pending()).not.toContain('consent_request');

    // Naming organisation B (what the app's switcher sends): the join reaches the customer.
    const named = await advisor({ sessionId: id }, { orgId: brand!.id });
    const waiting = next(named, 'waiting');
    named.connect();
    await waiting;
    await c.next('consent_request');

    let reconnects = 0;
    named.on('reconnecting', () => reconnects++);
    expect(t.server.live.disconnectAdvisor(me.id, brand!.id)).toBeGreaterThanOrEqual(1);
    await expect.poll(() => named.state).toBe('error');
    await new Promise((r) => setTimeout(r, 400));
    expect(reconnects).toBe(0);
    expect(named.state).toBe('error');
  });

  it('an unknown code is an error state with a clear message', async () => {
    const live = await advisor({ code: '000000' });
    const state = next(live, 'error');
    live.connect();
    expect((await state)[0]).toMatchObject({ code: 'unknown_code', ref: 'join' });
    expect(live.state).toBe('error');
    expect(live.errorMessage).toMatch(/No live session has this code/);
  });

  it('too many wrong codes: an error state that says when to try again, even for the right code', async () => {
    const { code } = await customer();
    await t.createAdvisor('guesser@cobrowse.test', 'guesser-password');
    const token = await t.tokenFor('guesser@cobrowse.test', 'guesser-password');
    const tryCode = async (c: string) => {
      const live = new LiveConnection({ url: t.url, token, target: { code: c } });
      open.push(live);
      const refused = next(live, 'error');
      live.connect();
      const [error] = await refused;
      return { live, error };
    };
    // The server's default: 10 wrong codes per advisor in 5 minutes.
    for (let i = 0; i < 10; i++) {
      const wrong = String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      expect((await tryCode(wrong)).error).toMatchObject({ code: 'unknown_code' });
    }
    const { live, error } = await tryCode(code);
    expect(error).toMatchObject({ code: 'rate_limited', ref: 'join' });
    expect(live.state).toBe('error');
    expect(live.errorMessage).toMatch(/^Too many wrong codes\. Try again in [1-5] minutes? \(at \d\d:\d\d.*\)\.$/);
    expect(live.retryAt).toBeGreaterThan(Date.now() + 4 * 60_000);
  });

  it('close() leaves: the customer sees the viewer go', async () => {
    const { c, code } = await customer();
    const { live } = await watch(c, code);
    expect((await c.next('viewers')).viewers).toHaveLength(1);
    live.close();
    expect(live.state).toBe('ended');
    expect((await c.next('viewers')).viewers).toHaveLength(0);
  });
});

/**
 * Call signalling on the live sockets against the real server and a real
 * mediasoup worker, with scripted sockets (no browser): invite → decline;
 * invite → accept → router caps → transports → produce → the other side is
 * told and consumes → pause → hang up; roles and states are enforced; when
 * the call ends the server holds no mediasoup object.
 */
import type { types as ms } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { CallRequest, CallResponseData, ServerToAdvisorMap, ServerToCustomerMap } from '../../protocol/live.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, type LiveClient } from '../live/live-client.ts';

const none = { routers: 0, transports: 0, producers: 0, consumers: 0 };

/** A VP8 send stream as mediasoup-client would describe it. */
const vp8: ms.RtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  headerExtensions: [],
  encodings: [{ ssrc: 22222222 }],
  rtcp: { cname: 'test' },
};

type Client = LiveClient<ServerToCustomerMap, unknown> | LiveClient<ServerToAdvisorMap, unknown>;
let nextId = 1;

/** Sends a call request and waits for its answer. */
async function request<M extends CallRequest['method']>(
  c: Client,
  req: Extract<CallRequest, { method: M }> | (Omit<Extract<CallRequest, { method: M }>, 'paused'> & { paused?: boolean }),
): Promise<{ ok: true; data: CallResponseData[M] } | { ok: false; error: { code: string; message: string } }> {
  const requestId = nextId++;
  c.send({ type: 'call_request', requestId, request: req });
  for (;;) {
    const m = await (c as LiveClient<ServerToCustomerMap, unknown>).next('call_response', 10_000);
    if (m.requestId !== requestId) throw new Error(`answer to ${m.requestId} while waiting for ${requestId}`);
    return m.ok ? { ok: true, data: m.data as CallResponseData[M] } : { ok: false, error: m.error! };
  }
}

async function ok<M extends CallRequest['method']>(c: Client, req: Parameters<typeof request<M>>[1]): Promise<CallResponseData[M]> {
  const r = await request<M>(c, req);
  if (!r.ok) throw new Error(`${req.method}: ${r.error.code}: ${r.error.message}`);
  return r.data;
}

describe('call signalling', () => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 2_000, mediaWorkers: 1 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  /** A customer and an advisor watching (consent accepted). */
  const watching = async () => {
    const id = await t.startSession();
    const c = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(c);
    c.send({ type: 'hello' });
    await c.next('welcome');
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    const a = await connectAdvisor(t.url, await t.token());
    open.push(a);
    a.send({ type: 'join', code, name: 'Alice' });
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    const welcome = await a.next('welcome');
    return { c, a, id, viewerId: welcome.viewerId };
  };

  const counts = async () => {
    const { routers, transports, producers, consumers } = await t.server.media.sfu.countObjects();
    return { routers, transports, producers, consumers };
  };

  it('roles and states: only an advisor starts; the customer declines; nothing is left', async () => {
    const { c, a } = await watching();
    expect(await request(c, { method: 'start' })).toMatchObject({ ok: false, error: { code: 'bad_state' } });
    expect(await request(a, { method: 'getRouterRtpCapabilities' })).toMatchObject({ ok: false, error: { code: 'bad_state' } });
    const { callId } = await ok<'start'>(a, { method: 'start' });
    expect(await c.next('call_invite')).toMatchObject({ callId, from: { name: 'Alice' } });
    expect((await a.next('call_state')).call).toMatchObject({ callId, status: 'ringing', members: [{ role: 'advisor' }] });
    expect(await request(a, { method: 'start' })).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(await request(a, { method: 'accept' })).toMatchObject({ ok: false, error: { code: 'bad_state' } });
    // A malformed request never reaches the room.
    a.send({ type: 'call_request', requestId: 1, request: { method: 'produce', kind: 'smell' } });
    expect(await a.next('error')).toMatchObject({ code: 'bad_message', ref: 'call_request' });

    await ok<'decline'>(c, { method: 'decline' });
    expect(await a.next('call_ended')).toEqual({ type: 'call_ended', callId, reason: 'declined' });
    await expect.poll(counts).toEqual(none);
  });

  it('accept → transports → produce → the advisor consumes → pause → hang up leaves no mediasoup object', async () => {
    const { c, a } = await watching();
    const { callId } = await ok<'start'>(a, { method: 'start' });
    await c.next('call_invite');
    await ok<'accept'>(c, { method: 'accept' });

    const { rtpCapabilities } = await ok<'getRouterRtpCapabilities'>(a, { method: 'getRouterRtpCapabilities' });
    expect((rtpCapabilities as { codecs: unknown[] }).codecs.length).toBeGreaterThan(0);
    expect(await ok<'ready'>(a, { method: 'ready', rtpCapabilities })).toEqual({ producers: [] });
    const recv = await ok<'createTransport'>(a, { method: 'createTransport', direction: 'recv' });

    await ok<'ready'>(c, { method: 'ready', rtpCapabilities });
    const send = await ok<'createTransport'>(c, { method: 'createTransport', direction: 'send' });
    const { producerId } = await ok<'produce'>(c, { method: 'produce', transportId: send.id, kind: 'video', rtpParameters: vp8 });
    expect(await a.next('call_new_producer')).toMatchObject({ participantId: 'customer', producerId, kind: 'video', paused: false });
    expect(await request(c, { method: 'produce', transportId: send.id, kind: 'video', rtpParameters: vp8 })).toMatchObject({
      ok: false,
      error: { code: 'bad_state' },
    });

    const consumer = await ok<'consume'>(a, { method: 'consume', transportId: recv.id, producerId });
    expect(consumer).toMatchObject({ producerId, kind: 'video', producerPaused: false });
    await ok<'resumeConsumer'>(a, { method: 'resumeConsumer', consumerId: consumer.id });
    // Someone else's transport is not yours.
    expect(await request(a, { method: 'consume', transportId: send.id, producerId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await counts()).toEqual({ routers: 1, transports: 2, producers: 1, consumers: 1 });

    await ok<'pauseProducer'>(c, { method: 'pauseProducer', producerId });
    expect(await a.next('call_producer_paused')).toMatchObject({ participantId: 'customer', producerId, paused: true });
    await ok<'resumeProducer'>(c, { method: 'resumeProducer', producerId });
    expect(await a.next('call_producer_paused')).toMatchObject({ producerId, paused: false });

    await ok<'leave'>(c, { method: 'leave' });
    expect(await a.next('call_ended')).toEqual({ type: 'call_ended', callId, reason: 'hung_up' });
    await expect.poll(counts).toEqual(none);
  });

  it('an advisor that hangs up leaves alone; the last advisor leaving ends the call; a disconnect counts as leaving', async () => {
    const { c, a, id } = await watching();
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    const b = await connectAdvisor(t.url, await t.token());
    open.push(b);
    b.send({ type: 'join', code, name: 'Bob' });
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await b.next('welcome');

    const { callId } = await ok<'start'>(a, { method: 'start' });
    await c.next('call_invite');
    await ok<'accept'>(c, { method: 'accept' });
    await ok<'join'>(b, { method: 'join' });
    const { rtpCapabilities } = await ok<'getRouterRtpCapabilities'>(b, { method: 'getRouterRtpCapabilities' });
    await ok<'ready'>(c, { method: 'ready', rtpCapabilities });
    const send = await ok<'createTransport'>(b, { method: 'createTransport', direction: 'send' });
    const { producerId } = await ok<'produce'>(b, { method: 'produce', transportId: send.id, kind: 'video', rtpParameters: vp8 });
    expect(await c.next('call_new_producer')).toMatchObject({ producerId, participantId: viewer.id });

    await ok<'leave'>(b, { method: 'leave' });
    expect(await b.next('call_ended')).toEqual({ type: 'call_ended', callId, reason: 'left' });
    expect(await c.next('call_producer_closed')).toEqual({ type: 'call_producer_closed', participantId: viewer.id, producerId });
    await expect.poll(counts).toMatchObject({ routers: 1, transports: 0, producers: 0 });
    expect(t.server.live.localRoom(id)?.call?.id).toBe(callId);

    // The last advisor's socket drops: the call ends for the customer.
    a.close();
    expect(await c.next('call_ended')).toEqual({ type: 'call_ended', callId, reason: 'no_advisor' });
    await expect.poll(counts).toEqual(none);
    expect(t.server.live.localRoom(id)?.call).toBeUndefined();
  });
});

const busUrl = process.env.LIVE_BUS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await new Promise<boolean>((resolve) => {
  const u = new URL(busUrl);
  void import('node:net').then(({ connect }) => {
    const s = connect(Number(u.port || 6379), u.hostname);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
});

describe.skipIf(!redisUp)('call signalling across two processes (Redis bus)', () => {
  let database: Database;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await openDatabase({});
    // Two servers on one database with Redis between them, as two processes would be.
    a = await startTestServer({ database, liveBusUrl: busUrl, liveGraceMs: 2_000, mediaWorkers: 1 });
    b = await startTestServer({ database, liveBusUrl: busUrl, liveGraceMs: 2_000, mediaWorkers: 1 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
  });

  it('customer on A, advisor on B: the call runs on A (the room’s home) through the bridge; nothing left after', async () => {
    const id = await a.startSession();
    const c = await connectCustomer(a.url, id, a.site.siteKey);
    c.send({ type: 'hello' });
    await c.next('welcome');
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    const adv = await connectAdvisor(b.url, await b.token());
    adv.send({ type: 'join', code, name: 'Bob' });
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await adv.next('welcome');

    const { callId } = await ok<'start'>(adv, { method: 'start' });
    expect(await c.next('call_invite')).toMatchObject({ callId, from: { id: viewer.id, name: 'Bob' } });
    await ok<'accept'>(c, { method: 'accept' });
    const { rtpCapabilities } = await ok<'getRouterRtpCapabilities'>(adv, { method: 'getRouterRtpCapabilities' });
    await ok<'ready'>(c, { method: 'ready', rtpCapabilities });
    const send = await ok<'createTransport'>(adv, { method: 'createTransport', direction: 'send' });
    const { producerId } = await ok<'produce'>(adv, { method: 'produce', transportId: send.id, kind: 'video', rtpParameters: vp8 });
    expect(await c.next('call_new_producer')).toMatchObject({ participantId: viewer.id, producerId });
    expect(await a.server.media.sfu.countObjects()).toMatchObject({ routers: 1, transports: 1, producers: 1 });
    expect(b.server.media.sfu.started).toBe(false);

    // The advisor's socket on B drops: A closes its media.
    adv.close();
    expect(await c.next('call_ended')).toMatchObject({ callId, reason: 'no_advisor' });
    await expect.poll(() => a.server.media.sfu.countObjects()).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0 });
    c.close();
  });
});

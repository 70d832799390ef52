/**
 * The session-hijack attack, over real HTTP and real WebSockets: an attacker
 * knows a customer's session id (shown as a support id) and the site key (in
 * every page), and forges the site's Origin. Without the session's secret,
 * every write to that session is refused with 401 `invalid_session_token`
 * and nothing is stored or changed: chunks, video tracks and chunks, the live
 * customer socket (the real customer stays connected and alone answers
 * consent and chat), case creation and case-link replies attaching the
 * recording. And the secret is handed out once, never to a second start.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { cases, mediaChunks, mediaTracks, sessions } from '../../db/schema.ts';
import type { CaseCreated, CustomerCaseView } from '../../protocol/cases.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { INGEST_BASE, SESSION_TOKEN_QUERY, SITE_KEY_HEADER, type SessionAck } from '../../protocol/ingest.ts';
import { click, meta, pageChunk, storedState } from '../api/fixtures.ts';
import { postCase } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, full, type CustomerClient } from '../live/live-client.ts';

async function expectRefused(res: Response, status = 401, code = 'invalid_session_token') {
  const body = (await res.json()) as ErrorBody & Partial<SessionAck>;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(body.sessionToken).toBeUndefined();
}

describe.each(testDrivers)('session hijack on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, mediaStore: 'postgres' });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  /** What an attacker can send: the public site key and a forged Origin, plus any headers. */
  const forged = (path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}) =>
    fetch(`${t.url}${INGEST_BASE}${path}`, {
      method: init.method ?? 'PUT',
      headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, ...init.headers },
      body: init.body,
    });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** Event times inside the session's window (ingest refuses times before its start): `ms` is relative to 1_000_000. */
  let t0 = Date.now();
  beforeEach(() => {
    t0 = Date.now();
  });
  const at = (ms: number) => t0 + (ms - 1_000_000);

  /** A victim with one chunk stored, and the attacker's own session (and so a valid token, of the wrong session). */
  const victimAndAttacker = async () => {
    const victim = await t.startSession();
    expect((await t.putChunk(victim, 0, pageChunk(at(1_000_000)))).status).toBe(201);
    const attacker = await t.startSession();
    return { victim, attacker, attackerToken: t.sessionToken(attacker) };
  };

  it('hands out the secret once: a second start of the session never gets it', async () => {
    const id = crypto.randomUUID();
    const start = (headers: Record<string, string> = {}) =>
      forged(`/sessions/${id}`, {
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ startedAt: Date.now(), url: `${TEST_ORIGIN}/` }),
      });
    const first = await start();
    expect(first.status).toBe(201);
    const { sessionToken } = (await first.json()) as SessionAck;
    expect(sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await expectRefused(await start());
    await expectRefused(await start(bearer('x'.repeat(43))));
    const other = await t.startSession();
    await expectRefused(await start(bearer(t.sessionToken(other))));
    const owner = await start(bearer(sessionToken!));
    expect(owner.status).toBe(200);
    expect(await owner.json()).toEqual({ sessionId: id, created: false });

    // Only a hash is stored.
    const [row] = await database.db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.id, id));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenHash).not.toContain(sessionToken!);
  });

  it('refuses forged chunks; the real recorder goes on without a conflict', async () => {
    const { victim, attackerToken } = await victimAndAttacker();
    const before = await storedState(database, victim);
    const evil = [click(at(1_000_500), 666)];
    await expectRefused(await t.putChunk(victim, 1, evil, { sessionToken: null }));
    await expectRefused(await t.putChunk(victim, 1, evil, { sessionToken: attackerToken }));
    await expectRefused(await t.putChunk(victim, 1, evil, { sessionToken: null, headers: { authorization: 'Basic Zm9vOmJhcg==' } }));
    const viaQuery = await forged(`/sessions/${victim}/chunks/1?${SESSION_TOKEN_QUERY}=${attackerToken}`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(evil),
    });
    await expectRefused(viaQuery);
    expect(await storedState(database, victim)).toEqual(before);

    const real = [click(at(1_000_600), 7)];
    expect((await t.putChunk(victim, 1, real)).status).toBe(201);
    const exported = await (await t.api(`/api/sessions/${victim}/export`)).json();
    expect(exported).toEqual([...pageChunk(at(1_000_000)), ...real]);
  });

  it('refuses forged video tracks and video chunks', async () => {
    const { victim, attackerToken } = await victimAndAttacker();
    const track = JSON.stringify({ kind: 'camera', mimeType: 'video/webm;codecs=vp8', startedAt: Date.now() });
    const json = { 'content-type': 'application/json' };
    await expectRefused(await forged(`/sessions/${victim}/media/evil`, { headers: json, body: track }));
    await expectRefused(await forged(`/sessions/${victim}/media/evil`, { headers: { ...json, ...bearer(attackerToken) }, body: track }));

    // The victim's own track, then forged chunks into it.
    expect((await forged(`/sessions/${victim}/media/cam`, { headers: { ...json, ...t.sessionAuth(victim) }, body: track })).status).toBe(
      201,
    );
    const webm = { 'content-type': 'video/webm' };
    const chunk = (headers: Record<string, string>) =>
      forged(`/sessions/${victim}/media/cam/chunks/0?startMs=0&durationMs=1000`, {
        headers: { ...webm, ...headers },
        body: new Uint8Array(100).fill(7),
      });
    await expectRefused(await chunk({}));
    await expectRefused(await chunk(bearer(attackerToken)));

    const tracks = await database.db.select({ trackId: mediaTracks.trackId }).from(mediaTracks).where(eq(mediaTracks.sessionId, victim));
    expect(tracks).toEqual([{ trackId: 'cam' }]);
    expect(await database.db.select().from(mediaChunks).where(eq(mediaChunks.sessionId, victim))).toEqual([]);
    // The victim's chunk 0 is still free.
    expect((await chunk(t.sessionAuth(victim))).status).toBe(201);
  });

  it('refuses a forged live customer socket: the customer keeps the room, its consent and its chat', async () => {
    const { victim, attacker, attackerToken } = await victimAndAttacker();
    const customer: CustomerClient = await connectCustomer(t.url, victim, t.site.siteKey);
    open.push(customer);
    customer.send({ type: 'hello' });
    await customer.next('welcome');
    customer.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    await customer.next('ack');
    customer.send({ type: 'help_request' });
    const { code } = await customer.next('help_code');

    // The forged sockets never open (the upgrade is refused before any message).
    await expect(connectCustomer(t.url, victim, t.site.siteKey, TEST_ORIGIN, null)).rejects.toThrow('HTTP 401');
    await expect(connectCustomer(t.url, victim, t.site.siteKey, TEST_ORIGIN, attackerToken)).rejects.toThrow('HTTP 401');
    await expect(connectCustomer(t.url, victim, t.site.siteKey, TEST_ORIGIN, 'x'.repeat(43))).rejects.toThrow('HTTP 401');
    // Its own session's socket opens, but is another room.
    const own = await connectCustomer(t.url, attacker, t.site.siteKey);
    open.push(own);
    own.send({ type: 'hello' });
    expect((await own.next('welcome')).sessionId).toBe(attacker);

    // The real customer was not kicked: it still streams, is asked for consent and chats with the advisor.
    expect(customer.ws.readyState).toBe(customer.ws.OPEN);
    customer.send({ type: 'events', seq: 1, events: [meta(3), full(4)] });
    expect(await customer.next('ack')).toEqual({ type: 'ack', seq: 1 });
    const advisor = await connectAdvisor(t.url, await t.token());
    open.push(advisor);
    advisor.send({ type: 'join', code });
    await advisor.next('waiting');
    const { viewer } = await customer.next('consent_request');
    customer.send({ type: 'consent', viewerId: viewer.id, accept: true });
    expect((await advisor.next('welcome')).sessionId).toBe(victim);
    advisor.send({ type: 'chat', clientId: 'a1', text: 'How can I help?' });
    expect((await customer.next('chat')).message.text).toBe('How can I help?');
    expect(own.pending()).not.toContain('chat');
    expect(own.pending()).not.toContain('consent_request');
  });

  it("refuses a case opened with another customer's recording", async () => {
    const { victim, attackerToken } = await victimAndAttacker();
    const ask = (sessionToken: string | null) => postCase(t, { sessionId: victim, question: 'Show me their cart' }, { sessionToken });
    await expectRefused(await ask(null));
    await expectRefused(await ask(attackerToken));
    expect(await database.db.select().from(cases).where(eq(cases.sessionId, victim))).toEqual([]);
    // The victim can.
    expect((await ask(t.sessionToken(victim))).status).toBe(201);
  });

  it("refuses a case-link reply attaching another customer's recording", async () => {
    const { victim, attacker, attackerToken } = await victimAndAttacker();
    const created = await postCase(t, { sessionId: attacker, question: 'My own question' });
    expect(created.status).toBe(201);
    const { link } = (await created.json()) as CaseCreated;
    const reply = (sessionId: string, headers: Record<string, string>) =>
      fetch(`${link}/api/messages`, {
        method: 'POST',
        headers: { origin: TEST_ORIGIN, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ body: 'Here is a recording', sessionId }),
      });
    const preflight = await fetch(`${link}/api/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: TEST_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    await expectRefused(await reply(victim, {}));
    await expectRefused(await reply(victim, bearer(attackerToken)));
    const view = (await (await fetch(`${link}/api`)).json()) as CustomerCaseView;
    expect(view.thread).toEqual([]);

    // A second recording of the attacker's own tab can be attached.
    const second = await t.startSession();
    expect((await reply(second, t.sessionAuth(second))).status).toBe(201);
    const after = (await (await fetch(`${link}/api`)).json()) as CustomerCaseView;
    expect(after.thread.flatMap((m) => m.attachments)).toEqual([{ type: 'session', sessionId: second }]);
  });

  it('a session recorded before secrets existed accepts no writes', async () => {
    const id = await t.startSession();
    const token = t.sessionToken(id);
    await database.db.update(sessions).set({ tokenHash: null }).where(eq(sessions.id, id));
    await expectRefused(await t.putChunk(id, 0, pageChunk(at(2_000_000))));
    await expect(connectCustomer(t.url, id, t.site.siteKey)).rejects.toThrow('HTTP 401');
    const restart = await forged(`/sessions/${id}`, {
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ startedAt: Date.now(), url: `${TEST_ORIGIN}/` }),
    });
    await expectRefused(restart);
    expect(await storedState(database, id)).toMatchObject({ rows: 0, chunkCount: 0 });
  });
});

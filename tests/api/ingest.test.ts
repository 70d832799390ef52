/**
 * Ingest over real HTTP: storing chunks, idempotent and concurrent retries,
 * conflicts, ordering, origin and site-key checks, and every kind of bad
 * input, each answered with its status and code and leaving nothing stored.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { INGEST_BASE, MAX_CHUNK_BYTES, MAX_CHUNK_RAW_BYTES, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import type { ChunkAck, SessionAck, Site } from '../../protocol/index.ts';
import { testDrivers } from '../helpers/db.ts';
import { rememberSessionToken, TEST_ORIGIN, startTestServer, type TestServer } from '../helpers/server.ts';
import { click, input, meta, mouseMove, pageChunk, storedState } from './fixtures.ts';

async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe('string');
  return body;
}

/**
 * The tests' clock: six hours ago, on the second. Event times are offsets
 * from it, and sessions start at it: the server refuses events far from
 * their session's start or in the future (see tests/security/timestamps).
 */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 6 * 3_600_000;
const at = (offsetMs: number) => T0 + offsetMs;

describe.each(testDrivers)('ingest on $name', (driver) => {
  let database: Database;
  let t: TestServer;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('creates a session once and answers retries with created:false', async () => {
    const id = crypto.randomUUID();
    const put = (headers: Record<string, string> = {}) =>
      fetch(`${t.url}${INGEST_BASE}/sessions/${id}`, {
        method: 'PUT',
        headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ startedAt: T0, url: 'http://shop.test/start', viewport: { width: 800, height: 600 } }),
      });
    const first = await put();
    expect(first.status).toBe(201);
    expect(first.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const ack = (await first.json()) as SessionAck;
    expect(ack).toEqual({ sessionId: id, created: true, sessionToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    // The secret is handed out once: a retry must prove it already has it.
    await expectError(await put(), 401, 'invalid_session_token');
    const again = await put({ authorization: `Bearer ${ack.sessionToken}` });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ sessionId: id, created: false });
  });

  it('takes the secret a recorder proposes with the start, so a start whose answer was lost can be sent again', async () => {
    const id = crypto.randomUUID();
    const proposed = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    const put = (sid: string, token?: string) =>
      fetch(`${t.url}${INGEST_BASE}/sessions/${sid}`, {
        method: 'PUT',
        headers: {
          origin: TEST_ORIGIN,
          [SITE_KEY_HEADER]: t.site.siteKey,
          'content-type': 'application/json',
          ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ startedAt: T0, url: 'http://shop.test/start' }),
      });
    const first = await put(id, proposed);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ sessionId: id, created: true, sessionToken: proposed });
    // The same start again (its answer never arrived): the same secret proves it is the same recorder.
    const retried = await put(id, proposed);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ sessionId: id, created: false });
    const chunk = await t.putChunk(id, 0, pageChunk(at(1_000), 'http://shop.test/start'), { sessionToken: proposed });
    expect(chunk.status).toBe(201);
    // Anyone else is still refused: without the secret, or with another one.
    await expectError(await put(id), 401, 'invalid_session_token');
    const other = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    await expectError(await put(id, other), 401, 'invalid_session_token');
    // A proposal must be a secret's size and form (32 random bytes, base64url): nothing weaker is kept.
    for (const weak of ['short', 'x'.repeat(42), `${'x'.repeat(42)}=`, 'x'.repeat(44)]) {
      const sid = crypto.randomUUID();
      await expectError(await put(sid, weak), 400, 'bad_request');
      expect(await storedState(database, sid)).toEqual({ rows: 0 });
    }
  });

  it('stores a chunk, derives its facts, and acks 201 with CORS headers', async () => {
    const id = await t.startSession({ startedAt: at(1_000_000) });
    const events = [
      ...pageChunk(at(1_000_000), 'http://shop.test/cart'),
      input(at(1_000_200), 7),
      input(at(1_000_500), 7),
      input(at(1_002_000), 7),
    ];
    const res = await t.putChunk(id, 0, events);
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect((await res.json()) as ChunkAck).toEqual({ sessionId: id, seq: 0, duplicate: false });

    const detail = await (await t.api(`/api/sessions/${id}`)).json();
    expect(detail).toMatchObject({
      chunkCount: 1,
      eventCount: events.length,
      firstEventTs: at(1_000_000),
      lastEventTs: at(1_002_000),
      endedAt: new Date(at(1_002_000)).toISOString(),
      durationMs: 2_000,
      pages: [{ ts: at(1_000_000), url: 'http://shop.test/cart' }],
    });
    // The two inputs 300 ms apart collapse; the one 1.5 s later is its own marker.
    expect(detail.markers).toEqual([
      { ts: at(1_000_000), kind: 'navigation', label: 'http://shop.test/cart' },
      { ts: at(1_000_100), kind: 'click' },
      { ts: at(1_000_200), kind: 'input' },
      { ts: at(1_002_000), kind: 'input' },
    ]);
    const range = await (await t.api(`/api/sessions/${id}/chunks`)).json();
    expect(range.chunks).toEqual([
      expect.objectContaining({ seq: 0, firstTs: at(1_000_000), lastTs: at(1_002_000), startsWithSnapshot: true, eventCount: 6 }),
    ]);
  });

  it('accepts a plain JSON chunk and stores it gzip-compressed', async () => {
    const id = await t.startSession({ startedAt: T0 });
    const events = pageChunk(at(2_000_000));
    const res = await t.putChunk(id, 0, events, { body: 'json' });
    expect(res.status).toBe(201);
    const bytes = await t.api(`/api/sessions/${id}/chunks/0`);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('application/gzip');
    expect(bytes.headers.get('content-encoding')).toBeNull();
    expect(bytes.headers.get('cache-control')).toContain('immutable');
    const raw = await new Response(bytes.body!.pipeThrough(new DecompressionStream('gzip'))).json();
    expect(raw).toEqual(events);
  });

  it('treats the same chunk sent twice as one (counters unchanged)', async () => {
    const id = await t.startSession({ startedAt: T0 });
    const events = pageChunk(at(3_000_000));
    expect((await t.putChunk(id, 0, events)).status).toBe(201);
    const before = await storedState(database, id);
    const retry = await t.putChunk(id, 0, events, { body: 'json' });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ sessionId: id, seq: 0, duplicate: true });
    expect(await storedState(database, id)).toEqual(before);
    expect(before).toMatchObject({ rows: 1, chunkCount: 1, eventCount: 3 });
  });

  it('stores concurrent duplicate retries exactly once', async () => {
    const id = await t.startSession({ startedAt: T0 });
    const events = pageChunk(at(4_000_000));
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.putChunk(id, 0, events)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const acks = (await Promise.all(answers.map((r) => r.json()))) as ChunkAck[];
    expect(acks.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(await storedState(database, id)).toMatchObject({ rows: 1, chunkCount: 1, eventCount: 3 });
  });

  it('refuses different events under a stored seq with 409 sequence_conflict', async () => {
    const id = await t.startSession({ startedAt: T0 });
    expect((await t.putChunk(id, 0, pageChunk(at(5_000_000)))).status).toBe(201);
    const before = await storedState(database, id);
    await expectError(await t.putChunk(id, 0, [click(at(5_000_500))]), 409, 'sequence_conflict');
    expect(await storedState(database, id)).toEqual(before);
  });

  it('takes chunks out of order and exports them in seq order', async () => {
    const id = await t.startSession({ startedAt: T0 });
    const chunks = [
      pageChunk(at(6_000_000)),
      [click(at(6_001_000)), mouseMove(at(6_001_500))],
      [input(at(6_002_000), 3), click(at(6_003_000))],
    ];
    for (const seq of [2, 0, 1]) expect((await t.putChunk(id, seq, chunks[seq])).status).toBe(201);
    const exported = await (await t.api(`/api/sessions/${id}/export`)).json();
    expect(exported).toEqual(chunks.flat());
    expect(await storedState(database, id)).toMatchObject({ rows: 3, chunkCount: 3, eventCount: 7, endedAt: new Date(at(6_003_000)) });
  });

  describe('origins and site keys', () => {
    it('answers a preflight from an allowed origin with what the recorder needs', async () => {
      const res = await fetch(`${t.url}${INGEST_BASE}/sessions/${crypto.randomUUID()}/chunks/0`, {
        method: 'OPTIONS',
        headers: {
          origin: TEST_ORIGIN,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': `content-type,${SITE_KEY_HEADER}`,
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
      expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(SITE_KEY_HEADER);
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    });

    it('refuses a preflight from an origin no site allows, or not the named site', async () => {
      const path = `${t.url}${INGEST_BASE}/sessions/${crypto.randomUUID()}`;
      const evil = await fetch(path, {
        method: 'OPTIONS',
        headers: { origin: 'http://evil.test', 'access-control-request-method': 'PUT' },
      });
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const demoKey = t.server.bootstrap.demoSiteKey;
      const wrongSite = await fetch(`${path}?siteKey=${demoKey}`, {
        method: 'OPTIONS',
        headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'PUT' },
      });
      expect(wrongSite.status).toBe(403);
    });

    it('accepts the site key in the query string', async () => {
      const id = await t.startSession({ startedAt: T0 });
      const res = await fetch(`${t.url}${INGEST_BASE}/sessions/${id}/chunks/0?siteKey=${t.site.siteKey}`, {
        method: 'PUT',
        headers: { origin: TEST_ORIGIN, 'content-type': 'application/json', ...t.sessionAuth(id) },
        body: JSON.stringify(pageChunk(at(7_000_000))),
      });
      expect(res.status).toBe(201);
    });
  });

  describe('bad input is refused and stores nothing', () => {
    let id: string;
    let before: Awaited<ReturnType<typeof storedState>>;
    let otherSite: Site;

    beforeAll(async () => {
      id = await t.startSession({ startedAt: T0 });
      expect((await t.putChunk(id, 0, pageChunk(at(8_000_000)))).status).toBe(201);
      before = await storedState(database, id);
      otherSite = await t.createSite({ name: 'Other', allowedOrigins: ['http://other.test'] });
    });

    const cases: [string, () => Promise<Response>, number, string][] = [
      ['malformed JSON', () => t.putChunk(id, 1, '[{"type":', { body: '[{"type":', contentType: 'application/json' }), 400, 'invalid_json'],
      ['malformed JSON inside gzip', () => t.putChunk(id, 1, null, { body: gzipSync('[{"type":') }), 400, 'invalid_json'],
      ['invalid UTF-8', () => t.putChunk(id, 1, null, { body: gzipSync(Buffer.from([0x5b, 0xff, 0x5d])) }), 400, 'invalid_json'],
      [
        'wrong content type',
        () => t.putChunk(id, 1, [click(at(8_000_500))], { body: 'json', contentType: 'text/plain' }),
        415,
        'unsupported_media_type',
      ],
      [
        'no content type',
        () => t.putChunk(id, 1, null, { body: new Uint8Array(gzipSync('[]')), contentType: '' }),
        415,
        'unsupported_media_type',
      ],
      [
        'oversized chunk',
        () => t.putChunk(id, 1, null, { body: new Uint8Array(MAX_CHUNK_BYTES + 1024).fill(0x20) }),
        413,
        'payload_too_large',
      ],
      [
        'corrupt gzip',
        () => t.putChunk(id, 1, null, { body: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) }),
        400,
        'bad_request',
      ],
      [
        'truncated gzip',
        () => t.putChunk(id, 1, null, { body: new Uint8Array(gzipSync(JSON.stringify([click(at(8_000_500))])).subarray(0, 20)) }),
        400,
        'bad_request',
      ],
      [
        'gzip bomb',
        () => t.putChunk(id, 1, null, { body: new Uint8Array(gzipSync(Buffer.alloc(MAX_CHUNK_RAW_BYTES + 1024 * 1024, 0x20))) }),
        413,
        'payload_too_large',
      ],
      ['not an array', () => t.putChunk(id, 1, { type: 3, timestamp: 1, data: {} }), 400, 'invalid_events'],
      ['empty array', () => t.putChunk(id, 1, []), 400, 'invalid_events'],
      ['unknown event type', () => t.putChunk(id, 1, [{ type: 99, timestamp: at(8_000_500), data: {} }]), 400, 'invalid_events'],
      ['event without timestamp', () => t.putChunk(id, 1, [{ type: 3, data: {} }]), 400, 'invalid_events'],
      ['timestamp past any date', () => t.putChunk(id, 1, [{ type: 3, timestamp: 1e20, data: {} }]), 400, 'invalid_events'],
      ['unknown session', () => t.putChunk(crypto.randomUUID(), 0, pageChunk(at(8_000_000))), 404, 'unknown_session'],
      [
        'session of another site',
        () => t.putChunk(id, 1, [click(at(8_000_500))], { siteKey: otherSite.siteKey, origin: 'http://other.test' }),
        404,
        'unknown_session',
      ],
      ['no session token', () => t.putChunk(id, 1, [click(at(8_000_500))], { sessionToken: null }), 401, 'invalid_session_token'],
      [
        'a made-up session token',
        () => t.putChunk(id, 1, [click(at(8_000_500))], { sessionToken: 'x'.repeat(43) }),
        401,
        'invalid_session_token',
      ],
      ['wrong site key', () => t.putChunk(id, 1, [click(at(8_000_500))], { siteKey: 'pk_nope' }), 401, 'invalid_site_key'],
      ['missing site key', () => t.putChunk(id, 1, [click(at(8_000_500))], { siteKey: null }), 401, 'invalid_site_key'],
      ['missing origin', () => t.putChunk(id, 1, [click(at(8_000_500))], { origin: null }), 403, 'origin_not_allowed'],
      ['disallowed origin', () => t.putChunk(id, 1, [click(at(8_000_500))], { origin: 'http://evil.test' }), 403, 'origin_not_allowed'],
      [
        "another site's origin",
        () => t.putChunk(id, 1, [click(at(8_000_500))], { origin: 'http://other.test' }),
        403,
        'origin_not_allowed',
      ],
      ['negative seq', () => t.putChunk(id, -1, [click(at(8_000_500))]), 400, 'bad_request'],
      ['huge seq', () => t.putChunk(id, 9_000_000_000, [click(at(8_000_500))]), 400, 'bad_request'],
      ['session id not a UUID', () => t.putChunk('not-a-uuid', 1, [click(at(8_000_500))]), 400, 'bad_request'],
    ];

    it.each(cases)('%s', async (_name, send, status, code) => {
      await expectError(await send(), status, code);
      expect(await storedState(database, id)).toEqual(before);
    });

    it('oversized chunk streamed without Content-Length', async () => {
      const piece = new Uint8Array(256 * 1024).fill(0x20);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > MAX_CHUNK_BYTES * 2) return controller.close();
          sent += piece.byteLength;
          controller.enqueue(piece);
        },
      });
      const res = await fetch(`${t.url}${INGEST_BASE}/sessions/${id}/chunks/1`, {
        method: 'PUT',
        headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, 'content-type': 'application/json', ...t.sessionAuth(id) },
        body,
        duplex: 'half',
      } as RequestInit);
      await expectError(res, 413, 'payload_too_large');
      // The rest of the body was never read: the connection closes, and the answer says so (no keep-alive reuse).
      expect(res.headers.get('connection')).toBe('close');
      expect(await storedState(database, id)).toEqual(before);
    });

    it('bad session starts: invalid body, malformed JSON, id taken by another site', async () => {
      const put = (sid: string, body: string, key = t.site.siteKey, origin = TEST_ORIGIN) =>
        fetch(`${t.url}${INGEST_BASE}/sessions/${sid}`, {
          method: 'PUT',
          headers: { origin, [SITE_KEY_HEADER]: key, 'content-type': 'application/json' },
          body,
        });
      await expectError(await put(crypto.randomUUID(), JSON.stringify({ url: 'not a url' })), 400, 'bad_request');
      await expectError(await put(crypto.randomUUID(), '{"startedAt":'), 400, 'invalid_json');
      await expectError(
        await put(id, JSON.stringify({ startedAt: T0, url: 'http://other.test/' }), otherSite.siteKey, 'http://other.test'),
        409,
        'conflict',
      );
      expect(await storedState(database, id)).toEqual(before);
    });
  });

  it('error answers carry CORS headers, so the recorder can read them', async () => {
    const id = await t.startSession({ startedAt: T0 });
    const res = await t.putChunk(id, 0, '[', { body: '[', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const badKey = await t.putChunk(id, 0, [click(1)], { siteKey: 'pk_nope' });
    expect(badKey.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });

  it('stores text PostgreSQL would choke on (NUL, lone surrogates) instead of failing with 500', async () => {
    const id = crypto.randomUUID();
    const start = await fetch(`${t.url}${INGEST_BASE}/sessions/${id}`, {
      method: 'PUT',
      headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        startedAt: at(10_000_000),
        url: 'http://shop.test/odd',
        userAgent: 'agent\u0000x',
        language: 'en\ud800',
        metadata: { 'k\u0000': 'v\udc00', plan: 'pro' },
      }),
    });
    expect(start.status).toBe(201);
    rememberSessionToken(id, ((await start.json()) as SessionAck).sessionToken!);
    const res = await t.putChunk(id, 0, [
      meta(at(10_000_000), 'http://shop.test/\u0000\ud800'),
      { type: 2, timestamp: at(10_000_000), data: {} },
    ]);
    expect(res.status).toBe(201);
    const detail = await (await t.api(`/api/sessions/${id}`)).json();
    expect(detail).toMatchObject({ userAgent: 'agentx', language: 'en\ufffd', metadata: { k: 'v\ufffd', plan: 'pro' } });
    expect(detail.pages).toEqual([{ ts: at(10_000_000), url: 'http://shop.test/\ufffd' }]);
  });

  it('labels navigations with their href and lists pages for the session', async () => {
    const id = await t.startSession({ startedAt: T0 });
    await t.putChunk(id, 0, pageChunk(at(9_000_000), 'http://shop.test/a'));
    await t.putChunk(id, 1, [meta(at(9_010_000), 'http://shop.test/b'), { type: 2, timestamp: at(9_010_000), data: { node: {} } }]);
    const detail = await (await t.api(`/api/sessions/${id}`)).json();
    expect(detail.pages).toEqual([
      { ts: at(9_000_000), url: 'http://shop.test/a' },
      { ts: at(9_010_000), url: 'http://shop.test/b' },
    ]);
    expect(detail.markers.filter((m: { kind: string }) => m.kind === 'navigation').map((m: { label: string }) => m.label)).toEqual([
      'http://shop.test/a',
      'http://shop.test/b',
    ]);
  });
});

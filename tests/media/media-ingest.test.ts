/**
 * Media ingest and the advisor's media API over real HTTP: track start and
 * chunk idempotency, conflicts, size limit, content type, origin and site
 * key, unknown session/track, the chunk index, signed URLs, and Range
 * requests (206 at several offsets, 416), on both media stores; a signed
 * URL stays the same across polls (a playing video keeps its source).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import { MAX_MEDIA_CHUNK_BYTES, MEDIA_URL_TTL_MS, type MediaTrackList, type ReplyList } from '../../protocol/media.ts';
import { testDrivers } from '../helpers/db.ts';
import { sessionTokenOf, TEST_ORIGIN, startTestServer, type TestServer } from '../helpers/server.ts';

const bytes = (n: number, fill: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + fill) % 256);

async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
}

const cases = [
  ...testDrivers.map((d) => ({ name: `disk store, ${d.name}`, driver: d, mediaStore: 'disk' as const })),
  { name: 'postgres store, pglite', driver: testDrivers[0]!, mediaStore: 'postgres' as const },
];

describe.each(cases)('media over HTTP ($name)', ({ driver, mediaStore }) => {
  let database: Database;
  let t: TestServer;
  let dir: string;

  beforeAll(async () => {
    database = await driver.open();
    dir = await mkdtemp(join(tmpdir(), 'cb-media-http-'));
    t = await startTestServer({ database, mediaStore, mediaDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The session's secret when the test started it (unknown ids are refused before it matters). */
  const secretOf = (sessionId: string): Record<string, string> => {
    const token = sessionTokenOf(sessionId);
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const putTrack = (sessionId: string, trackId: string, body: unknown, o: { origin?: string; siteKey?: string } = {}) =>
    fetch(`${t.url}${INGEST_BASE}/sessions/${sessionId}/media/${trackId}`, {
      method: 'PUT',
      headers: {
        origin: o.origin ?? TEST_ORIGIN,
        [SITE_KEY_HEADER]: o.siteKey ?? t.site.siteKey,
        'content-type': 'application/json',
        ...secretOf(sessionId),
      },
      body: JSON.stringify(body),
    });
  const putChunk = (
    sessionId: string,
    trackId: string,
    seq: number,
    body: Uint8Array<ArrayBuffer>,
    o: { startMs?: number; durationMs?: number; contentType?: string; origin?: string; siteKey?: string } = {},
  ) =>
    fetch(
      `${t.url}${INGEST_BASE}/sessions/${sessionId}/media/${trackId}/chunks/${seq}?startMs=${o.startMs ?? seq * 1000}&durationMs=${o.durationMs ?? 1000}`,
      {
        method: 'PUT',
        headers: {
          origin: o.origin ?? TEST_ORIGIN,
          [SITE_KEY_HEADER]: o.siteKey ?? t.site.siteKey,
          'content-type': o.contentType ?? 'video/webm;codecs=vp8',
          ...secretOf(sessionId),
        },
        body,
      },
    );
  const track = { kind: 'camera', mimeType: 'video/webm;codecs=vp8', startedAt: 1_700_000_000_000 };

  it('starts a track once, answers retries, refuses a different start', async () => {
    const id = await t.startSession();
    const first = await putTrack(id, 'cam-1', track);
    expect(first.status).toBe(201);
    expect(first.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(await first.json()).toEqual({ sessionId: id, trackId: 'cam-1', created: true });
    const again = await putTrack(id, 'cam-1', track);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ sessionId: id, trackId: 'cam-1', created: false });
    await expectError(await putTrack(id, 'cam-1', { ...track, kind: 'screen' }), 409, 'conflict');
    await expectError(await putTrack(id, 'cam-1', { ...track, mimeType: 'video/mp4' }), 400, 'bad_request');
    await expectError(await putTrack(id, 'bad/id', track), 404, 'not_found');
    await expectError(await putTrack(id, 'bad.id', track), 400, 'bad_request');
  });

  it('stores chunks idempotently and refuses different bytes under a stored seq', async () => {
    const id = await t.startSession();
    await putTrack(id, 'cam', track);
    const first = await putChunk(id, 'cam', 0, bytes(1000, 1));
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ sessionId: id, trackId: 'cam', seq: 0, duplicate: false });
    const retry = await putChunk(id, 'cam', 0, bytes(1000, 1));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ sessionId: id, trackId: 'cam', seq: 0, duplicate: true });
    await expectError(await putChunk(id, 'cam', 0, bytes(1000, 2)), 409, 'sequence_conflict');

    // Concurrent retries of one chunk: all succeed, one stores.
    const all = await Promise.all([1, 2, 3].map(() => putChunk(id, 'cam', 1, bytes(500, 5))));
    expect(all.map((r) => r.status).sort()).toEqual([200, 200, 201]);

    const list = (await (await t.api(`/api/sessions/${id}/media`)).json()) as MediaTrackList;
    expect(list.tracks).toHaveLength(1);
    expect(list.tracks[0]).toMatchObject({
      trackId: 'cam',
      kind: 'camera',
      durationMs: 2000,
      byteSize: 1500,
      chunks: [
        { seq: 0, startMs: 0, durationMs: 1000, byteStart: 0, byteSize: 1000 },
        { seq: 1, startMs: 1000, durationMs: 1000, byteStart: 1000, byteSize: 500 },
      ],
    });
  });

  it('refuses bad uploads with clear 4xx and stores nothing', async () => {
    const id = await t.startSession();
    await putTrack(id, 'cam', track);
    const big = new Uint8Array(MAX_MEDIA_CHUNK_BYTES + 1);
    await expectError(await putChunk(id, 'cam', 0, big), 413, 'payload_too_large');
    await expectError(await putChunk(id, 'cam', 0, bytes(10, 1), { contentType: 'application/json' }), 415, 'unsupported_media_type');
    await expectError(await putChunk(id, 'cam', 0, new Uint8Array(0)), 400, 'bad_request');
    const noTiming = await fetch(`${t.url}${INGEST_BASE}/sessions/${id}/media/cam/chunks/0`, {
      method: 'PUT',
      headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, 'content-type': 'video/webm', ...secretOf(id) },
      body: bytes(10, 1),
    });
    await expectError(noTiming, 400, 'bad_request');
    await expectError(await putChunk(id, 'cam', 0, bytes(10, 1), { origin: 'http://evil.test' }), 403, 'origin_not_allowed');
    await expectError(await putChunk(id, 'cam', 0, bytes(10, 1), { siteKey: 'nope' }), 401, 'invalid_site_key');
    await expectError(await putChunk(crypto.randomUUID(), 'cam', 0, bytes(10, 1)), 404, 'unknown_session');
    await expectError(await putTrack(crypto.randomUUID(), 'cam', track), 404, 'unknown_session');
    await expectError(await putChunk(id, 'nosuch', 0, bytes(10, 1)), 404, 'not_found');
    await expectError(await putChunk(id, 'cam', -1, bytes(10, 1)), 400, 'bad_request');

    const list = (await (await t.api(`/api/sessions/${id}/media`)).json()) as MediaTrackList;
    expect(list.tracks[0]).toMatchObject({ byteSize: 0, chunks: [], durationMs: 0 });
    expect(await t.server.media.store.list(id, 'cam')).toEqual([]);
  });

  it('serves the track with Range support over the chunk index, by bearer or signed URL', async () => {
    const id = await t.startSession();
    await putTrack(id, 'cam', track);
    const parts = [bytes(700, 1), bytes(1300, 2), bytes(50, 3), bytes(2000, 4)];
    // Out of order, and seq 3 before seq 2: the stream serves only the contiguous run.
    await putChunk(id, 'cam', 0, parts[0]!);
    await putChunk(id, 'cam', 1, parts[1]!);
    await putChunk(id, 'cam', 3, parts[3]!);
    let list = (await (await t.api(`/api/sessions/${id}/media`)).json()) as MediaTrackList;
    expect(list.tracks[0]!.byteSize).toBe(2000);
    expect(list.tracks[0]!.chunks.map((c) => c.byteStart)).toEqual([0, 700, null]);
    await putChunk(id, 'cam', 2, parts[2]!);
    list = (await (await t.api(`/api/sessions/${id}/media`)).json()) as MediaTrackList;
    const info = list.tracks[0]!;
    expect(info.byteSize).toBe(4050);
    const whole = Buffer.concat(parts);

    const full = await fetch(`${t.url}${info.url}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-type')).toBe('video/webm;codecs=vp8');
    expect(full.headers.get('content-length')).toBe('4050');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(whole);

    const ranges: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=0-699', 0, 699],
      ['bytes=650-760', 650, 760],
      ['bytes=1990-2060', 1990, 2060],
      ['bytes=2049-', 2049, 4049],
      ['bytes=-100', 3950, 4049],
      ['bytes=4000-999999', 4000, 4049],
    ];
    for (const [header, start, end] of ranges) {
      const res = await fetch(`${t.url}${info.url}`, { headers: { range: header } });
      expect(res.status, header).toBe(206);
      expect(res.headers.get('content-range'), header).toBe(`bytes ${start}-${end}/4050`);
      expect(Buffer.from(await res.arrayBuffer()), header).toEqual(whole.subarray(start, end + 1));
    }
    const unsatisfiable = await fetch(`${t.url}${info.url}`, { headers: { range: 'bytes=4050-' } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe('bytes */4050');

    // Bearer works too; no credentials, a forged token, or another track's token do not.
    const bearer = await t.api(`/api/sessions/${id}/media/cam`, { headers: { range: 'bytes=10-19' } });
    expect(bearer.status).toBe(206);
    expect(Buffer.from(await bearer.arrayBuffer())).toEqual(whole.subarray(10, 20));
    await expectError(await fetch(`${t.url}/api/sessions/${id}/media/cam`), 401, 'unauthorized');
    const token = new URL(info.url, t.url).searchParams.get('token')!;
    for (const forged of [token.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')), token.replace(/^\d+/, (n) => String(Number(n) + 1))]) {
      await expectError(await fetch(`${t.url}/api/sessions/${id}/media/cam?token=${forged}`), 401, 'unauthorized');
    }
    await expectError(
      await fetch(`${t.url}/api/sessions/${id}/media/cam?token=${Date.now() - 1}.${token.split('.')[1]}`),
      401,
      'unauthorized',
    );
    await putTrack(id, 'screen', { ...track, kind: 'screen' });
    await expectError(await fetch(`${t.url}/api/sessions/${id}/media/screen?token=${token}`), 401, 'unauthorized');
    await expectError(await t.api(`/api/sessions/${id}/media/nosuch`), 404, 'not_found');
    await expectError(await t.api(`/api/sessions/${crypto.randomUUID()}/media`), 404, 'not_found');
    await expectError(await fetch(`${t.url}/api/sessions/${id}/media`), 401, 'unauthorized');
  });

  it('hands out the same signed URL on consecutive polls, valid for at least the TTL', async () => {
    const id = await t.startSession();
    await putTrack(id, 'cam', track);
    await putChunk(id, 'cam', 0, bytes(500, 7));
    const before = Date.now();
    const media = async () => ((await (await t.api(`/api/sessions/${id}/media`)).json()) as MediaTrackList).tracks[0]!;
    // Apart in time (a few ms), as polls are: the URL must not follow the clock.
    const a = await media();
    await new Promise((r) => setTimeout(r, 5));
    const b = await media();
    expect(b.url).toBe(a.url);
    expect(b.urlExpiresAt).toBe(a.urlExpiresAt);
    expect(a.urlExpiresAt).toBeGreaterThanOrEqual(before + MEDIA_URL_TTL_MS);
    expect((await fetch(`${t.url}${a.url}`)).status).toBe(200);

    const put = await t.api(`/api/sessions/${id}/replies/reply-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mimeType: 'video/webm;codecs=vp8', startedAt: 1_700_000_000_000 }),
    });
    expect(put.status).toBe(201);
    const replies = async () => ((await (await t.api(`/api/sessions/${id}/replies`)).json()) as ReplyList).replies[0]!;
    const r1 = await replies();
    await new Promise((r) => setTimeout(r, 5));
    const r2 = await replies();
    expect(r1.url).toMatch(/token=/);
    expect(r2.url).toBe(r1.url);
    expect(r1.urlExpiresAt).toBeGreaterThanOrEqual(before + MEDIA_URL_TTL_MS);
  });
});

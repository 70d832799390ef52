/**
 * Served tracks carry their duration: a real MediaRecorder WebM (recorded
 * in headless Chromium) gets a `Duration` in Segment/Info from
 * `webmDurationPatch`, and the server serves every track patched, with Range
 * requests exact over the patched bytes, on both media stores and both
 * databases. In Chromium the served file knows its length at
 * `loadedmetadata` and a seek before playing shows the frame of the target
 * time (the recording's colour encodes its clock).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import type { MediaTrackList } from '../../protocol/media.ts';
import { WEBM_HEAD_BYTES, webmDurationPatch } from '../../protocol/webm-duration.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { frameHue, HUE_PER_SECOND, hueAt, hueDistance, recordWebm, type RecordedWebm } from '../helpers/record-webm.ts';
import { TEST_ORIGIN, startTestServer, type TestServer } from '../helpers/server.ts';

/** Duration element: ID 0x4489, size 8, float64 big-endian. */
const durationElement = (ms: number) => {
  const out = new Uint8Array(11);
  out.set([0x44, 0x89, 0x88]);
  new DataView(out.buffer).setFloat64(3, ms);
  return out;
};
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

let browser: Browser;
let page: Page;
let webm: RecordedWebm;
let pageServer: { t: TestServer; database: Database; dir: string };

beforeAll(async () => {
  browser = await launchChromium();
  const database = await testDrivers[0]!.open();
  const dir = await mkdtemp(join(tmpdir(), 'cb-duration-'));
  pageServer = { t: await startTestServer({ database, mediaDir: dir }), database, dir };
  page = await browser.newPage();
  await page.goto(`${pageServer.t.url}/healthz`);
  webm = await recordWebm(page, { ms: 5200, timesliceMs: 1000 });
});
afterAll(async () => {
  await browser?.close();
  await pageServer?.t.close();
  await pageServer?.database.close();
  if (pageServer) await rm(pageServer.dir, { recursive: true, force: true });
});

describe('webmDurationPatch on real MediaRecorder output', () => {
  it('adds a Duration to Info, in ms at the default TimecodeScale, and keeps the rest byte for byte', () => {
    expect(webm.chunks.length).toBeGreaterThanOrEqual(5);
    const head = webm.whole.subarray(0, WEBM_HEAD_BYTES);
    const patch = webmDurationPatch(head, 5123.5)!;
    expect(patch).toBeDefined();
    // The original Info ends where the patch ends; the head grew by exactly the new element.
    expect(patch.head.length - patch.replacedLength).toBe(11);
    expect(patch.head.subarray(-11)).toEqual(durationElement(5123.5));
    // Info's size grew by 11, nothing before Info moved: EBML header and Segment header are the same bytes.
    const infoAt = findBytes(webm.whole, [0x15, 0x49, 0xa9, 0x66]);
    expect(patch.head.subarray(0, infoAt + 4)).toEqual(webm.whole.subarray(0, infoAt + 4));
    expect(patch.head[infoAt + 4]).toBe(webm.whole[infoAt + 4]! + 11);
    expect(patch.head.subarray(infoAt + 5, patch.replacedLength)).toEqual(webm.whole.subarray(infoAt + 5, patch.replacedLength));
  });

  it('grows the head by the same amount whatever the duration, and rewrites an existing Duration in place', () => {
    const head = webm.whole.subarray(0, WEBM_HEAD_BYTES);
    const short = webmDurationPatch(head, 1)!;
    const long = webmDurationPatch(head, 7_200_000)!;
    expect(long.head.length).toBe(short.head.length);
    expect(long.replacedLength).toBe(short.replacedLength);
    // Patching a patched file changes only the value.
    const patched = concat(long.head, webm.whole.subarray(long.replacedLength, WEBM_HEAD_BYTES));
    const again = webmDurationPatch(patched, 2500)!;
    expect(again.replacedLength).toBe(long.head.length);
    expect(again.head.length).toBe(long.head.length);
    expect(again.head.subarray(-11)).toEqual(durationElement(2500));
    expect(again.head.subarray(0, -8)).toEqual(long.head.subarray(0, -8));
  });

  it('leaves alone what it cannot patch safely', () => {
    const head = webm.whole.subarray(0, WEBM_HEAD_BYTES);
    expect(webmDurationPatch(head, -1)).toBeUndefined();
    expect(webmDurationPatch(head, Number.NaN)).toBeUndefined();
    expect(webmDurationPatch(head, Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(webmDurationPatch(new Uint8Array(0), 1000)).toBeUndefined();
    expect(
      webmDurationPatch(
        Uint8Array.from({ length: 600 }, (_, i) => (i * 31) % 256),
        1000,
      ),
    ).toBeUndefined();
    // Cut inside Info or inside Tracks: not enough to know the layout.
    const infoAt = findBytes(webm.whole, [0x15, 0x49, 0xa9, 0x66]);
    expect(webmDurationPatch(webm.whole.subarray(0, infoAt + 10), 1000)).toBeUndefined();
    const clusterAt = findBytes(webm.whole, [0x1f, 0x43, 0xb6, 0x75]);
    expect(webmDurationPatch(webm.whole.subarray(0, clusterAt - 5), 1000)).toBeUndefined();
    // A SeekHead before Info: its positions would move.
    const segmentData = findBytes(webm.whole, [0x18, 0x53, 0x80, 0x67]) + 12;
    const seekHead = Uint8Array.from([0x11, 0x4d, 0x9b, 0x74, 0x80]);
    const withSeekHead = concat(webm.whole.subarray(0, segmentData), seekHead, webm.whole.subarray(segmentData, WEBM_HEAD_BYTES));
    expect(webmDurationPatch(withSeekHead, 1000)).toBeUndefined();
  });

  it('patches a file that is all header so far (a first chunk without media) as it will patch the whole file', () => {
    const clusterAt = findBytes(webm.whole, [0x1f, 0x43, 0xb6, 0x75]);
    const headerOnly = webmDurationPatch(webm.whole.subarray(0, clusterAt), 0)!;
    const whole = webmDurationPatch(webm.whole.subarray(0, WEBM_HEAD_BYTES), 0)!;
    expect(headerOnly).toEqual(whole);
  });

  it('updates a Segment of known size by the head’s growth', () => {
    const segmentAt = findBytes(webm.whole, [0x18, 0x53, 0x80, 0x67]);
    const known = webm.whole.slice(0, WEBM_HEAD_BYTES);
    // Size 0x0100000000000000 | 100000, 8 bytes wide, as a muxer that knows the size writes it.
    known.set([0x01, 0, 0, 0, 0, 0x01, 0x86, 0xa0], segmentAt + 4);
    const patch = webmDurationPatch(known, 1000)!;
    expect([...patch.head.subarray(segmentAt + 4, segmentAt + 12)]).toEqual([0x01, 0, 0, 0, 0, 0x01, 0x86, 0xab]);
  });
});

const cases = [
  ...testDrivers.map((d) => ({ name: `disk store, ${d.name}`, driver: d, mediaStore: 'disk' as const })),
  { name: 'postgres store, pglite', driver: testDrivers[0]!, mediaStore: 'postgres' as const },
];

describe.each(cases)('served tracks carry their duration ($name)', ({ driver, mediaStore }) => {
  let database: Database;
  let t: TestServer;
  let dir: string;

  beforeAll(async () => {
    database = await driver.open();
    dir = await mkdtemp(join(tmpdir(), 'cb-duration-http-'));
    t = await startTestServer({ database, mediaStore, mediaDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function upload(sessionId: string, trackId: string, chunks: RecordedWebm['chunks'], from = 0) {
    const headers = { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, ...t.sessionAuth(sessionId) };
    const base = `${t.url}${INGEST_BASE}/sessions/${sessionId}/media/${trackId}`;
    if (from === 0) {
      const res = await fetch(base, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'camera', mimeType: webm.mimeType, startedAt: Date.now() }),
      });
      expect(res.status).toBe(201);
    }
    for (const [i, c] of chunks.entries()) {
      const res = await fetch(`${base}/chunks/${from + i}?startMs=${c.startMs}&durationMs=${c.durationMs}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': webm.mimeType },
        body: c.bytes,
      });
      expect(res.status).toBe(201);
    }
    const list = (await (await t.api(`/api/sessions/${sessionId}/media`)).json()) as MediaTrackList;
    return list.tracks.find((x) => x.trackId === trackId)!;
  }

  it('serves the patched file whole and in exact byte ranges, across the patched head', async () => {
    const sessionId = await t.startSession();
    const track = await upload(sessionId, 'cam', webm.chunks);
    const patch = webmDurationPatch(webm.whole.subarray(0, WEBM_HEAD_BYTES), webm.durationMs)!;
    const expected = concat(patch.head, webm.whole.subarray(patch.replacedLength));
    const size = expected.length;
    expect(size).toBe(webm.whole.length + 11);
    expect(track.durationMs).toBe(webm.durationMs);

    const full = await fetch(`${t.url}${track.url}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe(String(size));
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(expected);

    const h = patch.head.length;
    const firstChunkEnd = webm.chunks[0]!.bytes.length + 11;
    const ranges: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      [`bytes=0-${h - 1}`, 0, h - 1],
      [`bytes=${h - 5}-${h + 5}`, h - 5, h + 5],
      [`bytes=${h}-${h}`, h, h],
      [`bytes=${h + 1}-${h + 300}`, h + 1, h + 300],
      [`bytes=${firstChunkEnd - 3}-${firstChunkEnd + 3}`, firstChunkEnd - 3, firstChunkEnd + 3],
      [`bytes=${size - 2000}-`, size - 2000, size - 1],
      ['bytes=-100', size - 100, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
    ];
    for (const [header, start, end] of ranges) {
      const res = await fetch(`${t.url}${track.url}`, { headers: { range: header } });
      expect(res.status, header).toBe(206);
      expect(res.headers.get('content-range'), header).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get('content-length'), header).toBe(String(end - start + 1));
      expect(new Uint8Array(await res.arrayBuffer()), header).toEqual(expected.subarray(start, end + 1));
    }
    const unsatisfiable = await fetch(`${t.url}${track.url}`, { headers: { range: `bytes=${size}-` } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('keeps byte offsets while a track grows, its Duration following the served chunks', async () => {
    const sessionId = await t.startSession();
    const first = webm.chunks.slice(0, 2);
    const track = await upload(sessionId, 'grow', first);
    const early = new Uint8Array(await (await fetch(`${t.url}${track.url}`)).arrayBuffer());
    const firstEnd = first.at(-1)!.startMs + first.at(-1)!.durationMs;
    const patch = webmDurationPatch(webm.whole.subarray(0, WEBM_HEAD_BYTES), firstEnd)!;
    expect(early).toEqual(concat(patch.head, webm.whole.subarray(patch.replacedLength, first[0]!.bytes.length + first[1]!.bytes.length)));

    await upload(sessionId, 'grow', webm.chunks.slice(2), 2);
    const later = new Uint8Array(await (await fetch(`${t.url}${track.url}`)).arrayBuffer());
    expect(later.length).toBe(webm.whole.length + 11);
    // Only the Duration's value changed in what was served before.
    expect(later.subarray(patch.head.length, early.length)).toEqual(early.subarray(patch.head.length));
    expect(later.subarray(0, patch.head.length - 8)).toEqual(early.subarray(0, patch.head.length - 8));
    expect(later.subarray(patch.head.length - 11, patch.head.length)).toEqual(durationElement(webm.durationMs));
  });

  it('serves bytes that are not a WebM it knows as stored', async () => {
    const sessionId = await t.startSession();
    const odd = Uint8Array.from({ length: 900 }, (_, i) => (i * 7) % 256);
    const track = await upload(sessionId, 'odd', [{ bytes: odd, startMs: 0, durationMs: 1000 }]);
    const res = await fetch(`${t.url}${track.url}`, { headers: { range: 'bytes=100-199' } });
    expect(res.headers.get('content-range')).toBe('bytes 100-199/900');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(odd.subarray(100, 200));
  });
});

describe('a served track in Chromium', () => {
  it('knows its duration at loadedmetadata and seeks before playing to the frame of the target time', async () => {
    const { t } = pageServer;
    const sessionId = await t.startSession();
    const headers = { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, ...t.sessionAuth(sessionId) };
    const base = `${t.url}${INGEST_BASE}/sessions/${sessionId}/media/cam`;
    await fetch(base, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'camera', mimeType: webm.mimeType, startedAt: Date.now() }),
    });
    for (const [seq, c] of webm.chunks.entries()) {
      await fetch(`${base}/chunks/${seq}?startMs=${c.startMs}&durationMs=${c.durationMs}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': webm.mimeType },
        body: c.bytes,
      });
    }
    const track = ((await (await t.api(`/api/sessions/${sessionId}/media`)).json()) as MediaTrackList).tracks[0]!;

    const video = await page.evaluateHandle(async (src) => {
      const v = document.createElement('video');
      v.muted = true;
      v.preload = 'metadata';
      document.body.append(v);
      await new Promise((resolve, reject) => {
        v.addEventListener('loadedmetadata', resolve, { once: true });
        v.addEventListener('error', () => reject(new Error(`video error ${v.error?.message}`)), { once: true });
        v.src = src;
      });
      return v;
    }, `${t.url}${track.url}`);
    const duration = await video.evaluate((v) => v.duration);
    expect(duration).toBeCloseTo(webm.durationMs / 1000, 2);

    for (const target of [3.5, 1.2, 4.6]) {
      const landed = await video.evaluate(async (v, at) => {
        const seeked = new Promise((r) => v.addEventListener('seeked', r, { once: true }));
        v.currentTime = at;
        await seeked;
        if (v.readyState < 2) await new Promise((r) => v.addEventListener('loadeddata', r, { once: true }));
        return { currentTime: v.currentTime, paused: v.paused };
      }, target);
      expect(landed).toEqual({ currentTime: target, paused: true });
      // The frame shown is the one recorded at the target time (±0.4 s of hue).
      expect(hueDistance(await frameHue(video), hueAt(target)), `at ${target} s`).toBeLessThan(0.4 * HUE_PER_SECOND);
    }
  });
});

function findBytes(haystack: Uint8Array, needle: number[]): number {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((b, j) => haystack[i + j] === b)) return i;
  }
  throw new Error(`bytes ${needle.join(', ')} not found`);
}

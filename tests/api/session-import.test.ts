/**
 * Importing recordings made elsewhere (`POST /api/sessions/import`, and the
 * `npm run import` command): an rrweb recording and PostHog's export files
 * become sessions that replay from their snapshots, carry the markers and
 * pages ingest derives, and export back to exactly the imported events;
 * the site's files get what recorded chunks get (large stylesheets stored
 * once; copies fetched only from the site's allowed origins, which the
 * export then points at); only admins may import, into a site that exists;
 * a refused import (bad JSON, bad events, too large) stores nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { assetBlobs, eventChunks, sessionAssets, sessions } from '../../db/schema.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_RAW_BYTES, type ChunkRange, type SessionDetail, type SessionImport } from '../../protocol/api.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { INLINE_CSS_PREFIX } from '../../server/assets/inline-stylesheets.ts';
import { isCompacted } from '../../server/storage/chunk-codec.ts';
import { testDrivers } from '../helpers/db.ts';
import { storedChunkTexts } from '../helpers/stored-chunks.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { checkoutProblemEvents, syntheticSession } from '../helpers/synthetic-session.ts';
import { click, input, pageChunk } from './fixtures.ts';
import { png, startSiteServer, type SiteServer } from '../assets/site-server.ts';
import { el, page } from '../assets/synthetic-page.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const DAY = 86_400_000;

/** A 10-minute recording from 60 days ago (older than any new recorded session may be), a snapshot every 2 minutes, with clicks, typing and problems. */
function rrwebRecording() {
  const startTs = Math.floor((Date.now() - 60 * DAY) / 1000) * 1000;
  const synthetic = syntheticSession({
    startTs,
    durationMs: 10 * 60_000,
    tickMs: 1000,
    checkoutMs: 2 * 60_000,
    href: 'https://shop.test/cart',
  });
  const extra = [click(startTs + 30_500), input(startTs + 31_500, 7), ...checkoutProblemEvents(startTs)];
  const events: unknown[] = [...synthetic.events];
  for (const event of extra) {
    // Each at its place in time, as rrweb would have emitted it.
    const at = events.findIndex((e) => (e as { timestamp: number }).timestamp > event.timestamp);
    events.splice(at, 0, event);
  }
  return { events, startTs, endTs: synthetic.endTs };
}

const withWindow = (events: unknown[], windowId: string | number) =>
  events.map((e) => ({ ...(e as { type: number; timestamp: number }), windowId }));

describe.each(testDrivers)('session import on $name', (driver) => {
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

  const importBody = (body: BodyInit, init: { contentType?: string; siteId?: string; token?: string | null; encoding?: string } = {}) =>
    t.api(`/api/sessions/import?siteId=${init.siteId ?? t.site.id}`, {
      method: 'POST',
      body,
      token: init.token,
      headers: { 'content-type': init.contentType ?? 'application/gzip', ...(init.encoding ? { 'content-encoding': init.encoding } : {}) },
    });
  const importJson = async (value: unknown) => {
    const res = await importBody(gzipSync(JSON.stringify(value)));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as SessionImport;
  };
  const exported = async (id: string) => {
    const res = await t.api(`/api/sessions/${id}/export`);
    expect(res.status).toBe(200);
    return (await res.json()) as unknown[];
  };
  const detail = async (id: string) => (await (await t.api(`/api/sessions/${id}`)).json()) as SessionDetail;
  const stored = async () => {
    const [s] = await database.db.select({ n: count() }).from(sessions);
    const [c] = await database.db.select({ n: count() }).from(eventChunks);
    return { sessions: s!.n, chunks: c!.n };
  };
  const expectError = async (res: Response, status: number, code: string) => {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    expect((JSON.parse(text) as ErrorBody).error.code).toBe(code);
    return (JSON.parse(text) as ErrorBody).error.message;
  };

  describe('an rrweb recording', () => {
    const recording = rrwebRecording();
    let result: SessionImport;
    let id: string;

    beforeAll(async () => {
      result = await importJson(recording.events);
      id = result.sessions[0]!.sessionId;
    });

    it('becomes one session that exports back to exactly the imported events', async () => {
      expect(result).toMatchObject({ format: 'rrweb', siteId: t.site.id });
      expect(result.sessions).toHaveLength(1);
      expect(result.sessions[0]).toMatchObject({
        windowId: null,
        eventCount: recording.events.length,
        firstEventTs: recording.startTs,
        lastEventTs: recording.endTs,
        firstUrl: 'https://shop.test/cart',
      });
      expect(await exported(id)).toEqual(recording.events);
    });

    it('is compacted as a recorded session is, and still exports exactly the imported events', async () => {
      await t.server.jobs.idle();
      const chunks = await database.db.select({ data: eventChunks.data }).from(eventChunks).where(eq(eventChunks.sessionId, id));
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.every((c) => isCompacted(c.data))).toBe(true);
      expect(await exported(id)).toEqual(recording.events);
    });

    it('is stored as recorded sessions are: bounds, counts, pages, markers and metadata derived by ingest', async () => {
      const d = await detail(id);
      expect(d).toMatchObject({
        siteId: t.site.id,
        firstEventTs: recording.startTs,
        lastEventTs: recording.endTs,
        eventCount: recording.events.length,
        firstUrl: 'https://shop.test/cart',
        viewport: { width: 1024, height: 768 },
        metadata: { 'user.email': 'ada@example.test', orderNumber: 'A-1001' },
      });
      expect(d.startedAt).toBe(new Date(recording.startTs).toISOString());
      expect(d.pages).toEqual([{ ts: recording.startTs, url: 'https://shop.test/cart' }]);
      const kinds = d.markers.map((m) => m.kind);
      expect(kinds).toEqual(expect.arrayContaining(['click', 'input', 'error', 'network', 'navigation']));
      expect(d.markers.find((m) => m.kind === 'click')!.ts).toBe(recording.startTs + 30_500);
      // Listed like any session of the site.
      const list = (await (await t.api(`/api/sessions?siteId=${t.site.id}`)).json()) as { sessions: { id: string }[] };
      expect(list.sessions.map((s) => s.id)).toContain(id);
    });

    it('is cut into chunks at every snapshot, so replay starts near any moment without the whole file', async () => {
      const all = (await (await t.api(`/api/sessions/${id}/chunks?from=0&to=${recording.endTs}`)).json()) as ChunkRange;
      expect(all.chunks.length).toBe(result.sessions[0]!.chunkCount);
      expect(all.chunks.length).toBeGreaterThanOrEqual(60); // 10 minutes, 10 s at most per chunk
      // A snapshot every 2 minutes, each opening its own chunk.
      const snapshots = (recording.events as { type: number; timestamp: number }[]).filter((e) => e.type === 2).map((e) => e.timestamp);
      expect(snapshots.slice(0, 5)).toEqual([0, 2, 4, 6, 8].map((m) => recording.startTs + m * 60_000));
      expect(all.chunks.filter((c) => c.startsWithSnapshot).map((c) => c.firstTs)).toEqual(snapshots);
      const late = recording.startTs + 7 * 60_000;
      const range = (await (await t.api(`/api/sessions/${id}/chunks?from=${late}&to=${late + 5_000}`)).json()) as ChunkRange;
      expect(range.chunks[0]).toMatchObject({ startsWithSnapshot: true, firstTs: recording.startTs + 6 * 60_000 });
      expect(range.chunks.length).toBeLessThan(all.chunks.length / 4);
    });

    it('takes the same recording as plain JSON, or as gzip declared by Content-Encoding', async () => {
      const plain = await importBody(JSON.stringify(recording.events), { contentType: 'application/json' });
      expect(plain.status).toBe(201);
      const viaEncoding = await importBody(gzipSync(JSON.stringify(recording.events)), {
        contentType: 'application/json',
        encoding: 'gzip',
      });
      expect(viaEncoding.status).toBe(201);
      for (const res of [plain, viaEncoding]) {
        const {
          sessions: [s],
        } = (await res.json()) as SessionImport;
        expect(s!.sessionId).not.toBe(id);
        expect(await exported(s!.sessionId)).toEqual(recording.events);
      }
    });

    it('takes no writes through ingest: an imported session has no secret', async () => {
      const res = await t.putChunk(id, 100_000, pageChunk(Date.now()), { sessionToken: 'x'.repeat(43) });
      expect(res.status).toBe(401);
      expect((await detail(id)).eventCount).toBe(recording.events.length);
    });
  });

  describe("PostHog's export files", () => {
    const base = Math.floor((Date.now() - 3 * DAY) / 1000) * 1000;
    const tabA = syntheticSession({
      startTs: base,
      durationMs: 90_000,
      tickMs: 500,
      checkoutMs: 60_000,
      href: 'https://shop.test/a',
    }).events;
    const tabB = [...pageChunk(base + 20_000, 'https://shop.test/b'), click(base + 25_000), click(base + 26_000)];

    it("2023-04-28: one session per window, one visit, each exporting its window's events without windowId", async () => {
      // As PostHog writes it: every window's snapshots in one list, in time order.
      const snapshots = [...withWindow(tabA, 'window-a'), ...withWindow(tabB, 7)].sort((x, y) => x.timestamp - y.timestamp);
      const result = await importJson({
        version: '2023-04-28',
        data: { id: 'ph-recording-1', person: { distinct_id: 'someone' }, snapshots },
      });
      expect(result.format).toBe('posthog-2023-04-28');
      expect(result.sessions.map((s) => [s.windowId, s.eventCount, s.firstUrl])).toEqual([
        ['window-a', tabA.length, 'https://shop.test/a'],
        ['7', tabB.length, 'https://shop.test/b'],
      ]);
      const [a, b] = result.sessions;
      expect(await exported(a!.sessionId)).toEqual(tabA);
      expect(await exported(b!.sessionId)).toEqual(tabB);
      const [da, db] = [await detail(a!.sessionId), await detail(b!.sessionId)];
      expect(da.visitId).toMatch(/^[0-9a-f]{32}$/);
      expect(db.visitId).toBe(da.visitId);
      expect(db.markers.filter((m) => m.kind === 'click')).toHaveLength(3);
    });

    it('2022-12-02: snapshots by window', async () => {
      const result = await importJson({ version: '2022-12-02', data: { person: null, snapshotsByWindowId: { 'w-1': tabB } } });
      expect(result.format).toBe('posthog-2022-12-02');
      expect(result.sessions).toHaveLength(1);
      expect(result.sessions[0]!.windowId).toBe('w-1');
      expect(await exported(result.sessions[0]!.sessionId)).toEqual(tabB);
      // One window: no visit to share.
      expect((await detail(result.sessions[0]!.sessionId)).visitId).toBeNull();
    });
  });

  describe("the site's files, as for recorded sessions", () => {
    let shop: SiteServer;
    let evil: SiteServer;
    /** The shop's stylesheet as rrweb inlines it (`_cssText`): over 1 KiB, naming one of the shop's images. */
    let css: string;
    const newSite = async (name: string, captureAssets: boolean) => {
      const created = await t.createSite({ name, allowedOrigins: [shop.origin] });
      if (!captureAssets) await t.api(`/api/sites/${created.id}`, { method: 'PATCH', body: JSON.stringify({ captureAssets: false }) });
      return created;
    };
    /** Two page loads of the shop (each repeating its stylesheet), naming the shop's files and others' anywhere else. */
    const shopRecording = () => {
      const startTs = Math.floor((Date.now() - 60_000) / 1000) * 1000;
      const load = (at: number) =>
        page(
          `${shop.origin}/cart`,
          [
            el('link', { rel: 'stylesheet', href: `${shop.origin}/site.css`, _cssText: css }),
            el('img', { src: `${shop.origin}/a.png` }),
            el('img', { src: `${evil.origin}/x.png` }),
            el('img', { src: 'http://169.254.169.254/latest/meta-data/iam.png' }),
            el('div', { style: `background: url("${evil.origin}/y.png")` }),
          ],
          at,
        );
      return [...load(startTs), ...load(startTs + 20_000)] as unknown[];
    };
    // Whatever form the chunks are in by then (compaction may already have run: server/storage).
    const storedJson = async (sessionId: string) => (await storedChunkTexts(database, sessionId)).join('\n');
    const assetsOf = async (sessionId: string) =>
      Object.fromEntries(
        (await database.db.select().from(sessionAssets).where(eq(sessionAssets.sessionId, sessionId))).map((r) => [
          r.url,
          r.hash ?? r.error,
        ]),
      );

    beforeAll(async () => {
      [shop, evil] = await Promise.all([startSiteServer(), startSiteServer()]);
      css = `.banner { background: url("${shop.origin}/b.png") }\n${'.row { color: #334155; padding: 4px 8px; }\n'.repeat(40)}`;
      shop.set(
        '/a.png',
        'image/png',
        png(4, 4, () => [200, 10, 10]),
      );
      shop.set(
        '/b.png',
        'image/png',
        png(4, 4, () => [10, 200, 10]),
      );
      evil.set(
        '/x.png',
        'image/png',
        png(4, 4, () => [0, 0, 0]),
      );
    });
    afterAll(async () => {
      await shop?.close();
      await evil?.close();
    });

    it('keeps large stylesheets once, as ingest does, and still exports exactly the imported events', async () => {
      const site = await newSite('Imported, no copies', false);
      const events = shopRecording();
      const first = await importBody(gzipSync(JSON.stringify(events)), { siteId: site.id });
      expect(first.status, await first.clone().text()).toBe(201);
      const second = await importBody(gzipSync(JSON.stringify(events)), { siteId: site.id });
      expect(second.status).toBe(201);
      const ids = [first, second].map(async (r) => ((await r.json()) as SessionImport).sessions[0]!.sessionId);
      const keptHashes = new Set<string>();
      for (const id of await Promise.all(ids)) {
        // Stored as a reference (in both page loads), the text once: one kept text, named by its stored bytes' hash.
        const json = await storedJson(id);
        expect(json).not.toContain('.row {');
        const kept = Object.entries(await assetsOf(id));
        expect(kept).toHaveLength(1);
        const [reference, hash] = kept[0]!;
        expect(reference).toBe(`${INLINE_CSS_PREFIX}${hash}`);
        expect(json.split(reference)).toHaveLength(3);
        keptHashes.add(hash!);
        await t.server.jobs.idle();
        expect(await exported(id)).toEqual(events);
      }
      expect(keptHashes.size).toBe(1);
      const blobs = await database.db
        .select({ n: count() })
        .from(assetBlobs)
        .where(eq(assetBlobs.hash, [...keptHashes][0]!));
      expect(blobs[0]!.n).toBe(1);
      // The site copies no files: nothing was fetched.
      expect([...shop.hits, ...evil.hits]).toEqual([]);
    });

    it("copies the files it names from the site's allowed origins only, and the export points at the copies", async () => {
      const site = await newSite('Imported, copied', true);
      const events = shopRecording();
      const res = await importBody(gzipSync(JSON.stringify(events)), { siteId: site.id });
      expect(res.status, await res.clone().text()).toBe(201);
      const id = ((await res.json()) as SessionImport).sessions[0]!.sessionId;
      await t.server.jobs.idle();
      // Same rules as for a recording: never another host, a link-local address, whatever the file says.
      expect(evil.hits).toEqual([]);
      const assets = await assetsOf(id);
      expect(assets).toMatchObject({
        [`${shop.origin}/a.png`]: expect.stringMatching(/^[0-9a-f]{64}$/),
        // Named inside the stylesheet kept once: capture reads through the reference.
        [`${shop.origin}/b.png`]: expect.stringMatching(/^[0-9a-f]{64}$/),
        [`${evil.origin}/x.png`]: expect.stringMatching(/^refused/),
        [`${evil.origin}/y.png`]: expect.stringMatching(/^refused/),
        'http://169.254.169.254/latest/meta-data/iam.png': expect.stringMatching(/^refused/),
      });
      expect(shop.captureHits).toEqual(expect.arrayContaining(['/a.png', '/b.png']));
      // The imported events, with the copied files' addresses at the server's copies (as a recorded session's export).
      const copied = JSON.stringify(events)
        .replaceAll(`${shop.origin}/a.png`, `${t.url}/assets/${assets[`${shop.origin}/a.png`]}`)
        .replaceAll(`${shop.origin}/b.png`, `${t.url}/assets/${assets[`${shop.origin}/b.png`]}`);
      expect(await exported(id)).toEqual(JSON.parse(copied));
    });
  });

  describe('who may import', () => {
    const body = () => gzipSync(JSON.stringify(pageChunk(Date.now() - 60_000)));

    it('anonymous: 401; an advisor who is not an admin: 403; nothing stored', async () => {
      const before = await stored();
      await expectError(await importBody(body(), { token: null }), 401, 'unauthorized');
      await expectError(await importBody(body(), { token: 'not-a-real-token-at-all' }), 401, 'unauthorized');
      await t.createAdvisor('plain-advisor@cobrowse.test', 'advisor-password');
      const advisor = await t.tokenFor('plain-advisor@cobrowse.test', 'advisor-password');
      await expectError(await importBody(body(), { token: advisor }), 403, 'forbidden');
      expect(await stored()).toEqual(before);
    });

    it('an unknown site: 404; a site id that is not one: 400', async () => {
      const before = await stored();
      await expectError(await importBody(body(), { siteId: crypto.randomUUID() }), 404, 'not_found');
      await expectError(await importBody(body(), { siteId: 'shop' }), 400, 'bad_request');
      await expectError(
        await t.api('/api/sessions/import', { method: 'POST', body: body(), headers: { 'content-type': 'application/gzip' } }),
        400,
        'bad_request',
      );
      expect(await stored()).toEqual(before);
    });
  });

  describe('refused input stores nothing', () => {
    const now = Date.now();
    const cases: [string, number, string, () => { body: BodyInit; contentType?: string }, RegExp?][] = [
      ['not JSON', 400, 'invalid_json', () => ({ body: gzipSync('[{"type": 4,') })],
      ['not UTF-8', 400, 'invalid_json', () => ({ body: gzipSync(Buffer.from([0x5b, 0xff, 0x5d])) })],
      ['neither format', 400, 'invalid_events', () => ({ body: gzipSync('{"events": []}') }), /PostHog export file/],
      ['no events', 400, 'invalid_events', () => ({ body: gzipSync('[]') })],
      ['an event without a timestamp', 400, 'invalid_events', () => ({ body: gzipSync(JSON.stringify([{ type: 4, data: {} }])) })],
      ['an unknown event type', 400, 'invalid_events', () => ({ body: gzipSync(JSON.stringify([{ type: 9, timestamp: now, data: {} }])) })],
      ['events in the future', 400, 'invalid_events', () => ({ body: gzipSync(JSON.stringify(pageChunk(now + DAY))) }), /future/],
      [
        'a PostHog file whose second window is broken (the first is not kept either)',
        400,
        'invalid_events',
        () => ({
          body: gzipSync(
            JSON.stringify({
              version: '2023-04-28',
              data: { snapshots: [...withWindow(pageChunk(now - 60_000), 'a'), { type: 3, windowId: 'b', data: {} }] },
            }),
          ),
        }),
        /window b/,
      ],
      [
        'PostHog events still compressed by posthog-js',
        400,
        'invalid_events',
        () => ({
          body: gzipSync(
            JSON.stringify({
              version: '2023-04-28',
              data: { snapshots: [{ type: 2, timestamp: now - 1000, data: 'H4sIAAAA', cv: '2024-10', windowId: 'a' }] },
            }),
          ),
        }),
        /Export to file/,
      ],
      ['an unknown PostHog version', 400, 'invalid_events', () => ({ body: gzipSync('{"version": "2030-01-01", "data": {}}') })],
      ['broken gzip', 400, 'bad_request', () => ({ body: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]) })],
      ['text/plain', 415, 'unsupported_media_type', () => ({ body: '[]', contentType: 'text/plain' })],
      [
        'gzip that inflates past the cap (a gzip bomb)',
        413,
        'payload_too_large',
        () => ({ body: gzipSync(Buffer.alloc(MAX_IMPORT_RAW_BYTES + 1, 0x20)) }),
      ],
      [
        'a body over the cap',
        413,
        'payload_too_large',
        () => ({ body: new Uint8Array(MAX_IMPORT_BYTES + 1024).fill(0x20), contentType: 'application/json' }),
      ],
    ];

    it.each(cases)('%s: %i %s', async (_name, status, code, make, message) => {
      const before = await stored();
      const { body, contentType } = make();
      const text = await expectError(await importBody(body, { contentType }), status, code);
      if (message) expect(text).toMatch(message);
      expect(await stored()).toEqual(before);
    });
  });

  describe('npm run import', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'cb-import-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const cli = (args: string[], env: Record<string, string> = {}) =>
      run(process.execPath, ['scripts/import.ts', ...args], { cwd: root, env: { ...process.env, COBROWSE_TOKEN: '', ...env } }).then(
        (r) => ({ code: 0, ...r }),
        (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
      );

    it('uploads a file with a progress bar and prints the new session in the advisor app', async () => {
      const recording = rrwebRecording();
      const file = path.join(dir, 'recording.json');
      writeFileSync(file, JSON.stringify(recording.events));
      const out = await cli([file, '--site', t.site.id, '--server', t.url, '--token', await t.token()]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toMatch(/uploading \[#{30}\] 100% /);
      const match = new RegExp(
        `^imported 1 session \\(rrweb\\):\\n  ${t.url}/app/sessions/([0-9a-f-]{36})  \\(${recording.events.length} events, \\d+ chunks, \\d+ s\\)\\n$`,
      ).exec(out.stdout);
      expect(match, out.stdout).not.toBeNull();
      expect(await exported(match![1]!)).toEqual(recording.events);
    });

    it('signs in with ADMIN_EMAIL and ADMIN_PASSWORD, takes a gzipped PostHog file, lists the sites when the site is unknown', async () => {
      const file = path.join(dir, 'posthog.json.gz');
      const events = pageChunk(Date.now() - 60_000);
      writeFileSync(file, gzipSync(JSON.stringify({ version: '2023-04-28', data: { snapshots: withWindow(events, 'w') } })));
      const env = { ADMIN_EMAIL: t.admin.email, ADMIN_PASSWORD: t.admin.password };
      const ok = await cli([file, '--site', t.site.id, '--server', t.url], env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(
        /^imported 1 session \(posthog-2023-04-28\):\n {2}http:\/\/.+\/app\/sessions\/[0-9a-f-]{36} {2}\(window w, 3 events/,
      );

      const unknown = await cli([file, '--site', crypto.randomUUID(), '--server', t.url], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('import refused: 404 not_found: no such site');
      expect(unknown.stderr).toContain(`${t.site.id}  ${t.site.name}`);

      const noSite = await cli([file, '--server', t.url], env);
      expect(noSite.code).toBe(1);
      expect(noSite.stderr).toContain(`${t.site.id}  ${t.site.name}`);

      const noCredentials = await cli([file, '--site', t.site.id, '--server', t.url], { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
      expect(noCredentials.code).toBe(1);
      expect(noCredentials.stderr).toMatch(/give an admin token/);

      // A token is random base64url: one in 64 starts with a dash, and is still read as the token's value.
      const dashed = await cli([file, '--site', t.site.id, '--server', t.url, '--token', '-not-a-token']);
      expect(dashed.code).toBe(1);
      expect(dashed.stderr).toMatch(/401/);
      expect(dashed.stderr).not.toMatch(/ambiguous/);
    });
  });
});

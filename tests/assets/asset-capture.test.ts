/**
 * Asset capture through the real interfaces (ingest, the job, `/assets`, the
 * player's chunk answers), on PGlite and PostgreSQL: what is fetched and from
 * where (never another host, a private or link-local address, a redirect
 * elsewhere, a page or a script), the size limits per file and per session,
 * a site that turned capture off, one copy per content, and how copies are
 * served (headers, only captured files, nothing fetched on demand).
 */
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { assetBlobs, sessionAssets } from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';
import { assetHash, putBlob } from '../../server/assets/asset-store.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { png, startSiteServer, type SiteServer } from './site-server.ts';
import { el, page, textNode } from './synthetic-page.ts';

const MAX_BYTES = 4096;
const SESSION_MAX_BYTES = 7000;

describe.each(testDrivers)('asset capture on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let shop: SiteServer;
  let evil: SiteServer;
  let site: Site;

  /** Records `events` as a new session of the site, waits for capture; answers the session id. */
  const record = async (events: eventWithTime[]) => {
    const sessionId = await t.startSession({ siteKey: site.siteKey, startedAt: events[0]!.timestamp });
    const res = await t.putChunk(sessionId, 0, events, { siteKey: site.siteKey });
    expect(res.status).toBe(201);
    await t.server.jobs.idle();
    return sessionId;
  };
  const assetsOf = async (sessionId: string) =>
    Object.fromEntries(
      (await database.db.select().from(sessionAssets).where(eq(sessionAssets.sessionId, sessionId))).map((r) => [r.url, r.hash ?? r.error]),
    );

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, assetMaxBytes: MAX_BYTES, assetSessionMaxBytes: SESSION_MAX_BYTES });
    shop = await startSiteServer();
    evil = await startSiteServer();
    // Recorded from TEST_ORIGIN (the test helpers' ingest origin); its files come from the shop's server.
    site = await t.createSite({ name: 'Captured shop', allowedOrigins: [TEST_ORIGIN, shop.origin] });
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
    shop.set('/page.html', 'text/html', '<p>a page, not an asset</p>');
    shop.set('/app.js', 'text/javascript', 'alert(1)');
    shop.set('/data.json', 'application/json', '{"secret":1}');
    shop.set('/to-evil.png', 'image/png', '');
    shop.files.get('/to-evil.png')!.redirect = `${evil.origin}/x.png`;
    shop.set('/moved.png', 'image/png', '');
    shop.files.get('/moved.png')!.redirect = '/a.png';
    shop.set('/icon.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    evil.set(
      '/x.png',
      'image/png',
      png(4, 4, () => [0, 0, 0]),
    );
    evil.set(
      '/internal.png',
      'image/png',
      png(4, 4, () => [0, 0, 0]),
    );
  });

  afterAll(async () => {
    await shop?.close();
    await evil?.close();
    await t?.close();
    await database?.close();
  });

  it('fetches only from the site’s allowed origins: never another host, a local address, a redirect elsewhere, a page or data', async () => {
    const localhostAlias = shop.origin.replace('127.0.0.1', 'localhost');
    const sessionId = await record(
      page(`${shop.origin}/`, [
        el('img', { src: `${shop.origin}/a.png` }),
        el('img', { src: `${evil.origin}/internal.png` }),
        el('img', { src: 'http://169.254.169.254/latest/meta-data/iam.png' }),
        el('img', { src: 'http://10.0.0.1/router.png' }),
        el('img', { src: `${localhostAlias}/a.png` }),
        el('img', { src: `${shop.origin.replace('http://', 'http://user:pw@')}/b.png` }),
        el('img', { src: `${shop.origin}/to-evil.png` }),
        el('img', { src: `${shop.origin}/moved.png` }),
        el('link', { rel: 'prefetch', href: `${shop.origin}/page.html` }),
        el('link', { rel: 'preload', href: `${shop.origin}/data.json` }),
        el('object', { data: `${shop.origin}/app.js` }),
        el('div', { style: `background: url("${evil.origin}/x.png")` }),
      ]),
    );
    expect(evil.hits).toEqual([]);
    const assets = await assetsOf(sessionId);
    expect(assets[`${shop.origin}/a.png`]).toMatch(/^[0-9a-f]{64}$/);
    // Same-origin redirects are followed (to the same content).
    expect(assets[`${shop.origin}/moved.png`]).toBe(assets[`${shop.origin}/a.png`]);
    expect(assets).toMatchObject({
      [`${evil.origin}/internal.png`]: expect.stringMatching(/^refused: .* not an allowed origin/),
      'http://169.254.169.254/latest/meta-data/iam.png': expect.stringMatching(/^refused/),
      'http://10.0.0.1/router.png': expect.stringMatching(/^refused/),
      [`${localhostAlias}/a.png`]: expect.stringMatching(/^refused/),
      [`${shop.origin}/to-evil.png`]: expect.stringMatching(/^refused: redirect to another origin/),
      [`${shop.origin}/page.html`]: expect.stringMatching(/^refused: content type text\/html/),
      [`${shop.origin}/data.json`]: expect.stringMatching(/^refused: content type application\/json/),
      [`${shop.origin}/app.js`]: expect.stringMatching(/^refused: content type text\/javascript/),
      [`${evil.origin}/x.png`]: expect.stringMatching(/^refused/),
    });
    expect(assets[`${shop.origin.replace('http://', 'http://user:pw@')}/b.png`]).toMatch(/^refused: credentials/);
    // A refused address is never asked again by a later chunk.
    const res = await t.putChunk(sessionId, 1, page(`${shop.origin}/`, [el('img', { src: `${evil.origin}/internal.png` })]), {
      siteKey: site.siteKey,
    });
    expect(res.status).toBe(201);
    await t.server.jobs.idle();
    expect(evil.hits).toEqual([]);
  });

  it('keeps to the size limit per file and per session', async () => {
    const noise = (w: number, h: number) => png(w, h, (x, y) => [(x * 97 + y * 31) % 256, (x * y * 13) % 256, (x + y * 7) % 256]);
    shop.set('/big.png', 'image/png', noise(64, 64));
    shop.set('/c1.png', 'image/png', noise(30, 30));
    shop.set('/c2.png', 'image/png', noise(31, 30));
    shop.set('/c3.png', 'image/png', noise(32, 30));
    expect(shop.files.get('/big.png')!.body.length).toBeGreaterThan(MAX_BYTES);
    const sizes = ['/c1.png', '/c2.png', '/c3.png'].map((p) => shop.files.get(p)!.body.length);
    expect(sizes.every((n) => n < MAX_BYTES)).toBe(true);
    expect(sizes[0]! + sizes[1]! + sizes[2]!).toBeGreaterThan(SESSION_MAX_BYTES);
    expect(sizes[0]! + sizes[1]!).toBeLessThan(SESSION_MAX_BYTES);

    const sessionId = await record(
      page(`${shop.origin}/`, [
        el('img', { src: `${shop.origin}/big.png` }),
        el('img', { src: `${shop.origin}/c1.png` }),
        el('img', { src: `${shop.origin}/c2.png` }),
        el('img', { src: `${shop.origin}/c3.png` }),
      ]),
    );
    const assets = await assetsOf(sessionId);
    expect(assets[`${shop.origin}/big.png`]).toMatch(/^too large/);
    expect(assets[`${shop.origin}/c1.png`]).toMatch(/^[0-9a-f]{64}$/);
    expect(assets[`${shop.origin}/c2.png`]).toMatch(/^[0-9a-f]{64}$/);
    expect(assets[`${shop.origin}/c3.png`]).toMatch(/^session limit/);
    const big = assetHash(shop.files.get('/big.png')!.body as Buffer);
    expect(await database.db.select().from(assetBlobs).where(eq(assetBlobs.hash, big))).toEqual([]);
  });

  it('follows stylesheets that import each other without looping', async () => {
    shop.set('/css/a.css', 'text/css', '@import "b.css"; .a { background: url(../a.png) }');
    shop.set('/css/b.css', 'text/css', '@import url(a.css); .b { color: blue }');
    shop.captureHits.length = 0;
    const sessionId = await record(
      page(`${shop.origin}/`, [
        el('link', { rel: 'stylesheet', href: `${shop.origin}/css/a.css` }),
        el('link', { rel: 'stylesheet', href: `${shop.origin}/css/b.css` }),
      ]),
    );
    const assets = await assetsOf(sessionId);
    expect(assets[`${shop.origin}/css/a.css`]).toMatch(/^[0-9a-f]{64}$/);
    expect(assets[`${shop.origin}/css/b.css`]).toMatch(/^[0-9a-f]{64}$/);
    const copyOf = async (path: string) => (await fetch(`${t.url}/assets/${assets[`${shop.origin}${path}`]}`)).text();
    const [a, b] = [await copyOf('/css/a.css'), await copyOf('/css/b.css')];
    expect(a).toContain(`url("${assets[`${shop.origin}/a.png`]}")`);
    // The cycle is cut once: at least one of them imports the other's copy.
    expect([a, b].some((css) => /@import "[0-9a-f]{64}"/.test(css))).toBe(true);
    // Each fetched once, though both the page and the other stylesheet name it.
    expect(shop.captureHits.filter((p) => p.startsWith('/css/')).sort()).toEqual(['/css/a.css', '/css/b.css']);
  });

  it('stores one copy per content, however many sessions and URLs use it', async () => {
    shop.set('/same-as-a.png', 'image/png', shop.files.get('/a.png')!.body);
    const first = await record(page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/a.png` })]));
    const second = await record(page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/same-as-a.png` })]));
    const hash = (await assetsOf(first))[`${shop.origin}/a.png`];
    expect((await assetsOf(second))[`${shop.origin}/same-as-a.png`]).toBe(hash);
    const blobs = await database.db.select({ hash: assetBlobs.hash }).from(assetBlobs).where(eq(assetBlobs.hash, hash!));
    expect(blobs).toHaveLength(1);
  });

  it('fetches nothing for a site that turned capture off', async () => {
    const patched = await t.api(`/api/sites/${site.id}`, { method: 'PATCH', body: JSON.stringify({ captureAssets: false }) });
    expect(((await patched.json()) as Site).captureAssets).toBe(false);
    shop.set(
      '/off.png',
      'image/png',
      png(4, 4, () => [1, 2, 3]),
    );
    shop.hits.length = 0;
    const sessionId = await record(page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/off.png` })]));
    expect(shop.hits).toEqual([]);
    expect(await assetsOf(sessionId)).toEqual({});
    // Served as recorded, and cached for good: nothing will change it.
    const res = await t.api(`/api/sessions/${sessionId}/chunk-events?seqs=0`);
    expect(JSON.stringify(await res.json())).toContain(`${shop.origin}/off.png`);
    expect(res.headers.get('cache-control')).toContain('immutable');
    await t.api(`/api/sites/${site.id}`, { method: 'PATCH', body: JSON.stringify({ captureAssets: true }) });
  });

  it('serves the player’s chunks and the export pointing at the copies', async () => {
    const sessionId = await record(
      page(`${shop.origin}/`, [
        el('img', { src: `${shop.origin}/a.png`, srcset: `${shop.origin}/a.png 1x, ${evil.origin}/x.png 2x` }),
        el('style', {}, [textNode(`.x { background: url(${shop.origin}/b.png) }`, true)]),
      ]),
    );
    const assets = await assetsOf(sessionId);
    const copy = (path: string) => `${t.url}/assets/${assets[`${shop.origin}${path}`]}`;
    for (const path of [`/api/sessions/${sessionId}/chunk-events?seqs=0`, `/api/sessions/${sessionId}/export`]) {
      const res = await t.api(path);
      const text = await res.text();
      expect(text).toContain(`"src":"${copy('/a.png')}"`);
      expect(text).toContain(`"srcset":"${copy('/a.png')} 1x, ${evil.origin}/x.png 2x"`);
      expect(text).toContain(`url(\\"${copy('/b.png')}\\")`);
      expect(text).not.toContain(`${shop.origin}/a.png`);
    }
    // Several chunks' gzip bytes: each as long as `X-Chunk-Sizes` says (longer than stored, once rewritten).
    const data = await t.api(`/api/sessions/${sessionId}/chunk-data?seqs=0`);
    const bytes = Buffer.from(await data.arrayBuffer());
    expect(data.headers.get('x-chunk-sizes')).toBe(String(bytes.byteLength));
    expect(gunzipSync(bytes).toString('utf8')).toContain(copy('/a.png'));
    const chunk = await t.api(`/api/sessions/${sessionId}/chunks/0`);
    const events = await new Response(chunk.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(events).toContain(copy('/a.png'));
    expect(chunk.headers.get('cache-control')).toContain('immutable');
  });

  it('points a tutorial’s preview and its published events at the copies', async () => {
    const sessionId = await record(page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/a.png` }), el('p', {}, [textNode('Hello')])]));
    const copy = `${t.url}/assets/${(await assetsOf(sessionId))[`${shop.origin}/a.png`]}`;
    const made = await t.api('/api/tutorials', { method: 'POST', body: JSON.stringify({ sessionId, title: 'With a picture' }) });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const preview = await (await t.api(`/api/tutorials/${id}/events`)).text();
    expect(preview).toContain(`"src":"${copy}"`);
    expect(preview).not.toContain(`${shop.origin}/a.png`);
    const published = await t.api(`/api/tutorials/${id}/publish`, { method: 'POST', body: JSON.stringify({ visibility: 'public' }) });
    expect(published.status).toBe(200);
    const { url } = (await published.json()) as { url: string };
    const events = await (await fetch(`${url}/events`)).text();
    expect(events).toContain(`"src":"${copy}"`);
  });

  it('serves copies inertly, cached for good, and only files captured for a recording', async () => {
    const a = assetHash(shop.files.get('/a.png')!.body as Buffer);
    const res = await fetch(`${t.url}/assets/${a}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(Buffer.from(await res.arrayBuffer()).equals(shop.files.get('/a.png')!.body as Buffer)).toBe(true);
    expect((await fetch(`${t.url}/assets/${a}`, { headers: { 'if-none-match': `"${a}"` } })).status).toBe(304);

    // An SVG (which could carry script) is captured as an image and served sandboxed.
    const sessionId = await record(page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/icon.svg` })]));
    const svg = await fetch(`${t.url}/assets/${(await assetsOf(sessionId))[`${shop.origin}/icon.svg`]}`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-security-policy')).toContain('sandbox');

    // Unknown, malformed, and stored-but-unreferenced hashes; no URL is ever fetched on demand.
    const orphan = await putBlob(database.db, new TextEncoder().encode('not captured for anyone'), 'text/css; charset=utf-8');
    shop.hits.length = 0;
    for (const path of [
      `/assets/${'0'.repeat(64)}`,
      `/assets/${orphan}`,
      '/assets/not-a-hash',
      `/assets/${encodeURIComponent(`${shop.origin}/a.png`)}`,
    ]) {
      expect([400, 404]).toContain((await fetch(`${t.url}${path}`)).status);
    }
    expect(shop.hits).toEqual([]);
  });
});

/**
 * Signing in, bearer tokens, roles, sites, health and the static routes'
 * behaviour when nothing is built.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { authTokens } from '../../db/schema.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import type { Advisor, Site, TokenResponse } from '../../protocol/api.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { testDrivers } from '../helpers/db.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';

async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
}

describe.each(testDrivers)('auth, sites and static on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const dist = mkdtempSync(join(tmpdir(), 'cobrowse-dist-'));
  const demo = mkdtempSync(join(tmpdir(), 'cobrowse-demo-'));

  beforeAll(async () => {
    writeFileSync(join(demo, 'index.html'), '<script>window.key = "__COBROWSE_SITE_KEY__";</script>');
    writeFileSync(join(demo, 'logo.svg'), '<svg>__COBROWSE_SITE_KEY__</svg>');
    database = await driver.open();
    t = await startTestServer({ database, paths: { distDir: dist, demoDir: demo } });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const signIn = (email: string, password: string) =>
    fetch(`${t.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('signs in (e-mail case-insensitive) and returns a 30-day token', async () => {
    const res = await signIn(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenResponse;
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.advisor).toMatchObject({ email: ADMIN.email, role: 'owner', instanceAdmin: true });
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const me = await t.api('/api/me', { token: body.token });
    expect((await me.json()) as Advisor).toEqual(body.advisor);
  });

  it('lets an advisor set the display name customers see (PATCH /api/me), and nothing else', async () => {
    await t.createAdvisor('display-name@cobrowse.test', 'advisor-password');
    const token = await t.tokenFor('display-name@cobrowse.test', 'advisor-password');
    const patch = (body: unknown, bearer: string | null = token) =>
      t.api('/api/me', { method: 'PATCH', body: JSON.stringify(body), token: bearer });
    const res = await patch({ name: '  Dana from Support  ' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Advisor).name).toBe('Dana from Support');
    expect((await (await t.api('/api/me', { token })).json()) as Advisor).toMatchObject({
      name: 'Dana from Support',
      role: 'advisor',
      email: 'display-name@cobrowse.test',
    });
    await expectError(await patch({ name: '' }), 400, 'bad_request');
    await expectError(await patch({ name: 'x'.repeat(81) }), 400, 'bad_request');
    await expectError(await patch({ name: 'Mallory', role: 'admin', email: 'admin@cobrowse.test' }), 400, 'bad_request');
    await expectError(await patch({ name: 'Mallory' }, null), 401, 'unauthorized');
    // The refused calls changed nothing; the admin's name is untouched.
    expect((await (await t.api('/api/me', { token })).json()) as Advisor).toMatchObject({ name: 'Dana from Support', role: 'advisor' });
    expect(((await (await t.api('/api/me')).json()) as Advisor).name).not.toBe('Mallory');
  });

  it('stores only the SHA-256 of tokens', async () => {
    const token = await t.token();
    const rows = await database.db.select({ tokenHash: authTokens.tokenHash }).from(authTokens);
    expect(rows.map((r) => r.tokenHash)).toContain(hashToken(token));
    expect(rows.map((r) => r.tokenHash)).not.toContain(token);
  });

  it('refuses wrong passwords, unknown e-mails and bad bodies', async () => {
    await expectError(await signIn(ADMIN.email, 'wrong-password'), 401, 'unauthorized');
    await expectError(await signIn('nobody@cobrowse.test', ADMIN.password), 401, 'unauthorized');
    await expectError(await signIn('not-an-email', 'x'), 400, 'bad_request');
    const malformed = await fetch(`${t.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    await expectError(malformed, 400, 'invalid_json');
  });

  it('refuses API calls without, with a bad, or with an expired token', async () => {
    await expectError(await t.api('/api/sessions', { token: null }), 401, 'unauthorized');
    await expectError(await t.api('/api/sites', { token: 'x'.repeat(43) }), 401, 'unauthorized');
    await expectError(await t.api('/api/me', { headers: { authorization: 'Basic abc' }, token: null }), 401, 'unauthorized');
    const expired = 'e'.repeat(43);
    const [admin] = await database.db.select({ id: authTokens.advisorId }).from(authTokens).limit(1);
    await database.db
      .insert(authTokens)
      .values({ tokenHash: hashToken(expired), advisorId: admin!.id, expiresAt: new Date(Date.now() - 1000) });
    await expectError(await t.api('/api/me', { token: expired }), 401, 'unauthorized');
  });

  it('lets only admins create sites', async () => {
    await t.createAdvisor('advisor@cobrowse.test', 'advisor-password');
    const token = await t.tokenFor('advisor@cobrowse.test', 'advisor-password');
    const body = JSON.stringify({ name: 'Nope', allowedOrigins: ['https://nope.test'] });
    await expectError(await t.api('/api/sites', { method: 'POST', body, token }), 403, 'forbidden');
    // …but advisors may list them.
    const list = await t.api('/api/sites', { token });
    expect(list.status).toBe(200);
    const names = ((await list.json()) as { sites: Site[] }).sites.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Demo shop', 'Test shop']));
    expect(names).not.toContain('Nope');
  });

  it('creates sites with pk_ keys and refuses origins that are not bare origins', async () => {
    const ok = await t.api('/api/sites', {
      method: 'POST',
      body: JSON.stringify({ name: 'Shop 2', allowedOrigins: ['https://shop2.test', 'http://localhost:8080'] }),
    });
    expect(ok.status).toBe(201);
    const site = (await ok.json()) as Site;
    expect(site.siteKey).toMatch(/^pk_[A-Za-z0-9_-]{20,}$/);
    expect(site.allowedOrigins).toEqual(['https://shop2.test', 'http://localhost:8080']);
    for (const origin of ['*', 'https://shop.test/', 'https://shop.test/path', 'shop.test', 'ftp://shop.test', 'https://SHOP.test']) {
      const res = await t.api('/api/sites', { method: 'POST', body: JSON.stringify({ name: 'Bad', allowedOrigins: [origin] }) });
      await expectError(res, 400, 'bad_request');
    }
    await expectError(
      await t.api('/api/sites', { method: 'POST', body: JSON.stringify({ name: '', allowedOrigins: [] }) }),
      400,
      'bad_request',
    );
  });

  it('lets admins change a site’s settings, live consent included', async () => {
    const created = (await (
      await t.api('/api/sites', { method: 'POST', body: JSON.stringify({ name: 'Settings', allowedOrigins: ['https://a.test'] }) })
    ).json()) as Site;
    expect(created.liveConsentRequired).toBe(true); // consent first, by default
    const patch = (body: unknown, token?: string) =>
      t.api(`/api/sites/${created.id}`, { method: 'PATCH', body: JSON.stringify(body), ...(token ? { token } : {}) });

    const res = await patch({ liveConsentRequired: false, allowedOrigins: ['https://a.test', 'https://b.test'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: created.id,
      name: 'Settings',
      siteKey: created.siteKey,
      liveConsentRequired: false,
      allowedOrigins: ['https://a.test', 'https://b.test'],
    });
    await expectError(await patch({}), 400, 'bad_request');
    await expectError(await patch({ allowedOrigins: ['https://a.test/path'] }), 400, 'bad_request');
    await expectError(await patch({ liveConsentRequired: 'no' }), 400, 'bad_request');
    await expectError(
      await t.api(`/api/sites/${crypto.randomUUID()}`, { method: 'PATCH', body: JSON.stringify({ name: 'x' }) }),
      404,
      'not_found',
    );
    await t.createAdvisor('plain-settings@cobrowse.test', 'advisor-password');
    const token = await t.tokenFor('plain-settings@cobrowse.test', 'advisor-password');
    await expectError(await patch({ liveConsentRequired: true }, token), 403, 'forbidden');
    // Nothing the refused calls sent was stored.
    const { sites } = (await (await t.api('/api/sites')).json()) as { sites: Site[] };
    expect(sites.find((s) => s.id === created.id)).toMatchObject({ liveConsentRequired: false, name: 'Settings' });
  });

  it('keeps the demo site on the server’s own origins', async () => {
    const { sites } = (await (await t.api('/api/sites')).json()) as { sites: Site[] };
    const demoSite = sites.find((s) => s.name === 'Demo shop');
    expect(demoSite?.siteKey).toBe(t.server.bootstrap.demoSiteKey);
    expect(demoSite?.allowedOrigins).toEqual(expect.arrayContaining([`http://localhost:${t.port}`, `http://127.0.0.1:${t.port}`]));
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers unknown routes with a JSON 404', async () => {
    await expectError(await fetch(`${t.url}/api/nope`), 404, 'not_found');
  });

  describe('static', () => {
    it('redirects / to /app/', async () => {
      const res = await fetch(`${t.url}/`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/app/');
    });

    it('says to run the build when bundles are missing', async () => {
      for (const path of ['/recorder.js', '/app/', '/app/sessions/123']) {
        const res = await fetch(`${t.url}${path}`);
        expect(res.status, path).toBe(503);
        expect(((await res.json()) as ErrorBody).error.message).toContain('npm run build');
      }
    });

    it('serves the built bundles, with SPA fallback under /app/', async () => {
      mkdirSync(join(dist, 'recorder'), { recursive: true });
      mkdirSync(join(dist, 'client', 'assets'), { recursive: true });
      writeFileSync(join(dist, 'recorder', 'recorder.js'), 'export const recorder = 1;');
      writeFileSync(join(dist, 'client', 'index.html'), '<!doctype html><title>app</title>');
      writeFileSync(join(dist, 'client', 'assets', 'app-abc123.js'), 'console.log(1)');

      const recorder = await fetch(`${t.url}/recorder.js`);
      expect(recorder.status).toBe(200);
      expect(recorder.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(recorder.headers.get('access-control-allow-origin')).toBe('*');

      const index = await fetch(`${t.url}/app/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<title>app</title>');
      const deep = await fetch(`${t.url}/app/sessions/123`);
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain('<title>app</title>');
      const asset = await fetch(`${t.url}/app/assets/app-abc123.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`${t.url}/app/assets/missing.js`)).status).toBe(404);
    });

    it('serves the demo with its site key filled in, and nothing outside it', async () => {
      const res = await fetch(`${t.url}/demo/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(t.server.bootstrap.demoSiteKey);
      expect(html).not.toContain('__COBROWSE_SITE_KEY__');
      const svg = await fetch(`${t.url}/demo/logo.svg`);
      expect(await svg.text()).toContain('__COBROWSE_SITE_KEY__'); // only HTML and JS are templated
      expect((await fetch(`${t.url}/demo/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
      expect((await fetch(`${t.url}/demo/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
      expect((await fetch(`${t.url}/demo/missing.html`)).status).toBe(404);
    });
  });
});

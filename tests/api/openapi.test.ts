/**
 * The API describes itself: `GET /api/openapi.json` is a valid OpenAPI 3.1
 * document generated from the running app, naming every route the app has
 * (and none it lacks), each with its access (`x-permission`); `GET /api/docs`
 * renders it from our own origin under the server's CSP.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { NON_PERMISSION_ACCESS } from '../../server/contracts/route.ts';
import { PERMISSIONS } from '../../protocol/permissions.ts';
import { API_ROUTES, openApiOperation } from '../../protocol/api-routes.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

type Operation = { summary?: string; tags?: string[]; security?: unknown[]; responses?: Record<string, unknown>; 'x-permission'?: string };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

const METHODS = new Set(['GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD']);
/** Hono's `:name` (with an optional `{regex}`) → OpenAPI's `{name}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');
/** Browser file trees (`/app/*`, `/demo/*`): one handler serves many files, which OpenAPI paths cannot name. */
const isFileTree = (path: string) => path.endsWith('/*');

describe('the API document', () => {
  let database: Database;
  let t: TestServer;
  let doc: Document;
  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({ database });
    const res = await fetch(`${t.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Document;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is public: no token needed', async () => {
    const res = await fetch(`${t.url}/api/openapi.json`, { headers: { authorization: 'Bearer not-a-token-at-all' } });
    expect(res.status).toBe(200);
  });

  it('names every route of the running app, and nothing the app lacks', () => {
    const registered = new Set<string>();
    for (const r of t.server.app.routes) {
      // `.use()` middleware is registered as ALL; file trees cannot be OpenAPI paths.
      if (!METHODS.has(r.method) || isFileTree(r.path)) continue;
      registered.add(`${r.method} ${openApiPath(r.path)}`);
    }
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    expect([...registered].filter((k) => !documented.has(k)).sort(), 'routes without a contract').toEqual([]);
    expect([...documented].filter((k) => !registered.has(k)).sort(), 'documented routes the app lacks').toEqual([]);
    expect(registered.size).toBeGreaterThan(50);
  });

  it('gives every operation a summary, a tag, its access and an error body for its 4xx', () => {
    const access = new Set<string>([...Object.keys(PERMISSIONS), ...NON_PERMISSION_ACCESS]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.summary, where).toBeTruthy();
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(access.has(op['x-permission'] ?? ''), `${where}: x-permission ${op['x-permission']}`).toBe(true);
        for (const [status, answer] of Object.entries(op.responses ?? {})) {
          if (!status.startsWith('4')) continue;
          expect(JSON.stringify(answer), `${where} ${status}`).toContain('#/components/schemas/ErrorBody');
        }
        if (op['x-permission'] !== 'public') expect(op.security?.length, `${where}: security`).toBeGreaterThan(0);
      }
    }
  });

  it('reuses the protocol schemas: a session start is described as sessionStartSchema says', () => {
    const start = doc.paths['/ingest/v1/sessions/{sessionId}']!.put as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(start.requestBody.content['application/json']!.schema.required).toEqual(expect.arrayContaining(['startedAt', 'url']));
    const sites = doc.paths['/api/sites/{id}']!.patch!;
    expect(sites['x-permission']).toBe('sites.manage');
  });

  it("has every operation the advisor app's client calls (protocol/api-routes.ts)", () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const missing = Object.entries(API_ROUTES).filter(([, route]) => !documented.has(openApiOperation(route)));
    expect(missing).toEqual([]);
  });

  it('renders at /api/docs from our own origin, under the CSP, without inline script', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
    const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBeGreaterThan(1);
    for (const src of srcs) {
      expect(src.startsWith('/api/docs/assets/'), src).toBe(true);
      const asset = await fetch(`${t.url}${src}`);
      expect(asset.status, src).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, src).toBeGreaterThan(10);
    }
    expect((await fetch(`${t.url}/api/docs/assets/nothing.js`)).status).toBe(404);
  });
});

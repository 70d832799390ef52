/**
 * A real server on a free port around a given database, with what most
 * tests need: an admin and its token, a site allowed on http://shop.test
 * (and `createSite` for more), and shortcuts for ingest calls. Shared by
 * API, browser and benchmark tests. `startSession` remembers each session's
 * secret and `putChunk` presents it, so tests write to their sessions as the
 * recorder does.
 */
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import type { OrgRole } from '../../protocol/permissions.ts';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../db/client.ts';
import { advisors } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { INGEST_BASE, SITE_KEY_HEADER, type SessionAck, type SessionStart } from '../../protocol/ingest.ts';
import type { Site, SiteCreate, TokenResponse } from '../../protocol/api.ts';
import { startServer, type RunningServer, type StartOptions } from '../../server/server.ts';

export const TEST_ORIGIN = 'http://shop.test';
export const ADMIN = { email: 'admin@cobrowse.test', password: 'admin-password' } as const;
/**
 * The key sealing secrets at rest in test servers, unless a test gives its
 * own: fixed, so servers never write a generated key file (into ./data) and
 * a second server on the same database opens what the first one sealed.
 * Key generation itself is tested in tests/security/secrets-at-rest.test.ts.
 */
export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Options for a server whose test publishes tutorials but never looks at
 * their written guide's pictures: publishing then queues no Chromium job.
 * Drawing them took long enough on a loaded CI machine that `jobs.idle()`,
 * waiting for the search index, gave up first. Guide pictures are tested in
 * tests/tutorials/tutorial-guide.test.ts and tests/client-tutorials.
 */
export const NO_GUIDE_PICTURES = { chromiumPath: '' } as const;

export interface TestServer {
  url: string;
  port: number;
  database: Database;
  server: RunningServer;
  admin: typeof ADMIN;
  /** A site whose only allowed origin is {@link TEST_ORIGIN}. */
  site: Site;
  /** The admin's bearer token (fetched once). */
  token(): Promise<string>;
  /** Signs in any advisor. */
  tokenFor(email: string, password: string): Promise<string>;
  /** fetch() on the advisor API as the admin (or with the given token). */
  api(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  /** Registers a site through the API as the admin, as a site owner would; throws unless it is created. */
  createSite(site: SiteCreate): Promise<Site>;
  /** An account and its membership of the default organisation (`siteIds`: restricted to these sites). */
  createAdvisor(email: string, password: string, role?: OrgRole, siteIds?: string[] | null): Promise<void>;
  /** PUTs a session start from {@link TEST_ORIGIN}; returns its id (its secret is kept, see {@link sessionToken}). */
  startSession(start?: Partial<SessionStart> & { id?: string; siteKey?: string }): Promise<string>;
  /** The secret a session started through {@link startSession} was given (throws for unknown ids). */
  sessionToken(sessionId: string): string;
  /** `{ authorization: 'Bearer <secret>' }` of a session started here. */
  sessionAuth(sessionId: string): Record<string, string>;
  /** PUTs a chunk (gzip by default) from {@link TEST_ORIGIN} with the site's key and the session's secret. */
  putChunk(sessionId: string, seq: number, events: unknown, options?: ChunkOptions): Promise<Response>;
  close(): Promise<void>;
}

export interface ChunkOptions {
  /**
   * 'gzip' (default) or 'json' to encode the events, or a raw body (bytes or any other text) sent as it is. The
   * `string & {}` keeps the two keywords from melting into `string`, so editors still offer them.
   */
  body?: 'gzip' | 'json' | Uint8Array<ArrayBuffer> | (string & {});
  contentType?: string;
  siteKey?: string | null;
  origin?: string | null;
  /** The session secret to present (default: the one {@link TestServer.startSession} got); null sends none. */
  sessionToken?: string | null;
  headers?: Record<string, string>;
}

/**
 * Every secret `startSession` was given, by session id. Process-wide (ids are
 * random UUIDs), so helpers that only get a session id (live customer
 * sockets, case creation) can present its secret the way the recorder would.
 */
const sessionTokens = new Map<string, string>();

/** The secret of a session started through a test server's `startSession`, if any. */
export const sessionTokenOf = (sessionId: string): string | undefined => sessionTokens.get(sessionId.toLowerCase());

/** Remembers a secret obtained some other way (a raw session PUT), for the helpers above. */
export const rememberSessionToken = (sessionId: string, token: string) => void sessionTokens.set(sessionId.toLowerCase(), token);

export const gzipEvents = (events: unknown): Uint8Array<ArrayBuffer> => gzipSync(JSON.stringify(events));

export async function startTestServer(options: StartOptions & { database: Database }): Promise<TestServer> {
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    logLevel: (process.env.LOG_LEVEL as StartOptions['logLevel']) ?? 'silent',
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    secretKey: TEST_SECRET_KEY,
    // Tests index a session's text for search at once, so `jobs.idle()` finds
    // it done (not waiting out the production delay); benchmarks keep the
    // default, so indexing stays out of what they measure.
    ...(process.env.VITEST ? { searchIndexDelayMs: 0 } : {}),
    ...options,
  });
  const { url } = server;

  const tokenFor = async (email: string, password: string) => {
    const res = await fetch(`${url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as TokenResponse).token;
  };
  let adminToken: Promise<string> | undefined;
  const token = () => (adminToken ??= tokenFor(ADMIN.email, ADMIN.password));

  const api: TestServer['api'] = async (path, init = {}) => {
    const { token: given, headers, ...rest } = init;
    const bearer = given === undefined ? await token() : given;
    const h = new Headers(headers);
    if (bearer !== null) h.set('authorization', `Bearer ${bearer}`);
    if (rest.body && !h.has('content-type')) h.set('content-type', 'application/json');
    return fetch(`${url}${path}`, { ...rest, headers: h });
  };

  const createSite: TestServer['createSite'] = async (input) => {
    const res = await api('/api/sites', { method: 'POST', body: JSON.stringify(input) });
    if (res.status !== 201) throw new Error(`site creation failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Site;
  };
  const site = await createSite({ name: 'Test shop', allowedOrigins: [TEST_ORIGIN] });
  const sessionToken = (id: string) => {
    const known = sessionTokenOf(id);
    if (!known) throw new Error(`no session token known for ${id}: start it with startSession`);
    return known;
  };

  return {
    url,
    port: server.port,
    database: options.database,
    server,
    admin: ADMIN,
    site,
    token,
    tokenFor,
    api,
    createSite,
    async createAdvisor(email, password, role = 'advisor', siteIds = null) {
      const { db } = options.database;
      const [row] = await db
        .insert(advisors)
        .values({ email: email.toLowerCase(), name: email, passwordHash: await hashPassword(password) })
        .returning();
      await upsertMembership(db, { orgId: await defaultOrgId(db), advisorId: row!.id, role, siteIds });
    },
    async startSession(start = {}) {
      const { id = crypto.randomUUID(), siteKey = site.siteKey, ...rest } = start;
      const known = sessionTokenOf(id);
      const res = await fetch(`${url}${INGEST_BASE}/sessions/${id}`, {
        method: 'PUT',
        headers: {
          origin: TEST_ORIGIN,
          [SITE_KEY_HEADER]: siteKey,
          'content-type': 'application/json',
          ...(known ? { authorization: `Bearer ${known}` } : {}),
        },
        body: JSON.stringify({ startedAt: Date.now(), url: `${TEST_ORIGIN}/`, userAgent: 'test', ...rest }),
      });
      if (res.status !== 201 && res.status !== 200) {
        throw new Error(`session start failed: ${res.status} ${await res.text()}`);
      }
      const ack = (await res.json()) as SessionAck;
      if (ack.sessionToken) rememberSessionToken(id, ack.sessionToken);
      return id;
    },
    sessionToken,
    sessionAuth: (id) => ({ authorization: `Bearer ${sessionToken(id)}` }),
    putChunk(sessionId, seq, events, o = {}) {
      const mode = o.body ?? 'gzip';
      const body = mode === 'gzip' ? gzipEvents(events) : mode === 'json' ? JSON.stringify(events) : mode;
      const headers: Record<string, string> = {
        'content-type': o.contentType ?? (mode === 'json' ? 'application/json' : 'application/gzip'),
        ...o.headers,
      };
      const key = o.siteKey === undefined ? site.siteKey : o.siteKey;
      if (key !== null) headers[SITE_KEY_HEADER] = key;
      const origin = o.origin === undefined ? TEST_ORIGIN : o.origin;
      if (origin !== null) headers.origin = origin;
      const secret = o.sessionToken === undefined ? sessionTokenOf(sessionId) : o.sessionToken;
      if (secret && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
        headers.authorization = `Bearer ${secret}`;
      }
      return fetch(`${url}${INGEST_BASE}/sessions/${sessionId}/chunks/${seq}`, { method: 'PUT', headers, body });
    },
    close: () => server.close(),
  };
}

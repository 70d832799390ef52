/**
 * Two server processes on one database, started one after the other with
 * different public URLs: each adds its origins to the demo site and neither
 * replaces the other's, so customers of both can record and get live help.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { INGEST_BASE, SITE_KEY_HEADER, type SessionAck } from '../../protocol/ingest.ts';
import { createLogger } from '../../server/logger.ts';
import { testDrivers } from '../helpers/db.ts';
import { rememberSessionToken, startTestServer, type TestServer } from '../helpers/server.ts';
import { connectCustomer } from '../live/live-client.ts';

describe.each(testDrivers)('demo site origins of several processes on $name', (driver) => {
  let database: Database;
  let first: TestServer;
  let second: TestServer;
  const logged: { level: number; msg: string; code?: string; reason?: string; origin?: string }[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    }),
  );
  const firstOrigin = 'https://support-a.example';
  const secondOrigin = 'https://support-b.example';

  beforeAll(async () => {
    database = await driver.open();
    first = await startTestServer({ database, publicUrl: `${firstOrigin}/` });
    second = await startTestServer({ database, publicUrl: `${secondOrigin}/`, logger });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.close();
  });

  /** A customer of the demo shop on `origin` starts recording through `server`. */
  async function startDemoSession(server: TestServer, origin: string): Promise<Response> {
    const id = crypto.randomUUID();
    const res = await fetch(`${server.url}${INGEST_BASE}/sessions/${id}`, {
      method: 'PUT',
      headers: { origin, [SITE_KEY_HEADER]: server.server.bootstrap.demoSiteKey, 'content-type': 'application/json' },
      body: JSON.stringify({ startedAt: Date.now(), url: `${origin}/demo/`, userAgent: 'test' }),
    });
    if (res.status === 201) rememberSessionToken(id, ((await res.clone().json()) as SessionAck).sessionToken!);
    return Object.assign(res, { sessionId: id });
  }

  it('keeps both processes’ origins on the one demo site', async () => {
    expect(second.server.bootstrap.demoSiteKey).toBe(first.server.bootstrap.demoSiteKey);
    const { sites } = (await (await first.api('/api/sites')).json()) as { sites: { siteKey: string; allowedOrigins: string[] }[] };
    const demo = sites.find((s) => s.siteKey === first.server.bootstrap.demoSiteKey)!;
    expect(demo.allowedOrigins).toEqual(
      expect.arrayContaining([firstOrigin, secondOrigin, `http://127.0.0.1:${first.port}`, `http://127.0.0.1:${second.port}`]),
    );
    expect(new Set(demo.allowedOrigins).size).toBe(demo.allowedOrigins.length);
  });

  it('lets customers of the first process record and open the live socket after the second one started', async () => {
    for (const [server, origin] of [
      [first, firstOrigin],
      [second, secondOrigin],
    ] as const) {
      const res = (await startDemoSession(server, origin)) as Response & { sessionId: string };
      expect(res.status).toBe(201);
      const customer = await connectCustomer(server.url, res.sessionId, server.server.bootstrap.demoSiteKey, origin);
      customer.close();
    }
  });

  it('logs a customer refusal at warn with its reason', async () => {
    const res = await startDemoSession(second, 'https://unknown.example');
    expect(res.status).toBe(403);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'customer request refused',
        code: 'origin_not_allowed',
        origin: 'https://unknown.example',
        reason: expect.stringContaining('https://unknown.example'),
      }),
    );
  });

  it('keeps a third start idempotent (no duplicate origins)', async () => {
    const third = await startTestServer({ database, publicUrl: `${firstOrigin}/` });
    try {
      const { sites } = (await (await third.api('/api/sites')).json()) as { sites: { siteKey: string; allowedOrigins: string[] }[] };
      const demo = sites.find((s) => s.siteKey === third.server.bootstrap.demoSiteKey)!;
      expect(demo.allowedOrigins.filter((o) => o === firstOrigin)).toHaveLength(1);
      expect(demo.allowedOrigins).toContain(secondOrigin);
    } finally {
      await third.close();
    }
  });
});

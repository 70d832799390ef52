/**
 * Hole 5b: a chunk with tens of thousands of distinct page URLs (Meta events
 * with distinct `href`). Before the cap, storing its pages was one insert
 * over PostgreSQL's 65,535 bind parameters (a 500 from ~21,800 pages), at
 * 100k drizzle overflowed its stack, and the error's log line carried
 * megabytes of customer URLs. Now: a 400 with a clear message, nothing
 * stored, the server healthy, and no log line over 8 KB.
 */
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { eventChunks, sessionPages, sessions } from '../../db/schema.ts';
import { createLogger } from '../../server/logger.ts';
import { MAX_PAGES_PER_CHUNK } from '../../protocol/ingest.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const MAX_LINE_BYTES = 8 * 1024;

/** Every line the server logs, kept for the size check. */
function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

/** `n` Meta events, each a distinct page. */
const pageVisits = (n: number, ts: number) =>
  Array.from({ length: n }, (_, i) => ({
    type: 4,
    timestamp: ts + (i % 1000),
    data: { href: `http://shop.test/customer/${i}/private-order-page`, width: 800, height: 600 },
  }));

describe.each(testDrivers)('pages per chunk on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const log = captureLog();

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, logger: log.logger });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it.each([25_000, 100_000])('%i distinct pages in one chunk: 400, nothing stored, server healthy, log lines small', async (n) => {
    const id = await t.startSession();
    const res = await t.putChunk(id, 0, pageVisits(n, Date.now()));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'invalid_events', message: `chunk visits more than ${MAX_PAGES_PER_CHUNK} pages` });

    expect(await database.db.$count(eventChunks, eq(eventChunks.sessionId, id))).toBe(0);
    expect(await database.db.$count(sessionPages, eq(sessionPages.sessionId, id))).toBe(0);
    const [session] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(session).toMatchObject({ chunkCount: 0, eventCount: 0, endedAt: null });

    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(log.lines.length).toBeGreaterThan(0);
    for (const line of log.lines) expect(Buffer.byteLength(line)).toBeLessThan(MAX_LINE_BYTES);
  });

  it('a chunk at the cap is stored whole, its pages inserted within the bind limit', async () => {
    const id = await t.startSession();
    const res = await t.putChunk(id, 0, pageVisits(MAX_PAGES_PER_CHUNK, Date.now()));
    expect(res.status).toBe(201);
    expect(await database.db.$count(sessionPages, eq(sessionPages.sessionId, id))).toBe(MAX_PAGES_PER_CHUNK);
  });

  it('repeated visits of one page (same time and URL) count once', async () => {
    const id = await t.startSession();
    const ts = Date.now();
    const same = Array.from({ length: 2_000 }, () => ({
      type: 4,
      timestamp: ts,
      data: { href: 'http://shop.test/', width: 1, height: 1 },
    }));
    expect((await t.putChunk(id, 0, same)).status).toBe(201);
    expect(await database.db.$count(sessionPages, eq(sessionPages.sessionId, id))).toBe(1);
  });
});

describe('the log', () => {
  it('bounds an error carrying megabytes of customer data to one small line', () => {
    const log = captureLog();
    const err = Object.assign(
      new Error(`Failed query: insert into "session_pages" … params: ${'http://shop.test/customer/1,'.repeat(250_000)}`),
      {
        params: Array.from({ length: 100_000 }, (_, i) => `http://shop.test/customer/${i}`),
        cause: new Error('bind message has 300000 parameter formats but 0 parameters'),
      },
    );
    log.logger.error({ err, method: 'PUT', path: '/ingest/v1/sessions/x/chunks/0', body: 'x'.repeat(5_000_000) }, 'unhandled error');
    expect(log.lines).toHaveLength(1);
    expect(Buffer.byteLength(log.lines[0]!)).toBeLessThan(MAX_LINE_BYTES);
    const line = JSON.parse(log.lines[0]!) as { err: { message: string; stack: string }; path: string };
    expect(line.path).toBe('/ingest/v1/sessions/x/chunks/0');
    expect(line.err.message).toMatch(/^Failed query: insert into "session_pages"/);
    expect(line.err.stack).toMatch(/\n {4}at /);
  });
});

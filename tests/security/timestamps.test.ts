/**
 * Hole 5c: implausible times. An event at `timestamp: 1` in a session of
 * today was stored and stretched the player's timeline over 499,032 hours.
 * Event times must lie between the session's start (less a small tolerance)
 * and the server's clock (plus a small margin); a session's own start may
 * not be in the future nor, for a new session, absurdly old. The recorder's
 * normal life still works: long tabs, reloads, yesterday's outbox.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { eventChunks, sessionPages, sessions } from '../../db/schema.ts';
import { CLOCK_SKEW_MARGIN_MS, EVENT_TIME_TOLERANCE_MS, MAX_CLOCK_AHEAD_MS, MAX_SESSION_START_AGE_MS } from '../../protocol/ingest.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const HOUR = 3_600_000;
const meta = (ts: number, href = 'http://shop.test/') => ({ type: 4, timestamp: ts, data: { href, width: 800, height: 600 } });
const full = (ts: number) => ({ type: 2, timestamp: ts, data: { node: { type: 0, id: 1 } } });

describe.each(testDrivers)('event times on $name', (driver) => {
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

  async function expectNothingStored(id: string) {
    expect(await database.db.$count(eventChunks, eq(eventChunks.sessionId, id))).toBe(0);
    expect(await database.db.$count(sessionPages, eq(sessionPages.sessionId, id))).toBe(0);
    const [session] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(session).toMatchObject({ chunkCount: 0, endedAt: null });
  }

  async function expectInvalidEvents(res: Response, message: RegExp) {
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_events');
    expect(error.message).toMatch(message);
  }

  it('an event at timestamp 1 in a session of today is a 400, nothing stored; a normal chunk is a 201', async () => {
    const now = Date.now();
    const id = await t.startSession({ startedAt: now });
    await expectInvalidEvents(
      await t.putChunk(id, 0, [meta(now), full(now), { type: 3, timestamp: 1, data: { source: 2, type: 2, id: 1 } }]),
      /before the session started/,
    );
    await expectNothingStored(id);

    expect((await t.putChunk(id, 0, [meta(now), full(now + 10)])).status).toBe(201);
    const detail = (await (await t.api(`/api/sessions/${id}`)).json()) as { firstEventTs: number; lastEventTs: number };
    expect(detail.lastEventTs - detail.firstEventTs).toBe(10);
  });

  it('events in the future of the server clock are a 400', async () => {
    const id = await t.startSession();
    const future = Date.now() + CLOCK_SKEW_MARGIN_MS + HOUR;
    await expectInvalidEvents(await t.putChunk(id, 0, [meta(Date.now()), full(future)]), /in the future/);
    await expectNothingStored(id);
  });

  it('keeps the tolerance before the start and the margin after now', async () => {
    const now = Date.now();
    const id = await t.startSession({ startedAt: now });
    expect((await t.putChunk(id, 0, [meta(now - EVENT_TIME_TOLERANCE_MS + 1_000), full(now + CLOCK_SKEW_MARGIN_MS - 60_000)])).status).toBe(
      201,
    );
  });

  it('a customer whose clock runs hours fast records normally; its events are checked against its own clock', async () => {
    const skew = 3 * HOUR;
    const start = Date.now() + skew;
    const id = await t.startSession({ startedAt: start });
    expect((await t.putChunk(id, 0, [meta(start + 1_000), full(start + 2_000)])).status).toBe(201);
    // Still refused: far ahead even of that customer's own clock.
    await expectInvalidEvents(await t.putChunk(id, 1, [meta(start + 2 * HOUR), full(start + 2 * HOUR)]), /in the future/);
  });

  it("a tab recording for hours, a reload, and yesterday's outbox are still accepted", async () => {
    const yesterday = Date.now() - 26 * HOUR;
    const id = await t.startSession({ startedAt: yesterday });
    // Yesterday's chunks, uploaded today.
    expect((await t.putChunk(id, 0, [meta(yesterday + 1_000), full(yesterday + 1_000)])).status).toBe(201);
    expect((await t.putChunk(id, 1, [meta(yesterday + 5 * HOUR, 'http://shop.test/cart'), full(yesterday + 5 * HOUR)])).status).toBe(201);
    // A reload re-announces the same session with a later start: the stored start stands.
    await t.startSession({ id, startedAt: Date.now() });
    expect((await t.putChunk(id, 2, [meta(Date.now()), full(Date.now())])).status).toBe(201);
    const [session] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(session!.startedAt.getTime()).toBe(yesterday);
    expect(session!.chunkCount).toBe(3);
  });

  it('a session start in the future or absurdly old is refused; an existing old session is re-announced fine', async () => {
    await expect(t.startSession({ startedAt: Date.now() + MAX_CLOCK_AHEAD_MS + HOUR })).rejects.toThrow(/400.*in the future/);
    await expect(t.startSession({ startedAt: 1 })).rejects.toThrow(/400.*too old/);
    const refusedId = crypto.randomUUID();
    await expect(t.startSession({ id: refusedId, startedAt: Date.now() - MAX_SESSION_START_AGE_MS - HOUR })).rejects.toThrow(/400/);
    expect(await database.db.$count(sessions, eq(sessions.id, refusedId))).toBe(0);

    // A tab open longer than the limit: its session exists, its start is old, and that is fine.
    const id = await t.startSession({ startedAt: Date.now() - HOUR });
    const oldStart = Date.now() - MAX_SESSION_START_AGE_MS - HOUR;
    await database.db
      .update(sessions)
      .set({ startedAt: new Date(oldStart) })
      .where(eq(sessions.id, id));
    await expect(t.startSession({ id, startedAt: oldStart })).resolves.toBe(id);
  });
});

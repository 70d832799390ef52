/**
 * A live session afterwards, on the replay's timeline: control hand-overs
 * (the recorder's `cobrowse-control` custom events) become `control`
 * markers at ingest, and the chat the server stored comes with the session
 * detail, in full and as `chat` markers, on both database drivers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { liveChatMessages } from '../../db/schema.ts';
import { analyzeChunk } from '../../server/ingest/chunk-analysis.ts';
import type { SessionDetail } from '../../protocol/api.ts';
import { LIVE_CUSTOM_EVENT_TAG } from '../../protocol/live-constants.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { pageChunk } from './fixtures.ts';

const control = (ts: number, controllerId: string | null, name: string | null) => ({
  type: 5,
  timestamp: ts,
  data: { tag: LIVE_CUSTOM_EVENT_TAG.Control, payload: { controllerId, name } },
});

describe('analyzeChunk live control', () => {
  it('marks each control hand-over: who took it, and when it ended', () => {
    const facts = analyzeChunk([control(1_000, 'v1', 'Alice Advisor'), control(2_000, null, null), control(3_000, 'v2', '')]);
    expect(facts.markers).toEqual([
      { ts: 1_000, kind: 'control', label: 'Alice Advisor took control' },
      { ts: 2_000, kind: 'control', label: 'Control ended' },
      { ts: 3_000, kind: 'control', label: 'An advisor took control' },
    ]);
  });
});

/** Six hours ago, on the second: event times are offsets from it (the server refuses times far from now). */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 6 * 3_600_000;
const at = (offsetMs: number) => T0 + offsetMs;

describe.each(testDrivers)('live session in the replay on $name', (driver) => {
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

  it('the session detail has the chat in full and chat and control markers on the timeline', async () => {
    const id = await t.startSession({ startedAt: at(1_000_000) });
    const put = await t.putChunk(id, 0, [
      ...pageChunk(at(1_000_000)),
      control(at(1_003_000), 'v1', 'Alice Advisor'),
      control(at(1_008_000), null, null),
    ]);
    expect(put.status).toBe(201);
    const long = `Please try the other card. ${'It should work. '.repeat(40)}`;
    await database.db.insert(liveChatMessages).values([
      {
        id: randomUUID(),
        sessionId: id,
        ts: at(1_002_000),
        fromRole: 'advisor',
        authorName: 'Alice Advisor',
        clientId: 'a1',
        text: 'Hello, I can see your basket',
      },
      {
        id: randomUUID(),
        sessionId: id,
        ts: at(1_001_000),
        fromRole: 'customer',
        authorName: 'Customer',
        clientId: 'c1',
        text: 'The pay\nbutton does nothing',
      },
      { id: randomUUID(), sessionId: id, ts: at(1_004_000), fromRole: 'advisor', authorName: 'Alice Advisor', clientId: 'a2', text: long },
    ]);

    const detail = (await (await t.api(`/api/sessions/${id}`)).json()) as SessionDetail;
    expect(detail.chat).toEqual([
      { ts: at(1_001_000), from: 'customer', name: 'Customer', text: 'The pay\nbutton does nothing' },
      { ts: at(1_002_000), from: 'advisor', name: 'Alice Advisor', text: 'Hello, I can see your basket' },
      { ts: at(1_004_000), from: 'advisor', name: 'Alice Advisor', text: long },
    ]);
    const live = detail.markers.filter((m) => m.kind === 'chat' || m.kind === 'control');
    expect(live.map((m) => [m.ts, m.kind])).toEqual([
      [at(1_001_000), 'chat'],
      [at(1_002_000), 'chat'],
      [at(1_003_000), 'control'],
      [at(1_004_000), 'chat'],
      [at(1_008_000), 'control'],
    ]);
    expect(live[0]!.label).toBe('Customer: The pay button does nothing');
    expect(live[2]!.label).toBe('Alice Advisor took control');
    // A long message is cut on the timeline; the detail has it whole.
    expect(live[3]!.label!.length).toBeLessThanOrEqual(120);
    expect(live[3]!.label!.endsWith('…')).toBe(true);

    // A session without live help has none.
    const other = await t.startSession({ startedAt: at(2_000_000) });
    expect((await t.putChunk(other, 0, pageChunk(at(2_000_000)))).status).toBe(201);
    const plain = (await (await t.api(`/api/sessions/${other}`)).json()) as SessionDetail;
    expect(plain.chat).toEqual([]);
    expect(plain.markers.some((m) => m.kind === 'chat' || m.kind === 'control')).toBe(false);
  });
});

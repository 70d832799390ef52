/**
 * Context at ingest: error markers from console plugin events, network
 * markers from failed `cobrowse-network` requests, and `cobrowse-metadata`
 * folded into the session's metadata (identify() as `user.*`), unit-tested
 * on analyzeChunk and end to end on both database drivers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { analyzeChunk, MAX_CONTEXT_LABEL_LENGTH } from '../../server/ingest/chunk-analysis.ts';
import { mergeMetadata } from '../../server/ingest/chunk-store.ts';
import { CONSOLE_PLUGIN, METADATA_EVENT_TAG, NETWORK_EVENT_TAG } from '../../protocol/context-events.ts';
import type { SessionDetail } from '../../protocol/api.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { pageChunk } from './fixtures.ts';

const consoleEvent = (ts: number, level: string, ...args: unknown[]) => ({
  type: 6,
  timestamp: ts,
  data: { plugin: CONSOLE_PLUGIN, payload: { level, trace: ['at f (x.js:1:1)'], payload: args.map((a) => JSON.stringify(a)) } },
});
const network = (ts: number, payload: Record<string, unknown>) => ({
  type: 5,
  timestamp: ts,
  data: { tag: NETWORK_EVENT_TAG, payload: { initiator: 'fetch', method: 'GET', durationMs: 12, ...payload } },
});
const metadata = (ts: number, payload: Record<string, unknown>) => ({ type: 5, timestamp: ts, data: { tag: METADATA_EVENT_TAG, payload } });

describe('analyzeChunk context', () => {
  it('marks console errors (not warnings) with their message', () => {
    const facts = analyzeChunk([
      consoleEvent(1_000, 'error', 'Payment failed:', { code: 42 }),
      consoleEvent(1_100, 'warn', 'slow'),
      consoleEvent(1_200, 'error', 'x'.repeat(5_000)),
      { type: 6, timestamp: 1_300, data: { plugin: 'someone/else@1', payload: { level: 'error', payload: ['"no"'] } } },
    ]);
    expect(facts.markers.map((m) => m.kind)).toEqual(['error', 'error']);
    expect(facts.markers[0]).toEqual({ ts: 1_000, kind: 'error', label: 'Payment failed: {"code":42}' });
    expect(facts.markers[1]!.label!.length).toBeLessThanOrEqual(MAX_CONTEXT_LABEL_LENGTH);
  });

  it('marks failed requests only, labelled method, status and URL', () => {
    const facts = analyzeChunk([
      network(1_000, { url: 'http://shop.test/api/cart', status: 404, failed: true }),
      network(1_100, { url: 'http://shop.test/api/ok', status: 200, failed: false }),
      network(1_200, { method: 'POST', url: 'http://api.test/pay', status: 0, error: 'network', failed: true }),
      network(1_300, { url: 'http://shop.test/api/boom', status: 503 }),
    ]);
    expect(facts.markers).toEqual([
      { ts: 1_000, kind: 'network', label: 'GET 404 http://shop.test/api/cart' },
      { ts: 1_200, kind: 'network', label: 'POST network http://api.test/pay' },
      { ts: 1_300, kind: 'network', label: 'GET 503 http://shop.test/api/boom' },
    ]);
  });

  it('folds metadata events in order, identity as user.*, invalid entries dropped', () => {
    const facts = analyzeChunk([
      metadata(1_000, { identity: { customerId: 'c-1', email: 'a@b.test' }, metadata: { plan: 'basic' } }),
      metadata(1_100, { metadata: { plan: 'pro', orderNumber: 1234, nested: { no: 1 }, '': 'empty', ['k'.repeat(101)]: 'long' } }),
      metadata(1_200, { metadata: { __proto__: 'x', note: 'y'.repeat(2_000) } }),
    ]);
    expect(facts.markers).toEqual([]);
    expect(facts.metadata).toEqual({
      'user.customerId': 'c-1',
      'user.email': 'a@b.test',
      plan: 'pro',
      orderNumber: 1234,
      note: 'y'.repeat(1_000),
    });
    expect(analyzeChunk([consoleEvent(1, 'log', 'hi')]).metadata).toBeUndefined();
  });

  it('merges into session metadata within 50 keys, replacing existing keys', () => {
    const full = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(mergeMetadata(full, { k1: 'new', extra: 1 })).toEqual({ ...full, k1: 'new' });
    expect(mergeMetadata({ a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
  });
});

/** Six hours ago, on the second: event times are offsets from it (the server refuses times far from now). */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 6 * 3_600_000;
const at = (offsetMs: number) => T0 + offsetMs;

describe.each(testDrivers)('context at ingest on $name', (driver) => {
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

  it('stores error and network markers and folds metadata into the session detail', async () => {
    const id = await t.startSession({ startedAt: at(1_000_000), metadata: { plan: 'basic', source: 'start' } });
    expect(
      (
        await t.putChunk(id, 0, [
          ...pageChunk(at(1_000_000)),
          consoleEvent(at(1_000_500), 'error', 'Uncaught TypeError: boom'),
          metadata(at(1_000_600), { identity: { customerId: 'cust-7', email: 'ada@example.test' }, metadata: { plan: 'pro' } }),
        ])
      ).status,
    ).toBe(201);
    expect(
      (
        await t.putChunk(id, 1, [
          network(at(1_001_000), { url: 'http://shop.test/api/missing', status: 404, failed: true }),
          metadata(at(1_001_100), { metadata: { orderNumber: 'A-1' } }),
        ])
      ).status,
    ).toBe(201);
    // A retried chunk changes nothing.
    const again = await t.putChunk(id, 1, [
      network(at(1_001_000), { url: 'http://shop.test/api/missing', status: 404, failed: true }),
      metadata(at(1_001_100), { metadata: { orderNumber: 'A-1' } }),
    ]);
    expect(again.status).toBe(200);

    const res = await t.api(`/api/sessions/${id}`);
    expect(res.status).toBe(200);
    const detail = (await res.json()) as SessionDetail;
    expect(detail.metadata).toEqual({
      plan: 'pro',
      source: 'start',
      'user.customerId': 'cust-7',
      'user.email': 'ada@example.test',
      orderNumber: 'A-1',
    });
    const context = detail.markers.filter((m) => m.kind === 'error' || m.kind === 'network');
    expect(context).toEqual([
      { ts: at(1_000_500), kind: 'error', label: 'Uncaught TypeError: boom' },
      { ts: at(1_001_000), kind: 'network', label: 'GET 404 http://shop.test/api/missing' },
    ]);
  });
});

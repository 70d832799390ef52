/**
 * The icon: `/favicon.svg` (linked from the advisor app) and `/favicon.ico`
 * (asked for by pages that link none, like the demo shop) answer the same
 * SVG, so no page logs a 404 for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('favicon', () => {
  let database: Database;
  let t: TestServer;
  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({ database });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it.each(['/favicon.svg', '/favicon.ico'])('%s is the SVG icon', async (path) => {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('#4f46e5');
  });
});

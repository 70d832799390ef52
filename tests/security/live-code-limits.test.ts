/**
 * Guessing live help codes (6 digits) over a real advisor WebSocket: each
 * advisor gets `liveCode` wrong codes per window (here 10 per 4 s), then
 * every `join` by code — even the right one — is refused with
 * `rate_limited` and `retryAfterMs`, on any socket. Another advisor is not
 * affected, a right code costs nothing, and after the window the right code
 * works again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { loadConfig } from '../../server/config.ts';
import { LiveErrorCode } from '../../protocol/live.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, type AdvisorClient, type CustomerClient } from '../live/live-client.ts';

const WINDOW_MS = 4_000;
const POINTS = 10;

describe.each(testDrivers)('live help-code limits on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({
      database,
      rateLimits: { ...loadConfig({}).rateLimits, liveCode: { points: POINTS, durationMs: WINDOW_MS } },
    });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  const advisor = async (token: string) => {
    const a = await connectAdvisor(t.url, token);
    open.push(a);
    return a;
  };
  const customerWithCode = async (): Promise<{ c: CustomerClient; code: string }> => {
    const c = await connectCustomer(t.url, await t.startSession(), t.site.siteKey);
    open.push(c);
    c.send({ type: 'hello' });
    await c.next('welcome');
    c.send({ type: 'help_request' });
    return { c, code: (await c.next('help_code')).code };
  };
  const wrongCodes = (right: string, n: number) =>
    Array.from({ length: n + 1 }, (_, i) => String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, '0'))
      .filter((c) => c !== right)
      .slice(0, n);
  const join = async (a: AdvisorClient, code: string) => {
    a.send({ type: 'join', code });
    return Promise.race([a.next('error'), a.next('waiting')]);
  };
  const newAdvisorToken = async () => {
    const email = `guess-${crypto.randomUUID()}@cobrowse.test`;
    await t.createAdvisor(email, 'advisor-password');
    return t.tokenFor(email, 'advisor-password');
  };

  it('10 wrong codes, then even the right code is refused with the time to wait; others are unaffected; the window ends', async () => {
    const { code } = await customerWithCode();
    const guesser = await newAdvisorToken();
    const a = await advisor(guesser);

    const started = Date.now();
    for (const wrong of wrongCodes(code, POINTS)) {
      expect(await join(a, wrong)).toMatchObject({ type: 'error', code: LiveErrorCode.UnknownCode, ref: 'join' });
    }
    const refused = await join(a, code);
    expect(refused).toMatchObject({ type: 'error', code: LiveErrorCode.RateLimited, ref: 'join' });
    const retryAfterMs = (refused as { retryAfterMs?: number }).retryAfterMs!;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(WINDOW_MS);
    expect(refused).toHaveProperty('message', expect.stringMatching(/too many wrong codes/));

    // A new socket of the same advisor is refused too: the count is the advisor's.
    const again = await advisor(guesser);
    expect(await join(again, code)).toMatchObject({ code: LiveErrorCode.RateLimited });

    // Another advisor (the admin) joins with the right code at once.
    const other = await advisor(await t.token());
    expect(await join(other, code)).toEqual({ type: 'waiting', reason: 'consent' });

    // After the window, the right code works for the guesser.
    await new Promise((r) => setTimeout(r, Math.max(0, started + WINDOW_MS + 300 - Date.now())));
    const later = await advisor(guesser);
    expect(await join(later, code)).toEqual({ type: 'waiting', reason: 'consent' });
  });

  it('a right code costs nothing: 9 wrong, right ones, and the 10th wrong code is still answered', async () => {
    const { code } = await customerWithCode();
    const token = await newAdvisorToken();
    const wrong = wrongCodes(code, POINTS);
    for (const w of wrong.slice(0, POINTS - 1)) {
      expect(await join(await advisor(token), w)).toMatchObject({ code: LiveErrorCode.UnknownCode });
    }
    for (let i = 0; i < 3; i++) expect(await join(await advisor(token), code)).toMatchObject({ type: 'waiting' });
    expect(await join(await advisor(token), wrong[POINTS - 1]!)).toMatchObject({ code: LiveErrorCode.UnknownCode });
    expect(await join(await advisor(token), code)).toMatchObject({ code: LiveErrorCode.RateLimited });
  });

  it('guesses sent at once on many sockets are each counted', async () => {
    const { code } = await customerWithCode();
    const token = await newAdvisorToken();
    const sockets = await Promise.all(Array.from({ length: 20 }, () => advisor(token)));
    const answers = await Promise.all(sockets.map((s, i) => join(s, wrongCodes(code, 20)[i]!)));
    const codes = answers.map((m) => (m as { code?: string }).code);
    expect(codes.filter((c) => c === LiveErrorCode.UnknownCode)).toHaveLength(POINTS);
    expect(codes.filter((c) => c === LiveErrorCode.RateLimited)).toHaveLength(20 - POINTS);
  });
});

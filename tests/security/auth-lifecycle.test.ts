/**
 * Advisor tokens end when they should: sign-out revokes the presented token,
 * a password change revokes the others, a password reset (a one-time link
 * through the email outbox, on PUBLIC_URL) revokes all of them, and tokens
 * die after idling (tokenIdleMs) or growing old (tokenMaxAgeMs), on the REST
 * API and on the live socket alike. Real servers over HTTP, both databases.
 */
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { emailOutbox, passwordResets } from '../../db/schema.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { loadConfig } from '../../server/config.ts';
import type { TokenResponse } from '../../protocol/api.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor } from '../live/live-client.ts';

const PUBLIC_URL = 'https://support.cobrowse.test';
const LINK = new RegExp(`^${PUBLIC_URL.replace(/\./g, '\\.')}/app/reset-password#token=([A-Za-z0-9_-]{43})$`, 'm');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
}

describe.each(testDrivers)('auth lifecycle on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  // Lenient reset limits here: this file checks the flows; sign-in-limits.test.ts checks the limits.
  const rateLimits = { ...loadConfig({}).rateLimits, passwordReset: { points: 1000, durationMs: 3_600_000 } };

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, publicUrl: PUBLIC_URL, rateLimits });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const post = (path: string, body: unknown, token: string | null = null, headers: Record<string, string> = {}) =>
    t.api(path, { method: 'POST', body: JSON.stringify(body), token, headers });
  const me = (token: string, server = t) => server.api('/api/me', { token });

  /** The reset links mailed to `to` so far, newest first (the email is queued after the 202: poll). */
  async function resetLinks(to: string, atLeast: number): Promise<string[]> {
    let bodies: string[] = [];
    await expect
      .poll(async () => {
        const rows = await database.db.select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.createdAt));
        bodies = rows.map((r) => r.body);
        return bodies.length;
      })
      .toBeGreaterThanOrEqual(atLeast);
    return bodies.map((b) => LINK.exec(b)?.[1] ?? `no link in: ${b}`);
  }

  it('signs out: the presented token is refused afterwards, the advisor’s other tokens are not', async () => {
    await t.createAdvisor('out@cobrowse.test', 'out-password');
    const [a, b] = [await t.tokenFor('out@cobrowse.test', 'out-password'), await t.tokenFor('out@cobrowse.test', 'out-password')];
    expect((await me(a)).status).toBe(200);
    const res = await post('/api/auth/sign-out', {}, a);
    expect(res.status).toBe(204);
    await expectError(await me(a), 401, 'unauthorized');
    await expectError(await post('/api/auth/sign-out', {}, a), 401, 'unauthorized');
    await expect(connectAdvisor(t.url, a)).rejects.toThrow('HTTP 401');
    expect((await me(b)).status).toBe(200);
    await expectError(await post('/api/auth/sign-out', {}, null), 401, 'unauthorized');
  });

  it('changes the password: the current token keeps working, the others and the old password stop', async () => {
    await t.createAdvisor('change@cobrowse.test', 'old-password');
    const current = await t.tokenFor('change@cobrowse.test', 'old-password');
    const other = await t.tokenFor('change@cobrowse.test', 'old-password');
    const change = (body: unknown) => post('/api/auth/password', body, current);

    await expectError(await change({ currentPassword: 'not-it', newPassword: 'new-password' }), 403, 'wrong_password');
    await expectError(await change({ currentPassword: 'old-password', newPassword: 'short' }), 400, 'bad_request');
    await expectError(await change({ currentPassword: 'old-password' }), 400, 'bad_request');
    await expectError(
      await post('/api/auth/password', { currentPassword: 'old-password', newPassword: 'new-password' }, null),
      401,
      'unauthorized',
    );
    // None of the refusals changed anything.
    expect((await me(other)).status).toBe(200);
    await t.tokenFor('change@cobrowse.test', 'old-password');

    expect((await change({ currentPassword: 'old-password', newPassword: 'new-password' })).status).toBe(204);
    expect((await me(current)).status).toBe(200);
    await expectError(await me(other), 401, 'unauthorized');
    await expect(t.tokenFor('change@cobrowse.test', 'old-password')).rejects.toThrow('401');
    expect((await me(await t.tokenFor('change@cobrowse.test', 'new-password'))).status).toBe(200);
  });

  it('answers a reset request the same whether or not the account exists', async () => {
    await t.createAdvisor('known@cobrowse.test', 'known-password');
    const ask = (email: string) => post('/api/auth/password-reset', { email });
    const answers: { status: number; body: string; type: string | null; ms: number; email: string }[] = [];
    for (let i = 0; i < 6; i++) {
      for (const email of ['known@cobrowse.test', `nobody-${i}@cobrowse.test`]) {
        const started = performance.now();
        const res = await ask(email);
        answers.push({
          status: res.status,
          body: await res.text(),
          type: res.headers.get('content-type'),
          ms: performance.now() - started,
          email,
        });
      }
    }
    const shape = (a: (typeof answers)[number]) => ({ status: a.status, body: a.body, type: a.type });
    expect(new Set(answers.map((a) => JSON.stringify(shape(a)))).size).toBe(1);
    expect(shape(answers[0]!)).toEqual({ status: 202, body: '{"accepted":true}', type: 'application/json' });
    // Timing: the account is looked up after the answer, so both take as long (medians, generous margin for CI).
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const known = median(answers.filter((a) => a.email.startsWith('known')).map((a) => a.ms));
    const unknown = median(answers.filter((a) => a.email.startsWith('nobody')).map((a) => a.ms));
    expect(Math.abs(known - unknown)).toBeLessThan(40);

    expect(await resetLinks('known@cobrowse.test', 6)).toHaveLength(6);
    const strangers = await database.db.select().from(emailOutbox).where(eq(emailOutbox.to, 'nobody-0@cobrowse.test'));
    expect(strangers).toEqual([]);
    await expectError(await post('/api/auth/password-reset', { email: 'not-an-email' }), 400, 'bad_request');
  });

  it('mails a one-time link on PUBLIC_URL (never the request’s Host) that resets the password and revokes every token', async () => {
    await t.createAdvisor('Reset@cobrowse.test', 'before-reset');
    const before = [await t.tokenFor('reset@cobrowse.test', 'before-reset'), await t.tokenFor('reset@cobrowse.test', 'before-reset')];
    const forged = { host: 'evil.test', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'http' };
    expect((await post('/api/auth/password-reset', { email: 'RESET@cobrowse.test' }, null, forged)).status).toBe(202);
    const [token] = await resetLinks('reset@cobrowse.test', 1);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.to, 'reset@cobrowse.test'));
    expect(mail!.body).toContain(`${PUBLIC_URL}/app/reset-password#token=${token}`);
    expect(mail!.body).not.toContain('evil.test');
    expect(mail!.caseId).toBeNull();
    // Only the hash is stored.
    const [stored] = await database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashToken(token!)));
    expect(stored).toBeDefined();
    expect(stored!.expiresAt.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);

    const complete = (body: unknown) => post('/api/auth/password-reset/complete', body);
    // Bad input is refused and burns nothing.
    await expectError(await complete({ token, newPassword: 'short' }), 400, 'bad_request');
    await expectError(await complete({ token: 'not a token!', newPassword: 'after-reset' }), 400, 'bad_request');

    const res = await complete({ token, newPassword: 'after-reset' });
    expect(res.status).toBe(200);
    const signedIn = (await res.json()) as TokenResponse;
    expect(signedIn.advisor.email).toBe('reset@cobrowse.test');
    expect((await me(signedIn.token)).status).toBe(200);
    for (const old of before) await expectError(await me(old), 401, 'unauthorized');
    await expect(t.tokenFor('reset@cobrowse.test', 'before-reset')).rejects.toThrow('401');
    await t.tokenFor('reset@cobrowse.test', 'after-reset');

    // Once only.
    await expectError(await complete({ token, newPassword: 'again-and-again' }), 410, 'reset_token_used');
    await t.tokenFor('reset@cobrowse.test', 'after-reset');
  });

  it('voids the advisor’s older links when one is used, and refuses expired and unknown ones', async () => {
    await t.createAdvisor('older@cobrowse.test', 'older-password');
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/password-reset', { email: 'older@cobrowse.test' })).status).toBe(202);
    const [newest, middle, oldest] = await resetLinks('older@cobrowse.test', 3);
    // One expires before it is used.
    await database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.tokenHash, hashToken(oldest!)));
    const complete = (token: string, newPassword: string) => post('/api/auth/password-reset/complete', { token, newPassword });
    await expectError(await complete(oldest!, 'expired-reset'), 410, 'reset_token_expired');
    await expectError(await complete('u'.repeat(43), 'unknown-reset'), 400, 'reset_token_invalid');

    expect((await complete(newest!, 'newest-reset')).status).toBe(200);
    await expectError(await complete(middle!, 'middle-reset'), 410, 'reset_token_used');
    await t.tokenFor('older@cobrowse.test', 'newest-reset');
    const [voided] = await database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashToken(middle!)));
    expect(voided!.usedAt).not.toBeNull();
  });

  it('signs out after tokenIdleMs without a request, on the API and the live socket; use keeps a token alive', async () => {
    const idle = await startTestServer({ database, tokenIdleMs: 3_000 });
    try {
      await idle.createAdvisor('idle@cobrowse.test', 'idle-password');
      const token = await idle.tokenFor('idle@cobrowse.test', 'idle-password');
      // Used every second for 4 s: longer than the idle time, never idle that long.
      for (let i = 0; i < 4; i++) {
        await sleep(1_000);
        expect((await me(token, idle)).status).toBe(200);
      }
      const socket = await connectAdvisor(idle.url, token);
      socket.close();
      await sleep(3_300);
      await expectError(await me(token, idle), 401, 'unauthorized');
      await expect(connectAdvisor(idle.url, token)).rejects.toThrow('HTTP 401');
      // Signing in again gives a fresh token.
      expect((await me(await idle.tokenFor('idle@cobrowse.test', 'idle-password'), idle)).status).toBe(200);
    } finally {
      await idle.close();
    }
  });

  it('signs out tokenMaxAgeMs after sign-in, however busy the token', async () => {
    const short = await startTestServer({ database, tokenMaxAgeMs: 3_000 });
    try {
      await short.createAdvisor('old@cobrowse.test', 'old-age-password');
      const res = await fetch(`${short.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'old@cobrowse.test', password: 'old-age-password' }),
      });
      const { token, expiresAt } = (await res.json()) as TokenResponse;
      const end = Date.parse(expiresAt);
      expect(end - Date.now()).toBeLessThan(3_100);
      // Busy until shortly before the end (times from the answer, so a slow machine does not race it).
      let uses = 0;
      while (Date.now() < end - 800) {
        expect((await me(token, short)).status).toBe(200);
        uses++;
        await sleep(300);
      }
      expect(uses).toBeGreaterThan(0);
      await sleep(Math.max(0, end - Date.now()) + 200);
      await expectError(await me(token, short), 401, 'unauthorized');
      await expect(connectAdvisor(short.url, token)).rejects.toThrow('HTTP 401');
    } finally {
      await short.close();
    }
  });
});

/**
 * Password guessing is rate limited: failed sign-ins per account and per
 * client address (a 429 with Retry-After that comes before any scrypt runs),
 * wrong current passwords on password change, password-reset requests per
 * address and per email, wrong reset tokens per address; and the counts are
 * shared by every server process on the database. Real servers over HTTP,
 * both databases. Each test signs in from its own client address
 * (X-Forwarded-For, trusted here as behind a proxy) so counts do not mix.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Every scrypt the servers run, counted where password.ts calls it: a 429
 * must come before any hashing, which a count shows on any machine (a
 * timing did not, on a loaded one).
 */
const scryptCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const scrypt = ((...args: Parameters<typeof crypto.scrypt>) => {
    scryptCalls.count++;
    return (crypto.scrypt as (...a: unknown[]) => void)(...args);
  }) as typeof crypto.scrypt;
  return { ...crypto, default: { ...crypto, scrypt }, scrypt };
});

let addresses = 0;
/** A client address no other test uses. */
const newAddress = () => `198.51.100.${++addresses}`;

interface Answer {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfter: string | null;
}

async function answer(res: Promise<Response>): Promise<Answer> {
  const r = await res;
  const body = r.status === 200 || r.status === 202 || r.status === 204 ? undefined : ((await r.json()) as ErrorBody);
  return {
    status: r.status,
    code: body?.error.code,
    message: body?.error.message,
    retryAfter: r.headers.get('retry-after'),
  };
}

describe.each(testDrivers)('sign-in limits on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, trustProxy: true });
    // A second server process on the same database: the counts are the database's, not a process's.
    second = await startTestServer({ database, trustProxy: true });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await database?.close();
  });

  const post = (server: TestServer, path: string, body: unknown, address: string, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const signIn = (email: string, password: string, address: string, server = t) =>
    answer(post(server, '/api/auth/token', { email, password }, address));

  it('a burst of guesses sent at once gets no more password checks than the limit', async () => {
    await t.createAdvisor('burst@cobrowse.test', 'right-password');
    const hashedBefore = scryptCalls.count;
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn('burst@cobrowse.test', `wrong-${i}`, newAddress(), i % 2 ? second : t)),
    );
    const statuses = burst.map((b) => b.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(scryptCalls.count - hashedBefore, 'password checks').toBe(10);
    // Locked: even the right password waits for the window, however it is asked.
    expect((await signIn('burst@cobrowse.test', 'right-password', newAddress())).status).toBe(429);
  });

  it('refuses the 11th failed sign-in of an account with 429 and Retry-After, before any password hashing', async () => {
    await t.createAdvisor('guessed@cobrowse.test', 'right-password');
    const address = newAddress();
    const beforeFailures = scryptCalls.count;
    const failures: Answer[] = [];
    for (let i = 0; i < 10; i++) failures.push(await signIn('guessed@cobrowse.test', `wrong-${i}`, address));
    expect(failures.map((f) => f.status)).toEqual(Array(10).fill(401));
    expect(scryptCalls.count - beforeFailures, 'each failure checked its password').toBe(10);

    const hashedBefore = scryptCalls.count;
    const refused: Answer[] = [];
    for (let i = 0; i < 6; i++) refused.push(await signIn('guessed@cobrowse.test', `wrong-again-${i}`, address));
    for (const r of refused) {
      expect(r).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(15 * 60);
    }
    // The right password is refused too while locked, from anywhere: it is the account that is locked.
    expect(await signIn('guessed@cobrowse.test', 'right-password', newAddress())).toMatchObject({ status: 429, code: 'rate_limited' });
    // No scrypt behind a 429: the attacker gets no CPU of ours.
    expect(scryptCalls.count - hashedBefore, 'password checks after the lock').toBe(0);
  });

  it('locks unknown accounts alike, so a 429 does not tell which emails exist', async () => {
    await t.createAdvisor('exists@cobrowse.test', 'exists-password');
    const tries = async (email: string) => {
      const address = newAddress();
      const all: Answer[] = [];
      for (let i = 0; i < 11; i++) all.push(await signIn(email, `wrong-${i}`, address));
      return all.map(({ status, code, message }) => ({ status, code, message: message?.replace(/\d+ s$/, 'N s') }));
    };
    const known = await tries('exists@cobrowse.test');
    const unknown = await tries('Does-Not-Exist@cobrowse.test');
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatchObject({ status: 429, code: 'rate_limited' });
    // Counted on the lower-cased email.
    expect(await signIn('does-not-exist@cobrowse.test', 'x', newAddress())).toMatchObject({ status: 429 });
  });

  it('forgives an account’s failures when the right password comes', async () => {
    await t.createAdvisor('forgetful@cobrowse.test', 'forgetful-password');
    const address = newAddress();
    for (let i = 0; i < 9; i++) expect((await signIn('forgetful@cobrowse.test', 'wrong', address)).status).toBe(401);
    expect((await signIn('forgetful@cobrowse.test', 'forgetful-password', address)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await signIn('forgetful@cobrowse.test', 'wrong', address)).status).toBe(401);
    expect((await signIn('forgetful@cobrowse.test', 'wrong', address)).status).toBe(429);
  });

  it('limits failures per client address across accounts (a spray), and only that address', async () => {
    const address = newAddress();
    for (let i = 0; i < 30; i++) expect((await signIn(`spray-${i}@cobrowse.test`, 'password1', address)).status).toBe(401);
    const next = await signIn('spray-new@cobrowse.test', 'password1', address);
    expect(next).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(next.message).toContain('this address');
    // Even the right password of a real account, from that address…
    expect((await signIn(t.admin.email, t.admin.password, address)).status).toBe(429);
    // …but not from another one.
    expect((await signIn(t.admin.email, t.admin.password, newAddress())).status).toBe(200);
  });

  it('counts wrong current passwords of a password change as failed sign-ins', async () => {
    await t.createAdvisor('changer@cobrowse.test', 'changer-password');
    const token = await t.tokenFor('changer@cobrowse.test', 'changer-password');
    const address = newAddress();
    const change = (currentPassword: string) =>
      answer(post(t, '/api/auth/password', { currentPassword, newPassword: 'whatever-new' }, address, token));
    for (let i = 0; i < 10; i++) expect(await change(`wrong-${i}`)).toMatchObject({ status: 403, code: 'wrong_password' });
    expect(await change('changer-password')).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(await signIn('changer@cobrowse.test', 'changer-password', newAddress())).toMatchObject({ status: 429 });
  });

  it('limits password-reset requests per address and per email, known or not', async () => {
    await t.createAdvisor('resetter@cobrowse.test', 'resetter-password');
    const ask = (email: string, address: string) => answer(post(t, '/api/auth/password-reset', { email }, address));
    const address = newAddress();
    for (let i = 0; i < 5; i++) expect((await ask(`someone-${i}@cobrowse.test`, address)).status).toBe(202);
    const refused = await ask('resetter@cobrowse.test', address);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);

    for (const email of ['resetter@cobrowse.test', 'nobody-at-all@cobrowse.test']) {
      for (let i = 0; i < 5; i++) expect((await ask(email, newAddress())).status).toBe(202);
      expect(await ask(email.toUpperCase(), newAddress())).toMatchObject({ status: 429, code: 'rate_limited' });
    }
  });

  it('limits wrong reset tokens per address', async () => {
    const address = newAddress();
    const complete = (token: string) =>
      answer(post(t, '/api/auth/password-reset/complete', { token, newPassword: 'guessed-password' }, address));
    for (let i = 0; i < 5; i++) expect(await complete(`${i}`.repeat(43))).toMatchObject({ status: 400, code: 'reset_token_invalid' });
    const refused = await complete('z'.repeat(43));
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });

  it('shares the counts between two server processes on one database', async () => {
    await t.createAdvisor('two-servers@cobrowse.test', 'two-servers-password');
    for (let i = 0; i < 10; i++) {
      const server = i % 2 ? second : t;
      expect((await signIn('two-servers@cobrowse.test', 'wrong', newAddress(), server)).status).toBe(401);
    }
    expect((await signIn('two-servers@cobrowse.test', 'two-servers-password', newAddress(), t)).status).toBe(429);
    expect((await signIn('two-servers@cobrowse.test', 'two-servers-password', newAddress(), second)).status).toBe(429);

    const address = newAddress();
    for (let i = 0; i < 5; i++) {
      const server = i % 2 ? second : t;
      expect((await answer(post(server, '/api/auth/password-reset', { email: `r-${i}@cobrowse.test` }, address))).status).toBe(202);
    }
    expect((await answer(post(second, '/api/auth/password-reset', { email: 'r-x@cobrowse.test' }, address))).status).toBe(429);
  });
});

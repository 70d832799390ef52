/**
 * A revoked advisor token ends the advisor's open live sockets, not only
 * the next connection: a socket authenticated at its upgrade re-checks its
 * token (`liveAuthRecheckMs`, 200 ms here) and is closed with 4007
 * `SignedOut` after sign-out or a password change, while the advisor's
 * other, still valid session keeps watching.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { LiveCloseCode } from '../../protocol/live.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, type AdvisorClient, type CustomerClient } from '../live/live-client.ts';

const RECHECK_MS = 200;

describe.each(testDrivers)('advisor live sockets after sign-out on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, liveAuthRecheckMs: RECHECK_MS });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  /** A customer in a room without consent prompts to answer: a code to join by. */
  const customerWithCode = async (): Promise<{ customer: CustomerClient; code: string }> => {
    const customer = await connectCustomer(t.url, await t.startSession(), t.site.siteKey);
    open.push(customer);
    customer.send({ type: 'hello' });
    await customer.next('welcome');
    customer.send({ type: 'help_request' });
    return { customer, code: (await customer.next('help_code')).code };
  };
  const watch = async (token: string, code: string): Promise<AdvisorClient> => {
    const advisor = await connectAdvisor(t.url, token);
    open.push(advisor);
    advisor.send({ type: 'join', code });
    await Promise.race([advisor.next('waiting'), advisor.next('welcome')]);
    return advisor;
  };
  const stillOpen = async (a: AdvisorClient) => {
    const outcome = await Promise.race([a.closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 4 * RECHECK_MS))]);
    return outcome === 'open';
  };

  it("sign-out closes the advisor's open live socket with 4007 and refuses a new one", async () => {
    const email = `live-out-${crypto.randomUUID()}@cobrowse.test`;
    await t.createAdvisor(email, 'advisor-password');
    const token = await t.tokenFor(email, 'advisor-password');
    const { code } = await customerWithCode();
    const advisor = await watch(token, code);
    expect(await stillOpen(advisor)).toBe(true);

    const out = await t.api('/api/auth/sign-out', { method: 'POST', token });
    expect(out.status).toBe(204);
    const closed = await Promise.race([
      advisor.closed,
      new Promise<never>((_, no) => setTimeout(() => no(new Error('still open')), 10 * RECHECK_MS)),
    ]);
    expect(closed.code).toBe(LiveCloseCode.SignedOut);
    await expect(connectAdvisor(t.url, token)).rejects.toThrow(/HTTP 401/);
  });

  it("a password change ends the advisor's other live sockets, not the one of the session that changed it", async () => {
    const email = `live-pw-${crypto.randomUUID()}@cobrowse.test`;
    await t.createAdvisor(email, 'advisor-password');
    const laptop = await t.tokenFor(email, 'advisor-password');
    const phone = await t.tokenFor(email, 'advisor-password');
    const { code } = await customerWithCode();
    const onLaptop = await watch(laptop, code);
    const onPhone = await connectAdvisor(t.url, phone);
    open.push(onPhone);

    const changed = await t.api('/api/auth/password', {
      method: 'POST',
      token: laptop,
      body: JSON.stringify({ currentPassword: 'advisor-password', newPassword: 'a-new-password' }),
    });
    expect(changed.status).toBe(204);
    expect((await onPhone.closed).code).toBe(LiveCloseCode.SignedOut);
    expect(await stillOpen(onLaptop)).toBe(true);
  });
});

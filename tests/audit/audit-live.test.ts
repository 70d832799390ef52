/**
 * Live help in the audit log, over real WebSockets: an advisor joining a
 * live session (by code) and a customer granting control each leave an
 * entry naming the advisor and the session; a wrong code leaves none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { AuditPage, Organisation } from '../../protocol/audit.ts';
import { json } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, full, meta } from '../live/live-client.ts';

describe.each(testDrivers)('live audit on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, liveGraceMs: 1_500 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  it('records the join and the control granted, by advisor and session', async () => {
    const sessionId = await t.startSession();
    const c = await connectCustomer(t.url, sessionId, t.site.siteKey);
    open.push(c);
    c.send({ type: 'hello' });
    await c.next('welcome');
    c.send({ type: 'events', seq: 0, events: [meta(1), full(2)] });
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');

    const a = await connectAdvisor(t.url, await t.token());
    open.push(a);
    a.send({ type: 'join', code: code === '000000' ? '000001' : '000000' });
    await a.next('error');
    a.send({ type: 'join', code });
    await a.next('waiting');
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    const { viewerId } = await a.next('welcome');
    a.send({ type: 'control_request' });
    await c.next('control_request');
    c.send({ type: 'control_grant', viewerId });
    await a.next('control_state');

    const { orgs } = await json<{ orgs: Organisation[] }>(t.api('/api/orgs'));
    const me = await json<{ id: string }>(t.api('/api/me'));
    const read = async () =>
      (await json<AuditPage>(t.api(`/api/orgs/${orgs[0]!.id}/audit?targetType=session&targetId=${sessionId}`))).entries;
    // The hub records without waiting: poll briefly.
    const deadline = Date.now() + 15_000;
    let entries = await read();
    while (entries.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      entries = await read();
    }
    expect(entries.map((e) => [e.action, e.actor.id])).toEqual([
      ['live.control_granted', me.id],
      ['live.joined', me.id],
    ]);
  });
});

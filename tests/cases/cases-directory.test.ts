/**
 * The advisors and topics every advisor may read (the inbox filters by topic
 * and assigns to advisors), without the admin rights the admin routes need,
 * and never with a password hash; both refuse a request without a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Advisor } from '../../protocol/api.ts';
import type { Topic } from '../../protocol/cases.ts';
import { testDrivers } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';
import { createCase, json, startCaseServer } from './case-helpers.ts';

describe.each(testDrivers)('advisors and topics for the inbox on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let token: string;

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    await t.createAdvisor('plain@cobrowse.test', 'plain-password');
    token = await t.tokenFor('plain@cobrowse.test', 'plain-password');
    await json(
      t.api('/api/admin/topics', { method: 'POST', body: JSON.stringify({ siteId: t.site.id, name: 'Billing', slaMinutes: 15 }) }),
      201,
    );
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('lists the advisors to a plain advisor, without secrets', async () => {
    const res = await t.api('/api/cases/advisors', { token });
    const body = await json<{ advisors: Advisor[] }>(res);
    expect(body.advisors.map((a) => a.email).sort()).toEqual([t.admin.email, 'plain@cobrowse.test']);
    expect(body.advisors.find((a) => a.email === t.admin.email)?.role).toBe('owner');
    expect(JSON.stringify(body)).not.toMatch(/password|hash/i);
  });

  it('lists the topics to a plain advisor', async () => {
    const { topics } = await json<{ topics: Topic[] }>(t.api('/api/cases/topics', { token }));
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatchObject({ name: 'Billing', slaMinutes: 15, siteId: t.site.id });
  });

  it('still answers a case by id, and 404 for other words', async () => {
    const { caseId } = await createCase(t);
    expect((await t.api(`/api/cases/${caseId}`, { token })).status).toBe(200);
    expect((await t.api('/api/cases/nothing', { token })).status).toBe(404);
  });

  it('refuses without a token', async () => {
    for (const path of ['/api/cases/advisors', '/api/cases/topics']) {
      expect((await t.api(path, { token: null })).status).toBe(401);
    }
  });
});

/**
 * Every advisor endpoint of async help refuses a request without a bearer
 * token, and every admin endpoint refuses advisors who are not admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { testDrivers } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';
import { createCase, startCaseServer } from './case-helpers.ts';

const ID = '00000000-0000-4000-8000-000000000000';

describe.each(testDrivers)('async help access on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let advisorToken: string;
  let caseId: string;

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    await t.createAdvisor('plain@cobrowse.test', 'plain-password');
    advisorToken = await t.tokenFor('plain@cobrowse.test', 'plain-password');
    caseId = (await createCase(t)).caseId;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const advisorEndpoints = (): [string, string][] => [
    ['GET', '/api/cases'],
    ['GET', `/api/cases/${caseId}`],
    ['POST', `/api/cases/${caseId}/claim`],
    ['POST', `/api/cases/${caseId}/release`],
    ['POST', `/api/cases/${caseId}/assign`],
    ['POST', `/api/cases/${caseId}/status`],
    ['POST', `/api/cases/${caseId}/messages`],
    ['POST', `/api/cases/${caseId}/links`],
    ['DELETE', `/api/cases/${caseId}/links/${ID}`],
  ];
  const adminEndpoints: [string, string][] = [
    ['GET', '/api/admin/topics'],
    ['POST', '/api/admin/topics'],
    ['PATCH', `/api/admin/topics/${ID}`],
    ['DELETE', `/api/admin/topics/${ID}`],
    ['GET', '/api/admin/routing'],
    ['PUT', `/api/admin/routing/${ID}`],
    ['GET', '/api/admin/enrichers'],
    ['POST', '/api/admin/enrichers'],
    ['PATCH', `/api/admin/enrichers/${ID}`],
    ['DELETE', `/api/admin/enrichers/${ID}`],
    ['GET', '/api/admin/webhooks'],
    ['POST', '/api/admin/webhooks'],
    ['PATCH', `/api/admin/webhooks/${ID}`],
    ['DELETE', `/api/admin/webhooks/${ID}`],
    ['GET', '/api/admin/jobs'],
  ];
  const call = (method: string, path: string, token: string | null) =>
    t.api(path, { method, token, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) });

  it('refuses every advisor and admin endpoint without a token', async () => {
    for (const [method, path] of [...advisorEndpoints(), ...adminEndpoints]) {
      const res = await call(method, path, null);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(((await res.json()) as ErrorBody).error.code).toBe('unauthorized');
      expect((await call(method, path, 'not-a-real-token-at-all')).status, `${method} ${path} (bad token)`).toBe(401);
    }
  });

  it('refuses admin endpoints to advisors who are not admins', async () => {
    for (const [method, path] of adminEndpoints) {
      const res = await call(method, path, advisorToken);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(((await res.json()) as ErrorBody).error.code).toBe('forbidden');
    }
  });

  it('lets advisors work on cases, and answers 404 for unknown ones', async () => {
    expect((await call('GET', `/api/cases/${caseId}`, advisorToken)).status).toBe(200);
    expect((await call('GET', `/api/cases/${ID}`, advisorToken)).status).toBe(404);
    expect((await call('GET', '/api/cases/not-a-uuid', advisorToken)).status).toBe(404);
    expect((await call('POST', `/api/cases/${caseId}/status`, advisorToken)).status).toBe(400);
    expect((await call('GET', '/api/cases?status=bogus', advisorToken)).status).toBe(400);
  });
});

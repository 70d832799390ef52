/**
 * `JOB_RETRY_DELAY_SECONDS=0` (retry failed jobs at once) is a value the
 * configuration accepts: the server must start with it and still retry.
 * pg-boss refuses a maximum retry delay without backoff, which a zero delay
 * turns off; the job queue gives the maximum only with backoff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe.each(testDrivers)('a zero retry delay on $name', (driver) => {
  let database: Database;
  let t: TestServer;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, jobRetryDelaySeconds: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('starts, and a failing job is tried again at once', async () => {
    const attempts: number[] = [];
    await t.server.jobs.define<{ n: number }>({
      name: 'test-zero-retry-delay',
      retryLimit: 2,
      retryDelaySeconds: 0,
      retryDelayMaxSeconds: 3600,
      handler: async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error('not yet');
      },
    });
    await t.server.jobs.send('test-zero-retry-delay', { n: 1 });
    const until = Date.now() + 20_000;
    while (attempts.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(attempts).toHaveLength(3);
  });
});

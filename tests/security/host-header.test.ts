/**
 * Host header injection (security issue, hole 2): a forged `Host` must never
 * change a link the server hands out — in the case-creation answer, in the
 * customer's emails, in an advisor's new link, in a password-reset email.
 * Requests are made with node:http, since fetch does not let a caller set
 * `Host`. Without PUBLIC_URL the links use the listening address, and the
 * server says at start-up that emails need PUBLIC_URL.
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { emailOutbox } from '../../db/schema.ts';
import { createLogger } from '../../server/logger.ts';
import type { CaseCreated, CaseLinkCreated } from '../../protocol/cases.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import { testDrivers } from '../helpers/db.ts';
import { ADMIN, sessionTokenOf, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

const EVIL = 'support.evil.test';

/** A request whose `Host` header says what the attacker wants. */
function forged(base: string, path: string, init: { method: string; headers: Record<string, string>; body?: string }) {
  const url = new URL(path, base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method,
        headers: { ...init.headers, host: EVIL },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A logger that keeps every line, to read the start-up warning. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('warn', stream), lines };
}

describe.each(testDrivers)('links never come from the Host header on $name', (driver) => {
  describe('without PUBLIC_URL', () => {
    let database: Database;
    let t: TestServer;
    const log = capturingLogger();

    beforeAll(async () => {
      database = await driver.open();
      t = await startTestServer({ database, publicUrl: undefined, logger: log.logger });
    });
    afterAll(async () => {
      await t?.close();
      await database?.close();
    });

    const ownBase = () => `http://127.0.0.1:${t.port}`;

    it('says at start-up that emails need PUBLIC_URL', () => {
      const warning = log.lines
        .map((l) => JSON.parse(l) as { level: number; msg: string; publicUrl?: string })
        .find((l) => /PUBLIC_URL/.test(l.msg));
      expect(warning).toMatchObject({ level: 40, publicUrl: ownBase() });
    });

    it("a case opened with a forged Host gets a link, and an email, on the server's own address", async () => {
      const sessionId = await t.startSession();
      const res = await forged(t.url, `${INGEST_BASE}/cases`, {
        method: 'POST',
        headers: {
          origin: TEST_ORIGIN,
          [SITE_KEY_HEADER]: t.site.siteKey,
          authorization: `Bearer ${sessionTokenOf(sessionId)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ sessionId, question: 'Where is my parcel?', email: 'customer@example.test' }),
      });
      expect(res.status).toBe(201);
      const created = JSON.parse(res.body) as CaseCreated;
      expect(created.link.startsWith(`${ownBase()}/c/`)).toBe(true);
      expect(res.body).not.toContain(EVIL);

      const emails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.caseId, created.caseId));
      expect(emails).toHaveLength(1);
      expect(emails[0]!.body).toContain(`${ownBase()}/c/`);
      expect(emails[0]!.body).not.toContain(EVIL);
    });

    it("an advisor's new link and answer email ignore a forged Host", async () => {
      const sessionId = await t.startSession();
      const opened = await fetch(`${t.url}${INGEST_BASE}/cases`, {
        method: 'POST',
        headers: {
          origin: TEST_ORIGIN,
          [SITE_KEY_HEADER]: t.site.siteKey,
          authorization: `Bearer ${sessionTokenOf(sessionId)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ sessionId, question: 'Can I change my address?', email: 'other@example.test' }),
      });
      const { caseId } = (await opened.json()) as CaseCreated;
      const auth = { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/json' };

      const link = await forged(t.url, `/api/cases/${caseId}/links`, { method: 'POST', headers: auth, body: '{}' });
      expect(link.status).toBe(201);
      expect((JSON.parse(link.body) as CaseLinkCreated).link.startsWith(`${ownBase()}/c/`)).toBe(true);

      const answer = await forged(t.url, `/api/cases/${caseId}/messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ kind: 'text', body: 'Yes, from your account page.' }),
      });
      expect(answer.status).toBe(201);
      const emails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.caseId, caseId));
      expect(emails.length).toBeGreaterThanOrEqual(2);
      for (const email of emails) expect(email.body).not.toContain(EVIL);
      expect(emails.some((e) => e.body.includes(`${ownBase()}/c/`) && /answered/.test(e.subject))).toBe(true);
    });

    it("a password-reset email asked for with a forged Host links to the server's own address", async () => {
      const res = await forged(t.url, '/api/auth/password-reset', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ADMIN.email }),
      });
      expect(res.status).toBe(202);
      // The reset email is queued after the answer (so the timing says nothing).
      let mail: { body: string } | undefined;
      for (let i = 0; i < 50 && !mail; i++) {
        [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.to, ADMIN.email));
        if (!mail) await new Promise((r) => setTimeout(r, 100));
      }
      expect(mail?.body).toContain(`${ownBase()}/app/reset-password#token=`);
      expect(mail?.body).not.toContain(EVIL);
    });
  });

  describe('with PUBLIC_URL', () => {
    let database: Database;
    let t: TestServer;

    beforeAll(async () => {
      database = await driver.open();
      t = await startTestServer({ database, publicUrl: 'https://support.example.com' });
    });
    afterAll(async () => {
      await t?.close();
      await database?.close();
    });

    it('every link is on PUBLIC_URL, whatever the Host says', async () => {
      const sessionId = await t.startSession();
      const res = await forged(t.url, `${INGEST_BASE}/cases`, {
        method: 'POST',
        headers: {
          origin: TEST_ORIGIN,
          [SITE_KEY_HEADER]: t.site.siteKey,
          authorization: `Bearer ${sessionTokenOf(sessionId)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ sessionId, question: 'Is this in stock?', email: 'c3@example.test' }),
      });
      expect(res.status).toBe(201);
      const created = JSON.parse(res.body) as CaseCreated;
      expect(created.link.startsWith('https://support.example.com/c/')).toBe(true);
      const [email] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.caseId, created.caseId));
      expect(email!.body).toContain('https://support.example.com/c/');
      expect(email!.body).not.toContain(EVIL);
    });
  });
});

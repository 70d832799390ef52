/**
 * Case emails over SMTP (SMTP_URL set): the customer's confirmation with the
 * private link is sent through nodemailer to a small SMTP server standing in
 * for the real one; a refused recipient is retried and recorded as failed.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { CaseDetail, JobsOverview } from '../../protocol/cases.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createCase, json } from './case-helpers.ts';

interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** Just enough SMTP for nodemailer: no TLS, no auth; recipients containing "reject" are refused. */
async function startSmtp() {
  const mails: Mail[] = [];
  let rcptAttempts = 0;
  const server: Server = createServer((socket) => {
    let buffer = '';
    let mail: Mail = { from: '', to: [], data: '' };
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake-smtp ready');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(mail);
          mail = { from: '', to: [], data: '' };
          reply('250 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 fake-smtp');
        else if (verb === 'MAIL') ((mail.from = line), reply('250 ok'));
        else if (verb === 'RCPT') {
          rcptAttempts++;
          if (line.includes('reject')) reply('550 no such mailbox');
          else (mail.to.push(line), reply('250 ok'));
        } else if (verb === 'DATA') ((inData = true), reply('354 go on'));
        else if (verb === 'RSET') ((mail = { from: '', to: [], data: '' }), reply('250 ok'));
        else if (verb === 'QUIT') (reply('221 bye'), socket.end());
        else reply('250 ok');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mails,
    rcptAttempts: () => rcptAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDrivers)('async help emails on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    database = await driver.open();
    smtp = await startSmtp();
    t = await startTestServer({
      database,
      smtpUrl: smtp.url,
      smtpFrom: 'Shop help <help@shop.test>',
      jobRetryLimit: 2,
      jobRetryDelaySeconds: 1,
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await database?.close();
  });

  it('sends the customer the private link over SMTP', async () => {
    const created = await createCase(t, { email: 'customer@example.test' });
    await t.server.jobs.idle();
    const detail = await json<CaseDetail>(t.api(`/api/cases/${created.caseId}`));
    expect(detail.emails).toEqual([expect.objectContaining({ to: 'customer@example.test', status: 'sent', attempts: 1 })]);
    const mail = smtp.mails.find((m) => m.to.some((to) => to.includes('customer@example.test')));
    expect(mail?.from).toContain('help@shop.test');
    // Quoted-printable may fold long lines: unfold before looking for the link.
    expect(mail?.data.replace(/=\r\n/g, '')).toContain(created.linkToken);
  });

  it('retries a refused email and records it failed', async () => {
    const before = smtp.rcptAttempts();
    const created = await createCase(t, { email: 'reject-me@example.test' });
    await t.server.jobs.idle({ timeoutMs: 45_000 });
    const detail = await json<CaseDetail>(t.api(`/api/cases/${created.caseId}`));
    expect(detail.emails).toEqual([expect.objectContaining({ status: 'failed', attempts: 3 })]);
    expect(detail.emails[0]!.lastError).toMatch(/550/);
    expect(smtp.rcptAttempts() - before).toBe(3);
    const overview = await json<JobsOverview>(t.api('/api/admin/jobs'));
    expect(overview.emails.find((e) => e.caseId === created.caseId)?.status).toBe('failed');
  });
});

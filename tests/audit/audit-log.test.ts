/**
 * The audit log through the real API: every audited action leaves its entry
 * (who, what, target, address; never a password), recording views are
 * recorded once per session and advisor per hour, the list pages by cursor
 * and filters, only admins of the organisation read it (403 for advisors,
 * 404 for an organisation that is not theirs), and entries cannot be
 * changed even through SQL.
 */
import { eq, lt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { auditLog, emailOutbox } from '../../db/schema.ts';
import { pruneAuditLog } from '../../server/data-deletion/retention.ts';
import { createLogger } from '../../server/logger.ts';
import type { AuditEntry, AuditPage, Organisation } from '../../protocol/audit.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { pageChunk } from '../api/fixtures.ts';
import { createCase, json, startCaseServer } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';

const FOREIGN_ORG = '00000000-0000-4000-8000-000000000000';
const silentLogger = createLogger('silent');

describe.each(testDrivers)('audit log on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let orgId: string;
  let adminId: string;

  const auditPage = async (query = '', token?: string) =>
    json<AuditPage>(t.api(`/api/orgs/${orgId}/audit${query}`, token === undefined ? {} : { token }));
  const entries = async (query: string) => (await auditPage(query)).entries;

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    const { orgs } = await json<{ orgs: Organisation[] }>(t.api('/api/orgs'));
    orgId = orgs[0]!.id;
    adminId = (await json<{ id: string }>(t.api('/api/me'))).id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('lists the default organisation with each caller’s role: owner, admin, advisor', async () => {
    await t.createAdvisor('second-admin@cobrowse.test', 'second-password', 'admin');
    await t.createAdvisor('orgs-advisor@cobrowse.test', 'advisor-password');
    const role = async (token?: string) =>
      (await json<{ orgs: Organisation[] }>(t.api('/api/orgs', token === undefined ? {} : { token }))).orgs.map((o) => [
        o.name,
        o.role,
        o.isDefault,
      ]);
    expect(await role()).toEqual([['Default organisation', 'owner', true]]);
    expect(await role(await t.tokenFor('second-admin@cobrowse.test', 'second-password'))).toEqual([
      ['Default organisation', 'admin', true],
    ]);
    expect(await role(await t.tokenFor('orgs-advisor@cobrowse.test', 'advisor-password'))).toEqual([
      ['Default organisation', 'advisor', true],
    ]);
    expect((await t.api('/api/orgs', { token: null })).status).toBe(401);
  });

  it('records sign-in, failed sign-in (no password, no unknown email), sign-out and password change', async () => {
    await t.createAdvisor('auditee@cobrowse.test', 'first-password');
    const failed = await fetch(`${t.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'auditee@cobrowse.test', password: 'wrong-password-123' }),
    });
    expect(failed.status).toBe(401);
    await fetch(`${t.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody-here@cobrowse.test', password: 'whatever-123' }),
    });
    const token = await t.tokenFor('auditee@cobrowse.test', 'first-password');
    const me = await json<{ id: string }>(t.api('/api/me', { token }));
    expect(
      (
        await t.api('/api/auth/password', {
          token,
          method: 'POST',
          body: JSON.stringify({ currentPassword: 'first-password', newPassword: 'second-password' }),
        })
      ).status,
    ).toBe(204);
    expect((await t.api('/api/auth/sign-out', { token, method: 'POST' })).status).toBe(204);

    const failures = await entries('?action=auth.sign_in_failed');
    const wrong = failures.find((e) => e.target?.id === me.id)!;
    expect(wrong).toMatchObject({
      actor: { kind: 'anonymous', id: null },
      target: { type: 'advisor' },
      details: { reason: 'wrong_password' },
    });
    expect(wrong.clientAddress).toBe('127.0.0.1');
    expect(failures.some((e) => e.target === null && e.details.reason === 'unknown_account')).toBe(true);
    const mine = await entries(`?actor=${me.id}`);
    expect(mine.map((e) => e.action)).toEqual(['auth.sign_out', 'auth.password_changed', 'auth.sign_in']);
    expect(mine[0]!.actor).toMatchObject({ kind: 'advisor', id: me.id, email: 'auditee@cobrowse.test' });
    const raw = JSON.stringify(await auditPage('?limit=200'));
    expect(raw).not.toContain('wrong-password-123');
    expect(raw).not.toContain('first-password');
    expect(raw).not.toContain('nobody-here');
  });

  it('records a password reset by its emailed link, as the advisor it signs in', async () => {
    await t.createAdvisor('forgetful@cobrowse.test', 'forgotten-password');
    const post = (path: string, body: unknown) =>
      fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/auth/password-reset', { email: 'forgetful@cobrowse.test' })).status).toBe(202);
    let token: string | undefined;
    await expect
      .poll(
        async () => {
          const [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.to, 'forgetful@cobrowse.test'));
          token = mail ? /#token=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] : undefined;
          return token;
        },
        { timeout: 15_000 },
      )
      .toBeDefined();
    const done = await post('/api/auth/password-reset/complete', { token, newPassword: 'remembered-now' });
    expect(done.status).toBe(200);
    const { advisor } = (await done.json()) as { advisor: { id: string } };
    const mine = await entries(`?actor=${advisor.id}`);
    expect(mine.map((e) => [e.action, e.target?.id])).toEqual([['auth.password_reset', advisor.id]]);
    expect(JSON.stringify(mine)).not.toContain(token!);
  });

  it('records a recording viewed once per session and advisor per hour, and each export', async () => {
    const sessionId = await t.startSession();
    const now = Date.now();
    expect((await t.putChunk(sessionId, 0, pageChunk(now))).status).toBe(201);
    for (const path of ['', '/chunks', '/chunks/0', '/chunk-data?seqs=0', '']) {
      expect((await t.api(`/api/sessions/${sessionId}${path}`)).status).toBe(200);
    }
    expect((await t.api(`/api/sessions/${sessionId}/chunks/7`)).status).toBe(404);
    const viewed = await entries(`?targetType=session&targetId=${sessionId}`);
    expect(viewed.map((e) => [e.action, e.actor.id])).toEqual([['session.viewed', adminId]]);

    const advisorToken = await t.tokenFor('orgs-advisor@cobrowse.test', 'advisor-password');
    await t.api(`/api/sessions/${sessionId}`, { token: advisorToken });
    const exported = await t.api(`/api/sessions/${sessionId}/export`);
    expect(exported.status).toBe(200);
    await exported.text();
    const after = await entries(`?targetId=${sessionId}`);
    expect(after.map((e) => e.action)).toEqual(['session.exported', 'session.viewed', 'session.viewed']);
    // An unknown session leaves nothing.
    const unknown = crypto.randomUUID();
    expect((await t.api(`/api/sessions/${unknown}`)).status).toBe(404);
    expect(await entries(`?targetId=${unknown}`)).toEqual([]);
  });

  it('records site and async-help setting changes, with field names, not secrets', async () => {
    const created = await t.createSite({ name: 'Audited shop', allowedOrigins: ['https://audited.example'] });
    await json(
      t.api(`/api/sites/${created.id}`, { method: 'PATCH', body: JSON.stringify({ liveConsentRequired: false, retentionDays: 30 }) }),
    );
    const webhook = await json<{ id: string }>(
      t.api('/api/admin/webhooks', {
        method: 'POST',
        body: JSON.stringify({
          siteId: created.id,
          url: 'https://hooks.example/in',
          events: ['case.created'],
          secret: 'whsec_do-not-log-me-please',
        }),
      }),
      201,
    );
    expect((await t.api(`/api/admin/webhooks/${webhook.id}`, { method: 'DELETE' })).status).toBe(204);

    const site = await entries(`?targetType=site&targetId=${created.id}`);
    expect(site.map((e) => [e.action, e.details])).toEqual([
      ['site.updated', { fields: ['liveConsentRequired', 'retentionDays'], retentionDays: 30 }],
      ['site.created', { name: 'Audited shop' }],
    ]);
    const hooks = await entries(`?action=settings.changed&targetId=${webhook.id}`);
    expect(hooks.map((e) => [e.target?.type, e.details.change])).toEqual([
      ['webhook', 'deleted'],
      ['webhook', 'created'],
    ]);
    expect(JSON.stringify(hooks)).not.toContain('do-not-log-me');
  });

  it('records cases answered, reassigned and resolved (not internal notes)', async () => {
    const { caseId } = await createCase(t);
    const advisorId = (
      await json<{ id: string }>(t.api('/api/me', { token: await t.tokenFor('orgs-advisor@cobrowse.test', 'advisor-password') }))
    ).id;
    await json(t.api(`/api/cases/${caseId}/claim`, { method: 'POST' }));
    await json(t.api(`/api/cases/${caseId}/assign`, { method: 'POST', body: JSON.stringify({ advisorId }) }));
    await json(
      t.api(`/api/cases/${caseId}/messages`, { method: 'POST', body: JSON.stringify({ kind: 'internal_note', body: 'note' }) }),
      201,
    );
    await json(t.api(`/api/cases/${caseId}/messages`, { method: 'POST', body: JSON.stringify({ body: 'Here is the answer' }) }), 201);
    await json(t.api(`/api/cases/${caseId}/status`, { method: 'POST', body: JSON.stringify({ status: 'resolved' }) }));
    await json(t.api(`/api/cases/${caseId}/status`, { method: 'POST', body: JSON.stringify({ status: 'resolved' }) }));
    const list = await entries(`?targetType=case&targetId=${caseId}`);
    expect(list.map((e) => [e.action, e.details])).toEqual([
      ['case.resolved', {}],
      ['case.answered', { kind: 'text' }],
      ['case.reassigned', { via: 'assign', from: adminId, to: advisorId }],
      ['case.reassigned', { via: 'claim', from: null, to: adminId }],
    ]);
    expect(JSON.stringify(list)).not.toContain('Here is the answer');
  });

  it('pages newest first by cursor and filters by actor, action and time', async () => {
    const all: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await auditPage(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.entries.length).toBeLessThanOrEqual(3);
      all.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    const whole = await auditPage('?limit=200');
    expect(all.map((e) => e.id)).toEqual(whole.entries.map((e) => e.id));
    expect(whole.nextCursor).toBeNull();
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    expect((await entries('?action=site.created')).every((e) => e.action === 'site.created')).toBe(true);
    expect((await entries(`?actor=${adminId}`)).every((e) => e.actor.id === adminId)).toBe(true);
    const future = Date.now() + 60_000;
    expect(await entries(`?from=${future}`)).toEqual([]);
    expect(await entries('?to=0')).toEqual([]);
    expect((await entries(`?from=${Date.now() - 600_000}&to=${future}`)).length).toBe(Math.min(all.length, 50));
  });

  it('refuses bad queries (400), advisors (403), foreign or malformed organisations (404) and anonymous callers (401)', async () => {
    for (const q of ['?limit=0', '?limit=201', '?action=made.up', '?actor=nope', '?cursor=abc', '?from=-1']) {
      const res = await t.api(`/api/orgs/${orgId}/audit${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe('bad_request');
    }
    const advisorToken = await t.tokenFor('orgs-advisor@cobrowse.test', 'advisor-password');
    const forbidden = await t.api(`/api/orgs/${orgId}/audit`, { token: advisorToken });
    expect(forbidden.status).toBe(403);
    expect((await t.api(`/api/orgs/${FOREIGN_ORG}/audit`)).status).toBe(404);
    expect((await t.api(`/api/orgs/${FOREIGN_ORG}/audit`, { token: advisorToken })).status).toBe(404);
    expect((await t.api('/api/orgs/not-a-uuid/audit')).status).toBe(404);
    expect((await t.api(`/api/orgs/${orgId}/audit`, { token: null })).status).toBe(401);
    // No route changes or deletes entries…
    expect((await t.api(`/api/orgs/${orgId}/audit`, { method: 'DELETE' })).status).toBe(404);
    // …and the database refuses it too.
    await expect(database.db.execute(sql`update audit_log set action = 'auth.sign_out'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it('has its own retention: only the retention job prunes entries older than AUDIT_RETENTION_DAYS, and says how many', async () => {
    const { db } = database;
    const day = 86_400_000;
    const old = new Date(Date.now() - 40 * day);
    await db.insert(auditLog).values([
      { orgId, actorKind: 'system', action: 'site.updated', targetType: 'site', targetId: 'old-1', at: old },
      { orgId, actorKind: 'system', action: 'site.updated', targetType: 'site', targetId: 'old-2', at: old },
    ]);
    const [{ count: before }] = (await db.select({ count: sql<number>`count(*)::int` }).from(auditLog)) as [{ count: number }];

    // A transaction that does not ask the trigger for the prune is refused like any delete.
    await expect(db.transaction((tx) => tx.delete(auditLog).where(lt(auditLog.at, new Date(Date.now() - 30 * day))))).rejects.toThrow();
    const pruned = await pruneAuditLog({ db, logger: silentLogger }, 30);
    expect(pruned.get(orgId)).toBe(2);

    const left = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(left.some((e) => e.targetId === 'old-1' || e.targetId === 'old-2')).toBe(false);
    // Everything newer stays, and the prune is itself an entry (the log's own history).
    expect(left.length).toBe(before - 2 + 1);
    expect(left.find((e) => e.action === 'audit.pruned')?.details).toMatchObject({ auditRetentionDays: 30, entries: 2 });
    // Outside the job, deleting or changing entries is still refused.
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(database.db.execute(sql`update audit_log set action = 'auth.sign_out'`)).rejects.toThrow();
  });
});

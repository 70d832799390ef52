/**
 * Retention and erasure through the real server, on both databases, with
 * the disk media store: every table's rows are counted before and after, so
 * the deletions are shown to take exactly what they report (the customer's
 * sessions, chunks, pages, chat, media tracks and files, reply links, cases
 * and their threads, links, enrichments, emails and webhook deliveries) and
 * nothing of anybody else's; media files go from the disk too. Bad input is
 * a 400, advisors get 403, a foreign organisation 404.
 */
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { liveChatMessages, schema, sessions } from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';
import type { AuditPage, DeletionCounts, ErasureResult, Organisation } from '../../protocol/audit.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import { pageChunk } from '../api/fixtures.ts';
import { json, loopbackCustomerLimits, postCase } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { sessionTokenOf, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

const DAY_MS = 86_400_000;
const FOREIGN_ORG = '00000000-0000-4000-8000-000000000000';

/** Rows of every table of the schema (the audit log and job tables aside: they record the deletion itself). */
async function countAll(database: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(schema)) {
    if (name === 'auditLog') continue;
    const [row] = await database.db.select({ n: count() }).from(table);
    out[name] = Number(row!.n);
  }
  return out;
}

/** Before − after, by snake_case table name, leaving out tables that did not change. */
function diff(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(before)) {
    const gone = n - after[name]!;
    if (gone !== 0) out[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = gone;
  }
  return out;
}

const nonZero = (counts: DeletionCounts) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.each(testDrivers)('retention and erasure on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let dir: string;
  let orgId: string;
  let advisorToken: string;

  beforeAll(async () => {
    database = await driver.open();
    dir = await mkdtemp(join(tmpdir(), 'cb-erasure-'));
    t = await startTestServer({
      database,
      mediaStore: 'disk',
      mediaDir: dir,
      retentionIntervalMs: 1_000,
      rateLimits: loopbackCustomerLimits(),
    });
    orgId = (await json<{ orgs: Organisation[] }>(t.api('/api/orgs'))).orgs[0]!.id;
    await t.createAdvisor('plain@cobrowse.test', 'plain-password');
    advisorToken = await t.tokenFor('plain@cobrowse.test', 'plain-password');
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * A recorded session with everything that can hang off it: a DOM chunk (and
   * its page), a camera track with two chunks on disk, a live chat line and a
   * reply link; optionally a case opened on it (with an email, so the outbox
   * gets one) and answered.
   */
  async function seedSession(o: { siteKey?: string; metadata?: Record<string, string | number>; caseEmail?: string } = {}) {
    const siteKey = o.siteKey ?? t.site.siteKey;
    const id = await t.startSession({ siteKey, metadata: o.metadata ?? {} });
    const auth = { authorization: `Bearer ${sessionTokenOf(id)}` };
    const headers = { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: siteKey, ...auth };
    expect((await t.putChunk(id, 0, pageChunk(Date.now()), { siteKey })).status).toBe(201);
    const track = await fetch(`${t.url}${INGEST_BASE}/sessions/${id}/media/cam-1`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'camera', mimeType: 'video/webm;codecs=vp8', startedAt: Date.now() }),
    });
    expect(track.status).toBe(201);
    for (const seq of [0, 1]) {
      const chunk = await fetch(`${t.url}${INGEST_BASE}/sessions/${id}/media/cam-1/chunks/${seq}?startMs=${seq * 1000}&durationMs=1000`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'video/webm;codecs=vp8' },
        body: new Uint8Array([seq, 1, 2, 3]),
      });
      expect(chunk.status).toBe(201);
    }
    await database.db.insert(liveChatMessages).values({
      id: crypto.randomUUID(),
      sessionId: id,
      ts: Date.now(),
      fromRole: 'customer',
      authorName: 'Customer',
      clientId: 'c1',
      text: 'hello',
    });
    expect((await t.api(`/api/sessions/${id}/reply-links`, { method: 'POST', body: '{}' })).status).toBe(201);
    let caseId: string | undefined;
    if (o.caseEmail !== undefined) {
      const res = await postCase(t, { sessionId: id, question: 'Where is my parcel?', email: o.caseEmail }, { siteKey });
      expect(res.status).toBe(201);
      caseId = ((await res.json()) as { caseId: string }).caseId;
      await json(t.api(`/api/cases/${caseId}/messages`, { method: 'POST', body: JSON.stringify({ body: 'On its way' }) }), 201);
    }
    return { id, caseId, mediaDir: join(dir, id) };
  }

  const auditEntries = async (action: string) => (await json<AuditPage>(t.api(`/api/orgs/${orgId}/audit?action=${action}`))).entries;

  describe('retention', () => {
    it('PATCH /api/sites/:id takes retentionDays: a positive integer or null (unlimited); anything else is a 400; advisors 403', async () => {
      const patch = (body: unknown, token?: string) =>
        t.api(`/api/sites/${t.site.id}`, { method: 'PATCH', body: JSON.stringify(body), ...(token ? { token } : {}) });
      expect(t.site.retentionDays).toBeNull();
      for (const bad of [0, -1, 1.5, '30', 36_501, true]) {
        const res = await patch({ retentionDays: bad });
        expect(res.status, String(bad)).toBe(400);
        expect(((await res.json()) as ErrorBody).error.code).toBe('bad_request');
      }
      expect((await patch({ retentionDays: 7 }, advisorToken)).status).toBe(403);
      expect((await json<Site>(patch({ retentionDays: 90 }))).retentionDays).toBe(90);
      expect((await json<Site>(patch({ retentionDays: null }))).retentionDays).toBeNull();
    });

    it('the recurring job deletes sessions older than their site’s retention with all they hold, audits the counts, and keeps the rest', async () => {
      const limited = await t.createSite({ name: 'Short memory', allowedOrigins: [TEST_ORIGIN] });
      const old = await seedSession({ siteKey: limited.siteKey, caseEmail: 'keeps-the-case@example.com' });
      const recent = await seedSession({ siteKey: limited.siteKey });
      const unlimitedOld = await seedSession();
      // Age two sessions past 30 days (one on the site without retention).
      for (const id of [old.id, unlimitedOld.id]) {
        await database.db
          .update(sessions)
          .set({ startedAt: new Date(Date.now() - 40 * DAY_MS) })
          .where(eq(sessions.id, id));
      }
      expect(await readdir(old.mediaDir, { recursive: true })).toContain(join('cam-1', '1.webm'));
      const before = await countAll(database);

      await json(t.api(`/api/sites/${limited.id}`, { method: 'PATCH', body: JSON.stringify({ retentionDays: 30 }) }));
      const deadline = Date.now() + 30_000;
      let entries = await auditEntries('retention.deleted');
      while (entries.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        entries = await auditEntries('retention.deleted');
      }
      expect(entries).toHaveLength(1);
      const entry = entries[0]!;
      expect(entry).toMatchObject({
        actor: { kind: 'system', id: null },
        target: { type: 'site', id: limited.id },
        details: { retentionDays: 30 },
      });

      const expected = {
        sessions: 1,
        session_pages: 1,
        event_chunks: 1,
        live_chat_messages: 1,
        media_tracks: 1,
        media_chunks: 2,
        reply_links: 1,
      };
      expect(diff(before, await countAll(database))).toEqual(expected);
      expect(nonZero(entry.details.counts as DeletionCounts)).toEqual({ ...expected, media_files: 2 });
      expect(await exists(old.mediaDir)).toBe(false);
      expect(await exists(join(recent.mediaDir, 'cam-1', '0.webm'))).toBe(true);
      expect(await exists(join(unlimitedOld.mediaDir, 'cam-1', '1.webm'))).toBe(true);
      // The case stays (retention is about recordings), without its recording.
      const kept = await json<{ sessionId: string | null }>(t.api(`/api/cases/${old.caseId}`));
      expect(kept.sessionId).toBeNull();
    });
  });

  describe('erasure', () => {
    it('previews (dry run: nothing deleted), then deletes exactly one customer’s data and audits it without the personal data', async () => {
      // Cases get an enrichment and a webhook delivery each (calls to a closed port: they fail, the rows stay).
      await json(
        t.api('/api/admin/enrichers', {
          method: 'POST',
          body: JSON.stringify({ siteId: t.site.id, name: 'CRM', urlTemplate: 'http://127.0.0.1:9/crm' }),
        }),
        201,
      );
      await json(
        t.api('/api/admin/webhooks', {
          method: 'POST',
          body: JSON.stringify({ siteId: t.site.id, url: 'http://127.0.0.1:9/hook', events: ['case.created'] }),
        }),
        201,
      );
      // Customer X: by id and email on one session, by email (other case) on another, and a case about a third recording.
      const x1 = await seedSession({ metadata: { customerId: 'cust-42', email: 'X.Person@Example.com', name: 'X' } });
      const x2 = await seedSession({ metadata: { email: 'x.person@example.com' } });
      const x3 = await seedSession({ metadata: { plan: 'gold' }, caseEmail: 'x.person@example.com' });
      // Customer Y: everything the same, another person.
      const y1 = await seedSession({ metadata: { customerId: 'cust-7', email: 'y@example.com' }, caseEmail: 'y@example.com' });
      const before = await countAll(database);
      const erase = (body: unknown, query = '') =>
        json<ErasureResult>(t.api(`/api/orgs/${orgId}/erasure${query}`, { method: 'POST', body: JSON.stringify(body) }));
      const request = { customerId: 'cust-42', email: 'x.person@example.com' };

      const preview = await erase(request, '?dryRun=true');
      expect(preview.dryRun).toBe(true);
      expect(preview.sessionIds).toEqual([x1.id, x2.id, x3.id].sort());
      expect(preview.caseIds).toEqual([x3.caseId]);
      expect(await countAll(database)).toEqual(before);
      expect(await exists(x1.mediaDir)).toBe(true);

      const done = await erase(request);
      expect(done.dryRun).toBe(false);
      expect(done.counts).toEqual(preview.counts);
      const gone = diff(before, await countAll(database));
      expect(gone).toEqual({
        sessions: 3,
        session_pages: 3,
        event_chunks: 3,
        live_chat_messages: 3,
        media_tracks: 3,
        media_chunks: 6,
        reply_links: 3,
        cases: 1,
        // The advisor's answer; the link made at intake and the one the answer's email carries.
        case_messages: 1,
        case_links: 2,
        case_enrichments: 1,
        webhook_deliveries: 1,
        email_outbox: 2,
      });
      expect(nonZero(done.counts)).toEqual({ ...gone, media_files: 6 });
      for (const x of [x1, x2, x3]) expect(await exists(x.mediaDir)).toBe(false);
      expect(await exists(join(y1.mediaDir, 'cam-1', '1.webm'))).toBe(true);
      expect((await t.api(`/api/sessions/${y1.id}`)).status).toBe(200);
      expect((await t.api(`/api/cases/${y1.caseId}`)).status).toBe(200);
      expect((await t.api(`/api/sessions/${x1.id}`)).status).toBe(404);

      const [entry, ...more] = await auditEntries('erasure.performed');
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        actor: { kind: 'advisor' },
        target: { type: 'customer' },
        details: { byCustomerId: true, byEmail: true },
      });
      expect(entry!.target!.id).toMatch(/^[0-9a-f]{64}$/);
      const logged = JSON.stringify(entry).toLowerCase();
      expect(logged).not.toContain('x.person');
      expect(logged).not.toContain('cust-42');
      // The same request again finds nothing; its fingerprint is the same.
      const again = await erase({ email: 'X.PERSON@example.com', customerId: 'cust-42' });
      expect(again.sessionIds).toEqual([]);
      expect((await auditEntries('erasure.performed'))[0]!.target!.id).toBe(entry!.target!.id);
    });

    it('matches a numeric customer id given as text', async () => {
      const n = await seedSession({ metadata: { customerId: 9001 } });
      const res = await json<ErasureResult>(
        t.api(`/api/orgs/${orgId}/erasure?dryRun=true`, { method: 'POST', body: JSON.stringify({ customerId: '9001' }) }),
      );
      expect(res.sessionIds).toEqual([n.id]);
    });

    it('refuses bad input (400), advisors (403), foreign organisations (404), anonymous callers (401)', async () => {
      const post = (body: string, o: { query?: string; token?: string | null; org?: string } = {}) =>
        t.api(`/api/orgs/${o.org ?? orgId}/erasure${o.query ?? ''}`, {
          method: 'POST',
          body,
          ...(o.token !== undefined ? { token: o.token } : {}),
        });
      for (const body of ['{}', '{"email":"not-an-email"}', '{"customerId":""}', '{"customerId":"a","extra":1}', 'not json', '[]']) {
        const res = await post(body);
        expect(res.status, body).toBe(400);
      }
      expect((await post('{"customerId":"a"}', { query: '?dryRun=maybe' })).status).toBe(400);
      expect((await post('{"customerId":"a"}', { token: advisorToken })).status).toBe(403);
      expect((await post('{"customerId":"a"}', { org: FOREIGN_ORG })).status).toBe(404);
      expect((await post('{"customerId":"a"}', { org: FOREIGN_ORG, token: advisorToken })).status).toBe(404);
      expect((await post('{"customerId":"a"}', { token: null })).status).toBe(401);
    });
  });
});

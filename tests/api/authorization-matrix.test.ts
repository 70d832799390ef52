/**
 * The authorization matrix: every operation of /api/openapi.json, called by
 * every kind of caller, with its path filled with real ids of organisation A's
 * resources, answers as the permission table (protocol/permissions.ts) and the
 * operation's `x-permission` say:
 *
 * - not permitted: 401 for the anonymous and for a member deactivated in their
 *   only organisation; 404 for a member of another organisation and for a
 *   member without access to the resource's site (ids of other tenants are
 *   never confirmed); 403 for a role without the permission;
 * - permitted: anything but 401/403/404 (and no 5xx): a 2xx, or a 400/409/415
 *   from validation (the request reached the handler).
 *
 * `public` and `customer-link` operations are permitted to everyone (the link
 * token in the path is the credential); `ingest` ones refuse every caller
 * (401: an advisor's token is not a site key). An operation without
 * `x-permission`, or naming something the table lacks, fails the test.
 *
 * The callers are made through the database (accounts, `upsertMembership`)
 * and tokens through `issueToken`: one fresh token a request, so a sign-out
 * or password change in the matrix cannot change later rows. The deactivated
 * member is deactivated through the members API and calls with tokens issued
 * before (the threat: a removed person still holding a session).
 * Every mismatch is collected and reported at once.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, memberships, organisations } from '../../db/schema.ts';
import { issueToken } from '../../server/auth/tokens.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { putBlob, recordAsset } from '../../server/assets/asset-store.ts';
import { NON_PERMISSION_ACCESS } from '../../server/contracts/route.ts';
import { can, PERMISSIONS, type OrgRole, type Permission } from '../../protocol/permissions.ts';
import { LIVE_BEARER_PROTOCOL_PREFIX, LIVE_SUBPROTOCOL } from '../../protocol/live-constants.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import type { Site } from '../../protocol/api.ts';
import { RECORDER_CHUNKS_DIR } from '../../protocol/recorder-constants.ts';
import type { CaseLinkCreated } from '../../protocol/cases.ts';
import type { ReplyLinkCreated } from '../../protocol/media.ts';
import type { InvitationCreated } from '../../protocol/orgs.ts';
import type { Tutorial, TutorialPublished } from '../../protocol/tutorials.ts';
import { createCase, startCaseServer } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

type Operation = { 'x-permission'?: string; requestBody?: { content: Record<string, unknown> }; responses?: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>> };

type CallerName = 'anonymous' | 'other organisation' | 'no site access' | 'advisor' | 'content' | 'admin' | 'deactivated';
interface Caller {
  name: CallerName;
  advisorId?: string;
  /** Their role where the request acts (the other organisation's caller: there). */
  role?: OrgRole;
}
type Verdict = 401 | 403 | 404 | 'permitted';

const ACCESS = new Set<string>([...Object.keys(PERMISSIONS), ...NON_PERMISSION_ACCESS]);

/**
 * What the table says `caller` gets from an operation with this access;
 * `namesResource`: its path names one of organisation A's. `unresolvedCase`:
 * the operation reads the (unresolved) fixture case, which the `content` role
 * may not see (`cases.read`: resolved ones only, as for another site's).
 */
function expected(
  access: string,
  caller: Caller,
  namesResource: boolean,
  unresolvedCase = false,
  othersComment?: 'edit' | 'delete',
): Verdict {
  if (access === 'public' || access === 'customer-link') return 'permitted';
  if (access === 'ingest') return 401;
  if (caller.name === 'anonymous' || caller.name === 'deactivated') return 401;
  if (access === 'signed-in') return 'permitted';
  if (access === 'instance-admin') return 403;
  const permission = access as Permission;
  if (!can(caller.role!, permission)) return 403;
  if (namesResource && (caller.name === 'other organisation' || caller.name === 'no site access')) return 404;
  if (unresolvedCase && caller.role === 'content') return 404;
  // The fixture comment is the test admin's: nobody else edits it, only moderators delete it.
  if (othersComment === 'edit' || (othersComment === 'delete' && !can(caller.role!, 'comments.moderate'))) return 403;
  return 'permitted';
}

/**
 * Valid bodies (and queries) for operations that name a resource: validation
 * runs before the lookup in some handlers, and a 400 for `{}` would hide
 * whether another tenant's id was refused. Other operations get `{}`.
 */
const VALID: Record<string, { body?: unknown; raw?: string; query?: string }> = {
  'PATCH /api/sites/{id}': { body: { name: 'Renamed shop' } },
  'PUT /api/sessions/{id}/replies/{replyId}': { body: { mimeType: 'video/webm', startedAt: Date.now() } },
  'PUT /api/sessions/{id}/replies/{replyId}/chunks/{seq}': { raw: 'video/webm', query: '?startMs=0&durationMs=1000' },
  'POST /api/sessions/{id}/replies/{replyId}/send': { body: { chunks: 1 } },
  'POST /api/sessions/{id}/reply-links': { body: {} },
  'GET /api/sessions/{id}/chunk-data': { query: '?seqs=0' },
  'GET /api/sessions/{id}/chunk-events': { query: '?seqs=0' },
  'POST /api/cases/{id}/assign': { body: { advisorId: null } },
  'POST /api/cases/{id}/status': { body: { status: 'open' } },
  'POST /api/cases/{id}/messages': { body: { kind: 'internal_note', body: 'A note' } },
  'PATCH /api/admin/topics/{id}': { body: { slaMinutes: 45 } },
  'PUT /api/admin/routing/{id}': { body: { skills: [], languages: [] } },
  'PATCH /api/admin/enrichers/{id}': { body: { enabled: true } },
  'PATCH /api/admin/webhooks/{id}': { body: { enabled: true } },
  'GET /api/orgs/{orgId}/audit': { query: '' },
  'POST /api/orgs/{orgId}/erasure': { body: { email: 'nobody@example.test' }, query: '?dryRun=true' },
  // The advisor caller keeps the role they have: the matrix changes nothing it relies on.
  'PATCH /api/orgs/{orgId}/members/{advisorId}': { body: { role: 'advisor' } },
  'POST /api/sessions/{id}/comments': { body: { t: 0, body: 'Here' } },
  'POST /api/tutorials/{id}/comments': { body: { t: 0, body: 'Here' } },
  'PATCH /api/comments/{id}': { body: { body: 'Edited' } },
};

const verdictOf = (status: number): Verdict | 'server error' =>
  status === 401 || status === 403 || status === 404 ? status : status >= 500 ? 'server error' : 'permitted';

describe.each(testDrivers)('authorization matrix on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let doc: Document;
  const callers: Caller[] = [{ name: 'anonymous' }];
  /** Path parameter values by path prefix and name; `fresh` makes a new resource for operations that delete theirs. */
  let ids: Record<string, string>;
  let fresh: Record<string, () => Promise<string>>;
  /** The deactivated member's tokens from before the deactivation, one a request. */
  const heldTokens: string[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    const db = database.db;
    const orgA = await defaultOrgId(db);
    const admin = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
      t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(async (res) => {
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return res.status === 204 ? undefined : res.json();
      });

    // Organisation A's resources.
    const otherSite = (await admin('/api/sites', { name: 'Second shop', allowedOrigins: ['http://second.test'] })) as Site;
    const sessionId = await t.startSession();
    const start = Date.now();
    await t.putChunk(sessionId, 0, [
      { type: 4, timestamp: start, data: { href: `${TEST_ORIGIN}/`, width: 800, height: 600 } },
      { type: 2, timestamp: start + 1, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { left: 0, top: 0 } } },
    ]);
    // A captured asset of the recording (what the capture job stores), for `/assets/{hash}`.
    const assetHash = await putBlob(db, new TextEncoder().encode('.a { color: red }'), 'text/css; charset=utf-8');
    await recordAsset(db, { sessionId, siteId: t.site.id, url: `${TEST_ORIGIN}/a.css`, hash: assetHash, byteSize: 17, error: null });
    const ingestHeaders = { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, ...t.sessionAuth(sessionId) };
    const trackBase = `${t.url}${INGEST_BASE}/sessions/${sessionId}/media/cam-1`;
    for (const [url, init] of [
      [trackBase, { body: JSON.stringify({ kind: 'camera', mimeType: 'video/webm', startedAt: start }), ct: 'application/json' }],
      [`${trackBase}/chunks/0?startMs=0&durationMs=1000`, { body: new Uint8Array(100), ct: 'video/webm' }],
    ] as const) {
      const res = await fetch(url, { method: 'PUT', headers: { ...ingestHeaders, 'content-type': init.ct }, body: init.body });
      if (res.status !== 201) throw new Error(`media ingest: ${res.status} ${await res.text()}`);
    }
    const newReply = async (replyId: string) => {
      const base = `/api/sessions/${sessionId}/replies/${replyId}`;
      await t.api(base, { method: 'PUT', body: JSON.stringify({ mimeType: 'video/webm', startedAt: Date.now() }) });
      await t.api(`${base}/chunks/0?startMs=0&durationMs=1000`, {
        method: 'PUT',
        headers: { 'content-type': 'video/webm' },
        body: new Uint8Array(100),
      });
      await admin(`${base}/send`, { chunks: 1 });
      return replyId;
    };
    await newReply('r1');
    const newReplyLink = async () => (await admin(`/api/sessions/${sessionId}/reply-links`, {})) as ReplyLinkCreated;
    const replyLink = await newReplyLink();
    const theCase = await createCase(t);
    // A video reply attached to an answer, so the customer's link may stream it.
    await admin(`/api/cases/${theCase.caseId}/messages`, {
      body: 'Here is how',
      attachments: [{ type: 'media', sessionId, trackId: 'r1' }],
    });
    // Answering took the case: let it go again, so each caller claims and releases it as its role allows.
    await admin(`/api/cases/${theCase.caseId}/release`, {});
    const newCaseLink = async () => ((await admin(`/api/cases/${theCase.caseId}/links`, {})) as CaseLinkCreated).id;
    let n = 0;
    const newTopic = async () => ((await admin('/api/admin/topics', { siteId: t.site.id, name: `Topic ${++n}` })) as { id: string }).id;
    const newEnricher = async () =>
      (
        (await admin('/api/admin/enrichers', {
          siteId: t.site.id,
          name: `Enricher ${++n}`,
          urlTemplate: 'https://crm.example/customers',
        })) as { id: string }
      ).id;
    const newWebhook = async () =>
      (
        (await admin('/api/admin/webhooks', { siteId: t.site.id, url: 'https://hooks.example/cases', events: ['case.created'] })) as {
          id: string;
        }
      ).id;
    const newInvitation = async () =>
      (await admin(`/api/orgs/${orgA}/invitations`, { email: `invited-${++n}@matrix.test`, role: 'advisor' })) as InvitationCreated;
    const invitation = await newInvitation();
    // A tutorial of the recording, with one of each part, published (public) for the `/t/{slug}` pages.
    const newTutorial = async () => ((await admin('/api/tutorials', { sessionId, title: `Tutorial ${++n}` })) as Tutorial).id;
    const tutorialId = await newTutorial();
    const tutorialPart = async <K extends 'steps' | 'chapters' | 'annotations' | 'redactions'>(part: K, body: unknown) => {
      const before = new Set(((await admin(`/api/tutorials/${tutorialId}`)) as Tutorial)[part].map((p) => p.id));
      const after = (await admin(`/api/tutorials/${tutorialId}/${part}`, body)) as Tutorial;
      return after[part].find((p) => !before.has(p.id))!.id;
    };
    const newStep = () => tutorialPart('steps', { title: `Step ${++n}`, kind: 'click', t: n, url: `${TEST_ORIGIN}/` });
    const newChapter = () => tutorialPart('chapters', { title: `Chapter ${++n}` });
    const newAnnotation = () => tutorialPart('annotations', { t: ++n, kind: 'callout', text: 'Here' });
    const newRedaction = () => tutorialPart('redactions', { texts: [`hidden-${++n}`] });
    const published = (await admin(`/api/tutorials/${tutorialId}/publish`, { visibility: 'public' })) as TutorialPublished;
    // A step picture of the written guide (drawn by the job publishing queued).
    let picture: string | undefined;
    for (const deadline = Date.now() + 60_000; !picture && Date.now() < deadline;) {
      const guide = await t.api(`/api/tutorials/${tutorialId}/guide.md`);
      const text = await guide.text();
      if (guide.headers.get('x-guide-pictures') === 'complete') picture = /\/pictures\/([^>)]+\.png)/.exec(text)?.[1];
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!picture) throw new Error("the matrix tutorial's step pictures were not drawn");
    const newComment = async () =>
      ((await admin(`/api/sessions/${sessionId}/comments`, { t: ++n, body: 'Look here' })) as { id: string }).id;

    // The callers.
    const account = async (email: string) => {
      const [row] = await db
        .insert(advisors)
        .values({ email, name: email, passwordHash: await hashPassword('matrix-password') })
        .returning();
      return row!.id;
    };
    for (const role of ['advisor', 'content', 'admin'] as const) {
      const id = await account(`${role}@matrix.test`);
      await upsertMembership(db, { orgId: orgA, advisorId: id, role });
      callers.push({ name: role, advisorId: id, role });
    }
    const restricted = await account('restricted@matrix.test');
    await upsertMembership(db, { orgId: orgA, advisorId: restricted, role: 'advisor', siteIds: [otherSite.id] });
    callers.push({ name: 'no site access', advisorId: restricted, role: 'advisor' });
    const [orgB] = await db.insert(organisations).values({ name: 'Organisation B' }).returning();
    const outsider = await account('outsider@matrix.test');
    await upsertMembership(db, { orgId: orgB!.id, advisorId: outsider, role: 'admin' });
    callers.push({ name: 'other organisation', advisorId: outsider, role: 'admin' });
    // Deactivated the way an admin does it (which revokes their tokens), holding tokens issued before.
    const gone = await account('deactivated@matrix.test');
    await upsertMembership(db, { orgId: orgA, advisorId: gone, role: 'admin' });
    for (let i = 0; i < 200; i++) heldTokens.push((await issueToken(db, gone, t.server.config)).token);
    await admin(`/api/orgs/${orgA}/members/${gone}`, { active: false }, 'PATCH');
    const [membership] = await db.select().from(memberships).where(eq(memberships.advisorId, gone));
    if (!membership?.deactivatedAt) throw new Error('the member was not deactivated');
    callers.push({ name: 'deactivated', advisorId: gone, role: 'admin' });

    const advisorCaller = callers.find((c) => c.name === 'advisor')!;
    ids = {
      '/api/sites/{id}': t.site.id,
      '/api/sessions/{id}': sessionId,
      '/api/sessions/{id}/media/{trackId}': 'cam-1',
      '/api/sessions/{id}/replies/{replyId}': 'r1',
      '/api/sessions/{id}/reply-links/{linkId}': replyLink.id,
      '/api/cases/{id}': theCase.caseId,
      '/api/cases/{id}/links/{linkId}': await newCaseLink(),
      '/api/admin/topics/{id}': await newTopic(),
      '/api/admin/enrichers/{id}': await newEnricher(),
      '/api/admin/webhooks/{id}': await newWebhook(),
      '/api/admin/routing/{id}': advisorCaller.advisorId!,
      '/api/orgs/{orgId}': orgA,
      '/api/orgs/{orgId}/invitations/{id}': invitation.id,
      '/api/orgs/{orgId}/members/{advisorId}': advisorCaller.advisorId!,
      '/api/invitations/{token}': new URL(invitation.url).pathname.split('/').pop()!,
      '/c/{token}': theCase.linkToken,
      '/c/{token}/api/media/{sessionId}': sessionId,
      '/c/{token}/api/media/{sessionId}/{trackId}': 'r1',
      '/s/{token}': replyLink.token,
      '/s/{token}/replies/{replyId}': 'r1',
      '/api/tutorials/{id}': tutorialId,
      '/api/tutorials/{id}/steps/{stepId}': await newStep(),
      '/api/tutorials/{id}/chapters/{chapterId}': await newChapter(),
      '/api/tutorials/{id}/annotations/{annotationId}': await newAnnotation(),
      '/api/tutorials/{id}/redactions/{redactionId}': await newRedaction(),
      '/t/{slug}': new URL(published.url).pathname.split('/').pop()!,
      '/t/{slug}/pictures/{picture}': picture,
      '/api/comments/{id}': await newComment(),
      '{sessionId}': sessionId,
      '{trackId}': 'cam-1',
      '{seq}': '0',
      '/assets/{hash}': assetHash,
      '/api/docs/assets/{file}': 'init.js',
      // A chunk of the built recorder (its name carries the build's hash).
      [`/${RECORDER_CHUNKS_DIR}/{file}`]: readdirSync(
        fileURLToPath(new URL(`../../dist/recorder/${RECORDER_CHUNKS_DIR}`, import.meta.url)),
      ).find((f) => f.endsWith('.js'))!,
    };
    fresh = {
      'DELETE /api/sessions/{id}/replies/{replyId}': () => newReply(`gone-${++n}`),
      'DELETE /api/sessions/{id}/reply-links/{linkId}': async () => (await newReplyLink()).id,
      'DELETE /api/cases/{id}/links/{linkId}': newCaseLink,
      'DELETE /api/admin/topics/{id}': newTopic,
      'DELETE /api/admin/enrichers/{id}': newEnricher,
      'DELETE /api/admin/webhooks/{id}': newWebhook,
      'DELETE /api/orgs/{orgId}/invitations/{id}': async () => (await newInvitation()).id,
      'DELETE /api/tutorials/{id}': newTutorial,
      'DELETE /api/tutorials/{id}/steps/{stepId}': newStep,
      'DELETE /api/tutorials/{id}/chapters/{chapterId}': newChapter,
      'DELETE /api/tutorials/{id}/annotations/{annotationId}': newAnnotation,
      'DELETE /api/tutorials/{id}/redactions/{redactionId}': newRedaction,
      'DELETE /api/comments/{id}': newComment,
    };

    const res = await fetch(`${t.url}/api/openapi.json`);
    doc = (await res.json()) as Document;
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  /** The path with every `{param}` filled (the last one from `fresh` for operations that delete it). */
  async function fill(method: string, path: string): Promise<string> {
    const fresher = fresh[`${method} ${path}`];
    const last = fresher ? await fresher() : undefined;
    const segments = path.split('/');
    const out: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (!segment.startsWith('{')) {
        out.push(segment);
        continue;
      }
      const upTo = segments.slice(0, i + 1).join('/');
      const isLast = !segments.slice(i + 1).some((s) => s.startsWith('{'));
      const value = isLast && last !== undefined ? last : (ids[upTo] ?? ids[segment]);
      if (value === undefined) throw new Error(`no fixture for ${segment} in ${path}: add one to the matrix`);
      out.push(encodeURIComponent(value));
    }
    return out.join('/');
  }

  async function call(method: string, path: string, filled: string, op: Operation, token: string | undefined): Promise<number> {
    const valid = VALID[`${method} ${path}`];
    const url = `${t.url}${filled}${valid?.query ?? ''}`;
    if (op.responses?.['101']) return socketStatus(url, token);
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let body: BodyInit | undefined;
    const media = Object.keys(op.requestBody?.content ?? {});
    if (media.length) {
      const type = valid?.raw ?? (media.includes('application/json') ? 'application/json' : media[0]!);
      headers['content-type'] = type;
      body = type === 'application/json' ? JSON.stringify(valid?.body ?? {}) : new Uint8Array(16);
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    await res.body?.cancel();
    return res.status;
  }

  /** A WebSocket upgrade's answer: 101, or the status it was refused with. */
  function socketStatus(url: string, token: string | undefined): Promise<number> {
    const protocols = [LIVE_SUBPROTOCOL, ...(token ? [`${LIVE_BEARER_PROTOCOL_PREFIX}${token}`] : [])];
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url.replace(/^http/, 'ws'), protocols);
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('error', (err) => reject(err));
    });
  }

  it('answers every operation for every caller as the permission table says', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        const access = op['x-permission'];
        if (!access || !ACCESS.has(access)) {
          mismatches.push(`${name}: x-permission ${access ?? 'missing'} is not in the permission table`);
          continue;
        }
        const names = /\{(?!file\})/.test(path);
        // NOTE: an organisation-wide report names the organisation, no site: a member without site access reads it (empty).
        const orgWide = path === '/api/orgs/{orgId}/recurring';
        for (const caller of callers) {
          const token =
            caller.name === 'deactivated'
              ? heldTokens.pop()
              : caller.advisorId
                ? (await issueToken(database.db, caller.advisorId, t.server.config)).token
                : undefined;
          if (caller.advisorId && !token) throw new Error('out of held tokens: issue more before the deactivation');
          const filled = await fill(method.toUpperCase(), path);
          const status = await call(method.toUpperCase(), path, filled, op, token);
          const namesResource = names && !(orgWide && caller.name === 'no site access');
          const othersComment = path === '/api/comments/{id}' ? (method === 'patch' ? 'edit' : 'delete') : undefined;
          const want = expected(
            access,
            caller,
            namesResource,
            access === 'cases.read' && path.startsWith('/api/cases/{id}'),
            othersComment,
          );
          const got = verdictOf(status);
          checked++;
          if (got !== want) mismatches.push(`${name} [${access}] as ${caller.name}: expected ${want}, got ${status}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
    expect(mismatches, `${mismatches.length} of ${checked} calls do not match the table`).toEqual([]);
  });
});

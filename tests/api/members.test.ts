/**
 * Organisations, invitations and members through the real API (issue 11):
 * an instance admin makes an organisation, invites someone by link, the
 * invitee accepts and sees only that organisation; refused tokens (unknown,
 * expired, revoked, used) and their rate limit; an existing account joins
 * only with its password; role and site changes; the owner is untouchable;
 * deactivation ends access at once (API 401, open live view closed) and
 * reactivation restores it; every change is in the audit log.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, emailOutbox, invitations, memberships } from '../../db/schema.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import type { SessionPage, Site, TokenResponse } from '../../protocol/api.ts';
import type { AuditPage, Organisation } from '../../protocol/audit.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import type { InvitationCreated, InvitationPreview, Member, MemberList, PendingInvitation } from '../../protocol/orgs.ts';
import { ORG_HEADER } from '../../protocol/permissions.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, type AdvisorClient } from '../live/live-client.ts';

const RECHECK_MS = 200;
const PASSWORD = 'member-password';

async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
}

describe.each(testDrivers)('organisations, invitations and members on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let defaultOrg: Organisation;
  const open: { close(): void }[] = [];
  /** The invited member of the invite test, for the session-scope check after it. */
  let sessionsSeen: { token: string; expected: string[]; notExpected: string[] } | undefined;
  /** Each test its own client address (TRUST_PROXY), so rate limits of one never touch another. */
  let addressCounter = 0;
  const newAddress = () => `10.0.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, liveAuthRecheckMs: RECHECK_MS, trustProxy: true });
    const { orgs } = (await (await t.api('/api/orgs')).json()) as { orgs: Organisation[] };
    defaultOrg = orgs.find((o) => o.isDefault)!;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  const json = (body: unknown) => JSON.stringify(body);
  const post = (path: string, body: unknown, init: { token?: string | null; headers?: Record<string, string> } = {}) =>
    t.api(path, { method: 'POST', body: json(body), ...init });
  const patchMember = (orgId: string, advisorId: string, body: unknown, token?: string) =>
    t.api(`/api/orgs/${orgId}/members/${advisorId}`, { method: 'PATCH', body: json(body), ...(token ? { token } : {}) });
  const publicCall = (path: string, init: RequestInit = {}, address = newAddress()) =>
    fetch(`${t.url}${path}`, { ...init, headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...init.headers } });
  const tokenOf = (url: string) => url.split('/').pop()!;
  const newOrg = async (name: string) => {
    const res = await post('/api/orgs', { name });
    expect(res.status).toBe(201);
    return (await res.json()) as Organisation;
  };
  const newSite = async (orgId: string, name: string) => {
    const res = await post('/api/sites', { name, allowedOrigins: [TEST_ORIGIN] }, { headers: { [ORG_HEADER]: orgId } });
    expect(res.status).toBe(201);
    return (await res.json()) as Site;
  };
  const invite = async (orgId: string, body: unknown, token?: string) => {
    const res = await post(`/api/orgs/${orgId}/invitations`, body, token ? { token } : {});
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as InvitationCreated;
  };
  const accept = (url: string, body: unknown, address?: string) =>
    publicCall(`/api/invitations/${tokenOf(url)}/accept`, { method: 'POST', body: json(body) }, address);
  const members = async (orgId: string) => ((await (await t.api(`/api/orgs/${orgId}/members`)).json()) as MemberList).members;
  const memberId = async (orgId: string, email: string) => (await members(orgId)).find((m) => m.email === email)!.advisorId;
  const auditOf = async (orgId: string, action: string) =>
    ((await (await t.api(`/api/orgs/${orgId}/audit?action=${action}`)).json()) as AuditPage).entries;

  it('lets an instance admin create an organisation (owning it), and nobody else', async () => {
    const res = await post('/api/orgs', { name: '  Acme Support  ' });
    expect(res.status).toBe(201);
    const org = (await res.json()) as Organisation;
    expect(org).toMatchObject({ name: 'Acme Support', role: 'owner', isDefault: false });
    const { orgs } = (await (await t.api('/api/orgs')).json()) as { orgs: Organisation[] };
    expect(orgs.map((o) => o.id)).toContain(org.id);
    expect((await auditOf(org.id, 'org.created')).map((e) => e.target?.id)).toEqual([org.id]);

    await expectError(await post('/api/orgs', { name: '' }), 400, 'bad_request');
    await expectError(await post('/api/orgs', { name: 'x', ownerId: crypto.randomUUID() }), 400, 'bad_request');
    await t.createAdvisor('not-instance-admin@cobrowse.test', PASSWORD, 'admin');
    const adminOfDefault = await t.tokenFor('not-instance-admin@cobrowse.test', PASSWORD);
    await expectError(await post('/api/orgs', { name: 'Mine' }, { token: adminOfDefault }), 403, 'forbidden');
    await expectError(await post('/api/orgs', { name: 'Mine' }, { token: null }), 401, 'unauthorized');
  });

  it('invite → accept → sign in: the new member sees only that organisation and its chosen sites', async () => {
    const org = await newOrg('Brand B');
    const siteB1 = await newSite(org.id, 'B shop');
    const siteB2 = await newSite(org.id, 'B outlet');
    const inB1 = await t.startSession({ siteKey: siteB1.siteKey });
    await t.startSession({ siteKey: siteB2.siteKey });
    const inDefault = await t.startSession();

    const created = await invite(org.id, { email: 'New.Member@Cobrowse.test', role: 'advisor', siteIds: [siteB1.id] });
    expect(created.url).toMatch(new RegExp(`^${t.url}/app/invite/[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    // Only the token's hash is stored; the link is in the email outbox.
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row).toMatchObject({ email: 'new.member@cobrowse.test', tokenHash: hashToken(tokenOf(created.url)) });
    const [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.to, 'new.member@cobrowse.test'));
    expect(mail!.body).toContain(created.url);
    expect(mail!.subject).toContain('Brand B');

    const pending = ((await (await t.api(`/api/orgs/${org.id}/invitations`)).json()) as { invitations: PendingInvitation[] }).invitations;
    expect(pending).toEqual([
      expect.objectContaining({ id: created.id, email: 'new.member@cobrowse.test', role: 'advisor', siteIds: [siteB1.id] }),
    ]);

    const preview = await publicCall(`/api/invitations/${tokenOf(created.url)}`);
    expect(preview.status).toBe(200);
    expect((await preview.json()) as InvitationPreview).toMatchObject({
      orgName: 'Brand B',
      email: 'new.member@cobrowse.test',
      role: 'advisor',
      accountExists: false,
    });

    await expectError(await accept(created.url, { name: 'Nia', password: 'short' }), 400, 'bad_request');
    await expectError(await accept(created.url, { name: '', password: PASSWORD }), 400, 'bad_request');
    // The refused attempts made nothing.
    expect(await database.db.select().from(advisors).where(eq(advisors.email, 'new.member@cobrowse.test'))).toEqual([]);

    const accepted = await accept(created.url, { name: '  Nia  ', password: PASSWORD });
    expect(accepted.status).toBe(200);
    const signedIn = (await accepted.json()) as TokenResponse;
    expect(signedIn.advisor).toMatchObject({
      email: 'new.member@cobrowse.test',
      name: 'Nia',
      role: 'advisor',
      orgId: org.id,
      instanceAdmin: false,
    });
    expect((await t.api('/api/me', { token: signedIn.token })).status).toBe(200);

    // Signing in with the chosen password works; only the invited organisation and site are visible.
    const token = await t.tokenFor('new.member@cobrowse.test', PASSWORD);
    const { orgs } = (await (await t.api('/api/orgs', { token })).json()) as { orgs: Organisation[] };
    expect(orgs.map((o) => [o.id, o.role])).toEqual([[org.id, 'advisor']]);
    const { sites } = (await (await t.api('/api/sites', { token })).json()) as { sites: Site[] };
    expect(sites.map((s) => s.id)).toEqual([siteB1.id]);
    sessionsSeen = { token, expected: [inB1], notExpected: [inDefault] };
    await expectError(await t.api(`/api/orgs/${defaultOrg.id}/audit`, { token }), 404, 'not_found');
    await expectError(await t.api(`/api/orgs/${org.id}/members`, { token }), 403, 'forbidden');

    // Used: gone for good, and it is no longer pending.
    await expectError(await publicCall(`/api/invitations/${tokenOf(created.url)}`), 410, 'invitation_used');
    await expectError(await accept(created.url, { name: 'Again', password: PASSWORD }), 410, 'invitation_used');
    expect(((await (await t.api(`/api/orgs/${org.id}/invitations`)).json()) as { invitations: unknown[] }).invitations).toEqual([]);

    const accepts = await auditOf(org.id, 'invitation.accepted');
    expect(accepts).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: signedIn.advisor.id }),
        target: { type: 'invitation', id: created.id },
      }),
    ]);
    expect(accepts[0]!.details).toMatchObject({ role: 'advisor', siteIds: [siteB1.id], newAccount: true });
    expect((await auditOf(org.id, 'member.invited')).map((e) => e.target?.id)).toEqual([created.id]);
    expect(JSON.stringify(await auditOf(org.id, 'member.invited'))).not.toContain('new.member@');
  });

  it('the invited member lists only the sessions of their sites', async () => {
    expect(sessionsSeen).toBeDefined();
    const { sessions } = (await (await t.api('/api/sessions', { token: sessionsSeen!.token })).json()) as SessionPage;
    expect(sessions.map((s) => s.id)).toEqual(sessionsSeen!.expected);
    for (const id of sessionsSeen!.notExpected) expect(sessions.map((s) => s.id)).not.toContain(id);
  });

  it('refuses bad invitations and unknown, expired and revoked tokens', async () => {
    const org = await newOrg('Brand C');
    const otherSite = await newSite(defaultOrg.id, 'Default outlet');
    await expectError(await post(`/api/orgs/${org.id}/invitations`, { email: 'x@cobrowse.test', role: 'owner' }), 400, 'bad_request');
    await expectError(await post(`/api/orgs/${org.id}/invitations`, { email: 'not-an-email', role: 'advisor' }), 400, 'bad_request');
    await expectError(
      await post(`/api/orgs/${org.id}/invitations`, { email: 'x@cobrowse.test', role: 'advisor', siteIds: [otherSite.id] }),
      400,
      'bad_request',
    );
    await expectError(await post(`/api/orgs/${org.id}/invitations`, { email: 'admin@cobrowse.test', role: 'advisor' }), 409, 'conflict');
    await t.createAdvisor('advisor-c@cobrowse.test', PASSWORD, 'advisor');
    const advisorToken = await t.tokenFor('advisor-c@cobrowse.test', PASSWORD);
    await expectError(
      await post(`/api/orgs/${defaultOrg.id}/invitations`, { email: 'y@cobrowse.test', role: 'advisor' }, { token: advisorToken }),
      403,
      'forbidden',
    );
    await expectError(
      await post(`/api/orgs/${org.id}/invitations`, { email: 'y@cobrowse.test', role: 'advisor' }, { token: advisorToken }),
      404,
      'not_found',
    );

    await expectError(await publicCall(`/api/invitations/${'A'.repeat(43)}`), 404, 'invitation_not_found');
    await expectError(await publicCall('/api/invitations/not-a-token'), 404, 'invitation_not_found');
    await expectError(await accept(`x/${'B'.repeat(43)}`, { name: 'M', password: PASSWORD }), 404, 'invitation_not_found');

    const expiring = await invite(org.id, { email: 'late@cobrowse.test', role: 'content' });
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, expiring.id));
    await expectError(await publicCall(`/api/invitations/${tokenOf(expiring.url)}`), 410, 'invitation_expired');
    await expectError(await accept(expiring.url, { name: 'Late', password: PASSWORD }), 410, 'invitation_expired');

    const revoked = await invite(org.id, { email: 'revoked@cobrowse.test', role: 'advisor' });
    expect((await t.api(`/api/orgs/${org.id}/invitations/${revoked.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectError(await t.api(`/api/orgs/${org.id}/invitations/${revoked.id}`, { method: 'DELETE' }), 404, 'not_found');
    await expectError(await publicCall(`/api/invitations/${tokenOf(revoked.url)}`), 410, 'invitation_revoked');
    await expectError(await accept(revoked.url, { name: 'Rev', password: PASSWORD }), 410, 'invitation_revoked');
    expect((await auditOf(org.id, 'invitation.revoked')).map((e) => e.target?.id)).toEqual([revoked.id]);
    // None of these made an account.
    for (const email of ['late@cobrowse.test', 'revoked@cobrowse.test']) {
      expect(await database.db.select().from(advisors).where(eq(advisors.email, email))).toEqual([]);
    }
  });

  it('rate limits unknown invitation tokens per client address (both endpoints)', async () => {
    const address = newAddress();
    for (let i = 0; i < 10; i++)
      await expectError(await publicCall(`/api/invitations/${'C'.repeat(42)}${i % 10}`, {}, address), 404, 'invitation_not_found');
    for (let i = 0; i < 10; i++) {
      await expectError(
        await accept(`x/${'D'.repeat(42)}${i % 10}`, { name: 'G', password: PASSWORD }, address),
        404,
        'invitation_not_found',
      );
    }
    const limited = await publicCall(`/api/invitations/${'E'.repeat(43)}`, {}, address);
    await expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectError(await accept(`x/${'E'.repeat(43)}`, { name: 'G', password: PASSWORD }, address), 429, 'rate_limited');
    // Another address is not affected; a known token does not use up the allowance.
    const org = await newOrg('Brand D');
    const known = await invite(org.id, { email: 'known@cobrowse.test', role: 'advisor' });
    const other = newAddress();
    for (let i = 0; i < 25; i++) expect((await publicCall(`/api/invitations/${tokenOf(known.url)}`, {}, other)).status).toBe(200);
  });

  it('lets an existing account join another organisation only with its own password, keeping its name', async () => {
    const org = await newOrg('Brand E');
    await t.createAdvisor('existing@cobrowse.test', PASSWORD, 'advisor');
    const created = await invite(org.id, { email: 'existing@cobrowse.test', role: 'content' });
    expect(((await (await publicCall(`/api/invitations/${tokenOf(created.url)}`)).json()) as InvitationPreview).accountExists).toBe(true);
    await expectError(await accept(created.url, { name: 'Impostor', password: 'someone-elses-password' }), 401, 'unauthorized');
    const [account] = await database.db.select().from(advisors).where(eq(advisors.email, 'existing@cobrowse.test'));
    expect(
      await database.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.advisorId, account!.id))),
    ).toEqual([]);

    const res = await accept(created.url, { name: 'Impostor', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(((await res.json()) as TokenResponse).advisor).toMatchObject({ name: 'existing@cobrowse.test', role: 'content', orgId: org.id });
    const token = await t.tokenFor('existing@cobrowse.test', PASSWORD);
    const { orgs } = (await (await t.api('/api/orgs', { token })).json()) as { orgs: Organisation[] };
    expect(orgs.map((o) => [o.name, o.role])).toEqual([
      [defaultOrg.name, 'advisor'],
      ['Brand E', 'content'],
    ]);
  });

  it('changes roles and site access; the owner and oneself are off limits, and nobody is made owner', async () => {
    await t.createAdvisor('change-me@cobrowse.test', PASSWORD, 'advisor');
    await t.createAdvisor('second-admin@cobrowse.test', PASSWORD, 'admin');
    const id = await memberId(defaultOrg.id, 'change-me@cobrowse.test');
    const secondAdmin = await t.tokenFor('second-admin@cobrowse.test', PASSWORD);

    const res = await patchMember(defaultOrg.id, id, { role: 'content', siteIds: [t.site.id] }, secondAdmin);
    expect(res.status).toBe(200);
    expect((await res.json()) as Member).toMatchObject({ advisorId: id, role: 'content', siteIds: [t.site.id], deactivatedAt: null });
    const roleEntry = (await auditOf(defaultOrg.id, 'member.role_changed')).find((e) => e.target?.id === id)!;
    expect(roleEntry.details).toEqual({ from: 'advisor', to: 'content' });
    expect((await auditOf(defaultOrg.id, 'member.sites_changed')).find((e) => e.target?.id === id)!.details).toEqual({
      siteIds: [t.site.id],
    });
    const token = await t.tokenFor('change-me@cobrowse.test', PASSWORD);
    expect(((await (await t.api('/api/me', { token })).json()) as { role: string }).role).toBe('content');
    // Back to every site.
    expect(((await (await patchMember(defaultOrg.id, id, { siteIds: null })).json()) as Member).siteIds).toBeNull();

    const ownerId = await memberId(defaultOrg.id, 'admin@cobrowse.test');
    await expectError(await patchMember(defaultOrg.id, id, { role: 'owner' }, secondAdmin), 400, 'bad_request');
    await expectError(await patchMember(defaultOrg.id, ownerId, { role: 'advisor' }, secondAdmin), 403, 'forbidden');
    await expectError(await patchMember(defaultOrg.id, ownerId, { active: false }, secondAdmin), 403, 'forbidden');
    await expectError(await patchMember(defaultOrg.id, ownerId, { role: 'admin' }), 403, 'forbidden');
    const selfId = await memberId(defaultOrg.id, 'second-admin@cobrowse.test');
    await expectError(await patchMember(defaultOrg.id, selfId, { active: false }, secondAdmin), 403, 'forbidden');
    await expectError(await patchMember(defaultOrg.id, id, { role: 'admin', email: 'x@y.z' }), 400, 'bad_request');
    await expectError(await patchMember(defaultOrg.id, id, {}), 400, 'bad_request');
    await expectError(await patchMember(defaultOrg.id, id, { siteIds: [crypto.randomUUID()] }), 400, 'bad_request');
    await expectError(await patchMember(defaultOrg.id, crypto.randomUUID(), { role: 'admin' }), 404, 'not_found');
    await expectError(await patchMember(defaultOrg.id, id, { role: 'admin' }, token), 403, 'forbidden');
    const { members: list } = (await (await t.api(`/api/orgs/${defaultOrg.id}/members`)).json()) as MemberList;
    expect(list.find((m) => m.advisorId === ownerId)!.role).toBe('owner');
  });

  it('deactivation ends access at once (401, open live view closed); reactivation restores it', async () => {
    await t.createAdvisor('leaver@cobrowse.test', PASSWORD, 'advisor');
    const id = await memberId(defaultOrg.id, 'leaver@cobrowse.test');
    const token = await t.tokenFor('leaver@cobrowse.test', PASSWORD);
    const customer = await connectCustomer(t.url, await t.startSession(), t.site.siteKey);
    open.push(customer);
    customer.send({ type: 'hello' });
    await customer.next('welcome');
    customer.send({ type: 'help_request' });
    const { code } = await customer.next('help_code');
    const viewer: AdvisorClient = await connectAdvisor(t.url, token);
    open.push(viewer);
    viewer.send({ type: 'join', code });
    await Promise.race([viewer.next('waiting'), viewer.next('welcome')]);

    const res = await patchMember(defaultOrg.id, id, { active: false });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Member).deactivatedAt).not.toBeNull();
    await expectError(await t.api('/api/sessions', { token }), 401, 'unauthorized');
    const closed = await Promise.race([
      viewer.closed,
      new Promise<never>((_, no) => setTimeout(() => no(new Error('live view still open')), 10 * RECHECK_MS)),
    ]);
    expect(closed.code).toBeGreaterThanOrEqual(4000);
    await expect(connectAdvisor(t.url, token)).rejects.toThrow(/HTTP 401/);
    const entry = (await auditOf(defaultOrg.id, 'member.deactivated')).find((e) => e.target?.id === id)!;
    expect(entry.details).toEqual({ tokensRevoked: true });
    // Signing in again gives a token, but no organisation to act in.
    const again = await t.tokenFor('leaver@cobrowse.test', PASSWORD);
    expect(((await (await t.api('/api/orgs', { token: again })).json()) as { orgs: unknown[] }).orgs).toEqual([]);
    await expectError(await t.api('/api/sessions', { token: again }), 403, 'forbidden');

    const back = await patchMember(defaultOrg.id, id, { active: true });
    expect(((await back.json()) as Member).deactivatedAt).toBeNull();
    expect((await t.api('/api/sessions', { token: again })).status).toBe(200);
    expect((await auditOf(defaultOrg.id, 'member.reactivated')).map((e) => e.target?.id)).toContain(id);
  });

  it('deactivation in one organisation keeps the person signed in for their others', async () => {
    const org = await newOrg('Brand F');
    await t.createAdvisor('two-orgs@cobrowse.test', PASSWORD, 'advisor');
    const created = await invite(org.id, { email: 'two-orgs@cobrowse.test', role: 'advisor' });
    expect((await accept(created.url, { name: 'x', password: PASSWORD })).status).toBe(200);
    const token = await t.tokenFor('two-orgs@cobrowse.test', PASSWORD);
    const id = await memberId(org.id, 'two-orgs@cobrowse.test');
    const res = await patchMember(org.id, id, { active: false });
    expect(res.status).toBe(200);
    expect((await auditOf(org.id, 'member.deactivated'))[0]!.details).toEqual({ tokensRevoked: false });
    expect((await t.api('/api/sessions', { token })).status).toBe(200);
    await expectError(await t.api('/api/sessions', { token, headers: { [ORG_HEADER]: org.id } }), 404, 'not_found');
    const { orgs } = (await (await t.api('/api/orgs', { token })).json()) as { orgs: Organisation[] };
    expect(orgs.map((o) => o.id)).toEqual([defaultOrg.id]);
  });
});

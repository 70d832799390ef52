/**
 * @module server/orgs/invitations
 * Inviting people into an organisation by a one-time link.
 *
 * - {@link Invitations.create}: the link's token is 32 random bytes
 *   (base64url); only its SHA-256 is stored, the link is shown to the admin
 *   once and queued to the email outbox (like a password-reset link). It
 *   works for {@link INVITATION_TTL_MS}.
 * - {@link Invitations.preview} / {@link Invitations.accept}: public (the
 *   token is the secret). Unknown tokens count against the client address
 *   (`invitationTokens`): a point is taken before the lookup and given back
 *   when the token is known, so parallel guesses are bounded too.
 * - Accepting makes a new account with the given name and password, or, for
 *   an email that already has an account, adds the membership only when the
 *   password is that account's (a sign-in attempt, counted by the sign-in
 *   limits). Claiming the invitation, the account and the membership are one
 *   transaction: a refusal leaves no half-made account.
 *
 * The token travels in the link's path (`/app/invite/<token>`): the advisor
 * app's page must know it to show who invites whom before anyone signs in.
 * It is single-use and short-lived, request logs show it as `:token`, and
 * other origins never see it (the app's `Referrer-Policy` sends them only
 * its origin: docs/security.md).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, invitations, memberships, organisations } from '../../db/schema.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import {
  INVITATION_TTL_MS,
  INVITE_PATH,
  NEW_ACCOUNT_PASSWORD_MIN,
  type InvitationAccept,
  type InvitationCreated,
  type InvitationPreview,
  type PendingInvitation,
} from '../../protocol/orgs.ts';
import type { AssignableRole, OrgRole } from '../../protocol/permissions.ts';
import type { CaseNotifier } from '../cases/case-notifier.ts';
import type { Config } from '../config.ts';
import { ApiError, badRequest, notFound, unauthorized } from '../errors.ts';
import { publicUrl } from '../public-url.ts';
import type { RateLimiters } from '../rate-limit/rate-limiter.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/password.ts';
import { SignInLimits } from '../auth/sign-in-limits.ts';
import { hashToken, type AdvisorRow } from '../auth/tokens.ts';
import { upsertMembership, type OrgRow } from '../scope/index.ts';
import { checkSiteAccess } from './site-access.ts';

type InvitationRow = typeof invitations.$inferSelect;

export interface InvitationDeps {
  db: Db;
  config: Pick<Config, 'publicUrl'>;
  rateLimits: RateLimiters;
  notifier: Pick<CaseNotifier, 'email'>;
}

/** What accepting gave: who is signed in, in which organisation, with which role. */
export interface Accepted {
  advisor: AdvisorRow;
  org: OrgRow;
  role: OrgRole;
  invitation: InvitationRow;
  newAccount: boolean;
}

export class Invitations {
  readonly #deps: InvitationDeps;
  readonly #signIn: SignInLimits;

  constructor(deps: InvitationDeps) {
    this.#deps = deps;
    this.#signIn = new SignInLimits(deps.rateLimits);
  }

  /** 400 for sites of another organisation, 409 when the email is already an active member. */
  async create(
    org: OrgRow,
    invitedBy: AdvisorRow,
    input: { email: string; role: AssignableRole; siteIds?: string[] | null | undefined },
  ): Promise<InvitationCreated & { row: InvitationRow }> {
    const { db, config, notifier } = this.#deps;
    const siteIds = await checkSiteAccess(db, org.id, input.siteIds);
    const [member] = await db
      .select({ advisorId: memberships.advisorId })
      .from(memberships)
      .innerJoin(advisors, eq(advisors.id, memberships.advisorId))
      .where(and(eq(memberships.orgId, org.id), eq(advisors.email, input.email), isNull(memberships.deactivatedAt)));
    if (member) throw new ApiError(409, ErrorCode.Conflict, 'this person is already a member of the organisation');

    const token = randomBytes(32).toString('base64url');
    const [row] = await db
      .insert(invitations)
      .values({
        orgId: org.id,
        email: input.email,
        role: input.role,
        siteIds,
        tokenHash: hashToken(token),
        invitedBy: invitedBy.id,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    const url = `${publicUrl(config)}${INVITE_PATH}/${token}`;
    await notifier.email(
      null,
      input.email,
      `You are invited to ${org.name} on Cobrowse`,
      invitationEmailBody(org.name, invitedBy.name, input.role, url),
    );
    return { id: row!.id, url, expiresAt: row!.expiresAt.toISOString(), row: row! };
  }

  /** The organisation's invitations not yet accepted, revoked or expired, newest first. */
  async listPending(orgId: string): Promise<PendingInvitation[]> {
    const rows = await this.#deps.db
      .select({ invitation: invitations, inviter: { id: advisors.id, name: advisors.name } })
      .from(invitations)
      .leftJoin(advisors, eq(advisors.id, invitations.invitedBy))
      .where(
        and(
          eq(invitations.orgId, orgId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .orderBy(asc(invitations.createdAt));
    return rows.reverse().map(({ invitation: i, inviter }) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      siteIds: i.siteIds ?? null,
      invitedBy: inviter?.id ? { id: inviter.id, name: inviter.name } : null,
      expiresAt: i.expiresAt.toISOString(),
      createdAt: i.createdAt.toISOString(),
    }));
  }

  /** Revokes a pending invitation of the organisation; 404 for anything else (unknown, another org's, used, revoked). */
  async revoke(orgId: string, id: string): Promise<InvitationRow> {
    const [row] = await this.#deps.db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, id), eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) throw notFound('no such pending invitation');
    return row;
  }

  /** What the invitation page shows. */
  async preview(address: string, token: string): Promise<InvitationPreview> {
    const { invitation, org } = await this.#usable(address, token);
    const [account] = await this.#deps.db.select({ id: advisors.id }).from(advisors).where(eq(advisors.email, invitation.email));
    return {
      orgName: org.name,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      accountExists: Boolean(account),
    };
  }

  /** Joins the invited organisation (see the module comment); the caller signs the advisor in. */
  async accept(address: string, token: string, input: InvitationAccept): Promise<Accepted> {
    const { db } = this.#deps;
    const { invitation, org } = await this.#usable(address, token);
    const [existing] = await db.select().from(advisors).where(eq(advisors.email, invitation.email));
    let passwordHash: string | undefined;
    if (existing) {
      // The account's password proves the invitee owns it: counted like a sign-in.
      await this.#signIn.begin(address, existing.email);
      if (!(await verifyPassword(input.password, existing.passwordHash))) {
        throw unauthorized('an account with this email exists: enter its password to join');
      }
      await this.#signIn.succeeded(address, existing.email);
    } else {
      if (input.password.length < NEW_ACCOUNT_PASSWORD_MIN) {
        await burnPasswordCheck(input.password);
        throw badRequest(`password: must be at least ${NEW_ACCOUNT_PASSWORD_MIN} characters`);
      }
      // NOTE: hashed before the transaction, which then holds its locks for milliseconds, not scrypt's.
      passwordHash = await hashPassword(input.password);
    }

    return db.transaction(async (tx) => {
      const now = new Date();
      // Claimed in one conditional write: of two concurrent accepts, one wins; the other rolls back.
      const claimed = await tx
        .update(invitations)
        .set({ acceptedAt: now })
        .where(
          and(
            eq(invitations.id, invitation.id),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .returning();
      if (!claimed.length) throw gone(ErrorCode.InvitationUsed, 'this invitation was already used');
      const advisor =
        existing ??
        (await tx.insert(advisors).values({ email: invitation.email, name: input.name, passwordHash: passwordHash! }).returning())[0]!;
      const [membership] = await tx
        .select({ role: memberships.role, deactivatedAt: memberships.deactivatedAt })
        .from(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.advisorId, advisor.id)));
      if (membership && !membership.deactivatedAt) {
        throw new ApiError(409, ErrorCode.Conflict, 'you are already a member of this organisation');
      }
      await upsertMembership(tx, { orgId: org.id, advisorId: advisor.id, role: invitation.role, siteIds: invitation.siteIds ?? null });
      return { advisor, org, role: invitation.role, invitation: claimed[0]!, newAccount: !existing };
    });
  }

  /** The invitation of a token that may still be accepted: 404 unknown (counted), 410 expired, revoked or used. */
  async #usable(address: string, token: string): Promise<{ invitation: InvitationRow; org: OrgRow }> {
    const { db, rateLimits } = this.#deps;
    // Taken before the lookup and given back for a known token: only guesses count, parallel ones too.
    await rateLimits.hit('invitationTokens', address);
    const [found] = await db
      .select({ invitation: invitations, org: organisations })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.orgId))
      .where(eq(invitations.tokenHash, hashToken(token)));
    if (!found) throw new ApiError(404, ErrorCode.InvitationNotFound, 'this invitation link is not valid');
    await rateLimits.refund('invitationTokens', address);
    const { invitation } = found;
    if (invitation.acceptedAt) throw gone(ErrorCode.InvitationUsed, 'this invitation was already used');
    if (invitation.revokedAt) throw gone(ErrorCode.InvitationRevoked, 'this invitation was revoked');
    if (invitation.expiresAt <= new Date()) throw gone(ErrorCode.InvitationExpired, 'this invitation has expired: ask for a new one');
    return found;
  }
}

const gone = (code: ErrorCode, message: string) => new ApiError(410, code, message);

function invitationEmailBody(orgName: string, inviterName: string, role: OrgRole, link: string): string {
  return [
    `${inviterName} invites you to join ${orgName} on Cobrowse as ${role}.`,
    '',
    `To accept, open this link within ${INVITATION_TTL_MS / 86_400_000} days:`,
    link,
    '',
    'It works once. If you already have a Cobrowse account with this email, sign in with its password there.',
    'If you did not expect this, ignore this email.',
  ].join('\n');
}

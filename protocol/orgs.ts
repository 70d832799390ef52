/**
 * @module protocol/orgs
 * Creating organisations, inviting people into one and managing its members
 * (advisor API, bearer token; docs/permissions.md):
 *
 *   POST   /api/orgs                                  OrgCreate -> 201 Organisation          (instance admins; the creator is its owner)
 *   POST   /api/orgs/:orgId/invitations               InvitationCreate -> 201 InvitationCreated (members.manage)
 *   GET    /api/orgs/:orgId/invitations               -> { invitations: PendingInvitation[] }  (members.manage)
 *   DELETE /api/orgs/:orgId/invitations/:id           -> 204                                   (members.manage; revoke)
 *   GET    /api/orgs/:orgId/members                   -> MemberList                            (members.manage)
 *   PATCH  /api/orgs/:orgId/members/:advisorId        MemberPatch -> Member                    (members.manage)
 *
 * Public, rate limited per client address (the token is the secret):
 *
 *   GET  /api/invitations/:token                      -> InvitationPreview
 *   POST /api/invitations/:token/accept               InvitationAccept -> TokenResponse (signed in, acting in the invited org)
 *
 * Refusals of a token: 404 `invitation_not_found` (unknown), 410
 * `invitation_expired`, `invitation_revoked`, `invitation_used`. Accepting
 * with the email of an existing account adds the membership only when the
 * password given is that account's (401 otherwise); its name stays as it is.
 */
import { z } from 'zod';
import { ASSIGNABLE_ROLES, ORG_ROLES } from './permissions.ts';
import { MAX_SITE_ACCESS } from './orgs-constants.ts';
import { PASSWORD_MAX_LENGTH } from './api-constants.ts';
import { text } from './text.ts';

export * from './orgs-constants.ts';

export const orgCreateSchema = z.strictObject({
  name: text().trim().min(1).max(200),
});
export type OrgCreate = z.infer<typeof orgCreateSchema>;

/** Site access: null (or left out) = every site of the organisation, present and future; a list = only those. */
const siteAccess = z
  .array(
    z
      .string()
      .uuid()
      .transform((id) => id.toLowerCase()),
  )
  .max(MAX_SITE_ACCESS)
  .nullable();

export const invitationCreateSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  role: z.enum(ASSIGNABLE_ROLES),
  siteIds: siteAccess.optional(),
});
export type InvitationCreate = z.input<typeof invitationCreateSchema>;

/** The link is shown once (only its hash is stored) and emailed to the invitee. */
export const invitationCreatedSchema = z.object({
  id: z.string(),
  url: z.string(),
  expiresAt: z.string(),
});
export type InvitationCreated = z.output<typeof invitationCreatedSchema>;

export const pendingInvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ORG_ROLES),
  siteIds: z.array(z.string()).nullable(),
  invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type PendingInvitation = z.output<typeof pendingInvitationSchema>;

/** What the invitation page shows before anyone signs in. */
export const invitationPreviewSchema = z.object({
  orgName: z.string(),
  email: z.string(),
  role: z.enum(ORG_ROLES),
  expiresAt: z.string(),
  /** An account with this email exists: accepting asks for its password (and keeps its name). */
  accountExists: z.boolean(),
});
export type InvitationPreview = z.output<typeof invitationPreviewSchema>;

export const invitationAcceptSchema = z.strictObject({
  /** The display name of a new account (ignored for an existing one). */
  name: text().trim().min(1).max(80),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type InvitationAccept = z.infer<typeof invitationAcceptSchema>;

export const memberSchema = z.object({
  advisorId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ORG_ROLES),
  /** null: every site of the organisation. */
  siteIds: z.array(z.string()).nullable(),
  deactivatedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Member = z.output<typeof memberSchema>;

export const memberListSchema = z.object({ members: z.array(memberSchema) });
export type MemberList = z.output<typeof memberListSchema>;

/** Any of: a new role (never owner), new site access, deactivate (false) or reactivate (true). */
export const memberPatchSchema = z
  .strictObject({
    role: z.enum(ASSIGNABLE_ROLES).optional(),
    siteIds: siteAccess.optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => p.role !== undefined || p.siteIds !== undefined || p.active !== undefined, 'nothing to change');
export type MemberPatch = z.input<typeof memberPatchSchema>;

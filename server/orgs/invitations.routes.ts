/**
 * @module server/orgs/invitations.routes
 * `/api/invitations/:token` (public; the token is the secret, see
 * invitations.ts): what the invitation page shows, and accepting it, which
 * signs the invitee in acting in the invited organisation (the same answer
 * as `POST /api/auth/token`). Unknown tokens are rate limited per client
 * address (`invitationTokens`), an existing account's password like a
 * sign-in.
 */
import { Hono } from 'hono';
import { audit, requestScope } from '../audit/index.ts';
import { toAdvisor } from '../auth/advisor-dto.ts';
import { issueToken } from '../auth/tokens.ts';
import { CaseNotifier } from '../cases/case-notifier.ts';
import { ApiError } from '../errors.ts';
import { readJson } from '../lib/request.ts';
import type { TokenResponse } from '../../protocol/api.ts';
import { INVITATION_TOKEN_PATTERN, invitationAcceptSchema, invitationPreviewSchema, type InvitationPreview } from '../../protocol/orgs.ts';
import { tokenResponseSchema } from '../../protocol/api.ts';
import { z } from 'zod';
import { route } from '../contracts/route.ts';
import type { AppDeps } from '../types.ts';
import { Invitations } from './invitations.ts';

/** A token that cannot be one is answered like an unknown one (and costs the same). */
function tokenParam(value: string): string {
  return INVITATION_TOKEN_PATTERN.test(value) ? value : '!';
}

const tokenParams = z.object({ token: z.string().describe('The invitation token (the link is the credential).') });

export function invitationsRoutes({ database: { db }, config, logger, jobs, rateLimits }: AppDeps) {
  const notifier = new CaseNotifier({ db, jobs, logger, sendsEmail: Boolean(config.smtpUrl) });
  const invites = new Invitations({ db, config, rateLimits, notifier });

  return new Hono()
    .get(
      '/:token',
      ...route({
        summary: 'What an invitation page shows (organisation, role, inviter)',
        description: 'The token is the credential; unknown tokens are rate limited per client address.',
        tags: ['orgs'],
        access: 'public',
        params: tokenParams,
        responses: { 200: invitationPreviewSchema },
        errors: { 404: 'No such invitation.', 410: 'Expired, revoked or used.', 429: 'Too many unknown tokens (`Retry-After`).' },
      }),
      async (c) => {
        const preview = await invites.preview(c.get('clientAddress'), tokenParam(c.req.param('token')));
        return c.json<InvitationPreview>(preview);
      },
    )
    .post(
      '/:token/accept',
      ...route({
        summary: 'Accept an invitation: join (a new account, or an existing one with its password) and sign in',
        tags: ['orgs'],
        access: 'public',
        params: tokenParams,
        body: invitationAcceptSchema,
        responses: { 200: tokenResponseSchema },
        errors: {
          401: 'Wrong password for the existing account.',
          404: 'No such invitation.',
          410: 'Expired, revoked or used.',
          429: 'Too many attempts (`Retry-After`).',
        },
      }),
      async (c) => {
        const token = tokenParam(c.req.param('token'));
        const input = await readJson(c, invitationAcceptSchema);
        let accepted;
        try {
          accepted = await invites.accept(c.get('clientAddress'), token, input);
        } catch (err) {
          // A wrong password for an existing account is a failed sign-in of that account.
          if (err instanceof ApiError && err.status === 401) {
            await audit(requestScope(c, db), 'auth.sign_in_failed', null, { reason: 'wrong_password_invitation' });
          }
          throw err;
        }
        const { advisor, org, role, invitation, newAccount } = accepted;
        await audit(
          { ...requestScope(c, db, advisor), orgId: org.id },
          'invitation.accepted',
          { type: 'invitation', id: invitation.id },
          {
            advisorId: advisor.id,
            role,
            siteIds: invitation.siteIds ?? null,
            newAccount,
          },
        );
        const { token: bearer, expiresAt } = await issueToken(db, advisor.id, config);
        return c.json<TokenResponse>({ token: bearer, expiresAt: expiresAt.toISOString(), advisor: toAdvisor(advisor, { org, role }) });
      },
    );
}

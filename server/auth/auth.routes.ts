/**
 * @module server/auth/auth.routes
 * Signing in and out, the advisor's password (change, forgotten) and
 * `GET`/`PATCH /api/me` (see protocol/api.ts). Every guessable secret here (password,
 * current password, reset token) is rate limited, checked before any
 * password hash runs.
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { advisors } from '../../db/schema.ts';
import { audit, requestScope } from '../audit/index.ts';
import { CaseNotifier } from '../cases/case-notifier.ts';
import { ApiError, unauthorized } from '../errors.ts';
import { readJson } from '../lib/request.ts';
import { activeMemberships } from '../scope/index.ts';
import { route } from '../contracts/route.ts';
import {
  advisorProfileSchema,
  advisorSchema,
  passwordChangeSchema,
  passwordResetCompleteSchema,
  passwordResetRequestSchema,
  passwordResetRequestedSchema,
  tokenRequestSchema,
  tokenResponseSchema,
  type Advisor,
  type PasswordResetRequested,
  type TokenResponse,
} from '../../protocol/api.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { AppDeps } from '../types.ts';
import { toAdvisor } from './advisor-dto.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import { PasswordResets } from './password-reset.ts';
import { setPassword } from './set-password.ts';
import { SignInLimits } from './sign-in-limits.ts';
import { issueToken, revokeToken, type AdvisorRow } from './tokens.ts';

export function authRoutes({ database: { db }, config, logger, jobs, rateLimits }: AppDeps) {
  const limits = new SignInLimits(rateLimits);
  const notifier = new CaseNotifier({ db, jobs, logger, sendsEmail: Boolean(config.smtpUrl) });
  const resets = new PasswordResets({ db, config, logger, rateLimits, notifier });

  const tokenResponse = async (advisor: AdvisorRow): Promise<TokenResponse> => {
    const { token, expiresAt } = await issueToken(db, advisor.id, config);
    const [first] = await activeMemberships(db, advisor.id);
    return { token, expiresAt: expiresAt.toISOString(), advisor: toAdvisor(advisor, first) };
  };

  return new Hono()
    .post(
      '/auth/token',
      ...route({
        summary: 'Sign in: a bearer token for an e-mail and password',
        tags: ['auth'],
        access: 'public',
        body: tokenRequestSchema,
        responses: { 200: tokenResponseSchema },
        errors: { 401: 'Wrong e-mail or password.', 429: 'Too many attempts (`Retry-After`).' },
      }),
      async (c) => {
        const { email, password } = await readJson(c, tokenRequestSchema);
        const address = c.get('clientAddress');
        await limits.begin(address, email);
        const [advisor] = await db.select().from(advisors).where(eq(advisors.email, email.toLowerCase())).limit(1);
        // An unknown email costs the same scrypt as a wrong password, and counts the same.
        const ok = advisor ? await verifyPassword(password, advisor.passwordHash) : (await burnPasswordCheck(password), false);
        if (!advisor || !ok) {
          // NOTE: neither the password nor an unknown email is recorded; a known account is the target.
          await audit(requestScope(c, db), 'auth.sign_in_failed', advisor ? { type: 'advisor', id: advisor.id } : null, {
            reason: advisor ? 'wrong_password' : 'unknown_account',
          });
          throw unauthorized('wrong e-mail or password');
        }
        await limits.succeeded(address, email);
        await audit(requestScope(c, db, advisor), 'auth.sign_in', { type: 'advisor', id: advisor.id });
        return c.json<TokenResponse>(await tokenResponse(advisor));
      },
    )
    .post(
      '/auth/sign-out',
      ...route({
        summary: 'Sign out: revoke this token',
        tags: ['auth'],
        access: 'signed-in',
        responses: { 204: { description: 'Revoked.' } },
      }),
      async (c) => {
        await revokeToken(db, c.get('authTokenHash'));
        await audit(requestScope(c, db), 'auth.sign_out', { type: 'advisor', id: c.get('advisor').id });
        return c.body(null, 204);
      },
    )
    .post(
      '/auth/password',
      ...route({
        summary: "Change one's password (other tokens are revoked)",
        tags: ['auth'],
        access: 'signed-in',
        body: passwordChangeSchema,
        responses: { 200: tokenResponseSchema },
        errors: { 403: 'The current password is wrong (`wrong_password`).', 429: 'Too many attempts (`Retry-After`).' },
      }),
      async (c) => {
        const { currentPassword, newPassword } = await readJson(c, passwordChangeSchema);
        const advisor = c.get('advisor');
        const address = c.get('clientAddress');
        await limits.begin(address, advisor.email);
        if (!(await verifyPassword(currentPassword, advisor.passwordHash))) {
          await audit(
            requestScope(c, db),
            'auth.sign_in_failed',
            { type: 'advisor', id: advisor.id },
            { reason: 'wrong_current_password' },
          );
          // NOTE: 403, not 401: the token is fine, and a 401 would sign the app out.
          throw new ApiError(403, ErrorCode.WrongPassword, 'the current password is wrong');
        }
        await limits.succeeded(address, advisor.email);
        await setPassword(db, advisor.id, newPassword, { keepTokenHash: c.get('authTokenHash') });
        await audit(requestScope(c, db), 'auth.password_changed', { type: 'advisor', id: advisor.id });
        return c.body(null, 204);
      },
    )
    .post(
      '/auth/password-reset',
      ...route({
        summary: 'Ask for a password reset e-mail',
        description: 'Always 202, whether or not the address is known.',
        tags: ['auth'],
        access: 'public',
        body: passwordResetRequestSchema,
        responses: { 202: passwordResetRequestedSchema },
        errors: { 429: 'Too many requests (`Retry-After`).' },
      }),
      async (c) => {
        const { email } = await readJson(c, passwordResetRequestSchema);
        await resets.request(c.get('clientAddress'), email);
        return c.json<PasswordResetRequested>({ accepted: true }, 202);
      },
    )
    .post(
      '/auth/password-reset/complete',
      ...route({
        summary: 'Set a new password with an e-mailed reset token',
        tags: ['auth'],
        access: 'public',
        body: passwordResetCompleteSchema,
        responses: { 200: tokenResponseSchema },
        errors: { 410: 'The reset token expired or was used.', 429: 'Too many attempts (`Retry-After`).' },
      }),
      async (c) => {
        const { token, newPassword } = await readJson(c, passwordResetCompleteSchema);
        const advisor = await resets.complete(c.get('clientAddress'), token, newPassword);
        // Owning the mailbox proved who this is: the account's failed sign-ins are forgiven, and they are signed in.
        await limits.forgive(advisor.email);
        await audit(requestScope(c, db, advisor), 'auth.password_reset', { type: 'advisor', id: advisor.id });
        return c.json<TokenResponse>(await tokenResponse(advisor));
      },
    )
    .get(
      '/me',
      ...route({
        summary: 'The signed-in advisor, their organisation and role',
        tags: ['auth'],
        access: 'signed-in',
        responses: { 200: advisorSchema },
      }),
      (c) => c.json<Advisor>(toAdvisor(c.get('advisor'), c.get('scope'))),
    )
    .patch(
      '/me',
      ...route({
        summary: "Change one's display name",
        tags: ['auth'],
        access: 'signed-in',
        body: advisorProfileSchema,
        responses: { 200: advisorSchema },
      }),
      async (c) => {
        const { name } = await readJson(c, advisorProfileSchema);
        const [updated] = await db
          .update(advisors)
          .set({ name })
          .where(eq(advisors.id, c.get('advisor').id))
          .returning();
        if (!updated) throw unauthorized('this account no longer exists');
        return c.json<Advisor>(toAdvisor(updated, c.get('scope')));
      },
    );
}

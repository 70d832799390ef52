/**
 * @module server/auth/auth.routes
 * `POST /api/auth/token` (sign in with e-mail and password) and `GET /api/me`.
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { advisors } from '../../db/schema.ts';
import { unauthorized } from '../errors.ts';
import { readJson } from '../lib/request.ts';
import { bearerAuth } from '../middleware/bearer-auth/index.ts';
import { tokenRequestSchema, type Advisor, type TokenResponse } from '../protocol/api.ts';
import type { AppDeps } from '../types.ts';
import { toAdvisor } from './advisor-dto.ts';
import { burnPasswordCheck, verifyPassword } from './password.ts';
import { issueToken } from './tokens.ts';

export function authRoutes({ database: { db } }: AppDeps) {
  return new Hono()
    .post('/auth/token', async (c) => {
      const { email, password } = await readJson(c, tokenRequestSchema);
      const [advisor] = await db.select().from(advisors).where(eq(advisors.email, email.toLowerCase())).limit(1);
      if (!advisor) {
        await burnPasswordCheck(password);
        throw unauthorized('wrong e-mail or password');
      }
      if (!(await verifyPassword(password, advisor.passwordHash))) throw unauthorized('wrong e-mail or password');
      const { token, expiresAt } = await issueToken(db, advisor.id);
      return c.json<TokenResponse>({ token, expiresAt: expiresAt.toISOString(), advisor: toAdvisor(advisor) });
    })
    .get('/me', bearerAuth(db), (c) => c.json<Advisor>(toAdvisor(c.get('advisor'))));
}

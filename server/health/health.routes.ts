/** @module server/health/health.routes  `GET /healthz`: up, and the database answers. */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { AppDeps } from '../types.ts';
import { z } from 'zod';
import { route } from '../contracts/route.ts';

export function healthRoutes({ database: { db }, logger }: AppDeps) {
  return new Hono().get(
    '/healthz',
    ...route({
      summary: 'Up, and the database answers',
      tags: ['health'],
      access: 'public',
      responses: { 200: z.object({ ok: z.literal(true) }) },
      errors: { 503: 'The database does not answer.' },
    }),
    async (c) => {
      try {
        await db.execute(sql`select 1`);
      } catch (err) {
        logger.error({ err }, 'health check: database unreachable');
        throw new ApiError(503, ErrorCode.Unavailable, 'database unreachable');
      }
      c.header('Cache-Control', 'no-store');
      return c.json({ ok: true as const });
    },
  );
}

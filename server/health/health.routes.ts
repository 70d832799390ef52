/** @module server/health/health.routes  `GET /healthz`: up, and the database answers. */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { AppDeps } from '../types.ts';

export function healthRoutes({ database: { db }, logger }: AppDeps) {
  return new Hono().get('/healthz', async (c) => {
    try {
      await db.execute(sql`select 1`);
    } catch (err) {
      logger.error({ err }, 'health check: database unreachable');
      throw new ApiError(503, ErrorCode.Unavailable, 'database unreachable');
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true as const });
  });
}

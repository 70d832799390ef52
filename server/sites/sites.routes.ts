/**
 * @module server/sites/sites.routes
 * `GET /api/sites` (any advisor) and `POST /api/sites` (admins only).
 */
import { asc } from 'drizzle-orm';
import { Hono } from 'hono';
import { sites } from '../../db/schema.ts';
import { badRequest } from '../errors.ts';
import { readJson } from '../lib/request.ts';
import { bearerAuth, requireAdmin } from '../middleware/bearer-auth/index.ts';
import { siteCreateSchema, type Site } from '../protocol/api.ts';
import type { AppDeps } from '../types.ts';
import { toSite } from './site-dto.ts';
import { generateSiteKey, isBareOrigin } from './site-key.ts';

export function sitesRoutes({ database: { db } }: AppDeps) {
  return new Hono()
    .use(bearerAuth(db))
    .get('/', async (c) => {
      const rows = await db.select().from(sites).orderBy(asc(sites.createdAt), asc(sites.id));
      return c.json<{ sites: Site[] }>({ sites: rows.map(toSite) });
    })
    .post('/', requireAdmin(), async (c) => {
      const input = await readJson(c, siteCreateSchema);
      const invalid = input.allowedOrigins.filter((o) => !isBareOrigin(o));
      if (invalid.length) {
        throw badRequest('allowedOrigins must be bare origins like https://shop.example (no path, no *)', {
          invalid,
        });
      }
      const [row] = await db
        .insert(sites)
        .values({ name: input.name, siteKey: generateSiteKey(), allowedOrigins: [...new Set(input.allowedOrigins)] })
        .returning();
      return c.json<Site>(toSite(row!), 201);
    });
}

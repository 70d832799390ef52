/**
 * @module server/sites/sites.routes
 * `GET /api/sites` (any advisor); `POST /api/sites` and
 * `PATCH /api/sites/:id` (admins only): name, allowed origins, live
 * consent, the outbound allow-list of enrichers and webhooks, and the
 * retention period of its sessions. Writes are audited.
 */
import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { sites } from '../../db/schema.ts';
import { audit, requestScope } from '../audit/index.ts';
import { badRequest, notFound } from '../errors.ts';
import { isUuid, readJson } from '../lib/request.ts';
import { inScope } from '../scope/index.ts';
import { uuids } from '../contracts/params.ts';
import { route } from '../contracts/route.ts';
import { siteCreateSchema, siteSchema, siteUpdateSchema, type Site } from '../../protocol/api.ts';
import { z } from 'zod';
import type { AppDeps } from '../types.ts';
import { normalizeHostPattern } from '../outbound/outbound-guard.ts';
import { toSite } from './site-dto.ts';
import { generateSiteKey, isBareOrigin } from './site-key.ts';

export function sitesRoutes({ database: { db } }: AppDeps) {
  const site = siteSchema;
  return new Hono()
    .get(
      '/',
      ...route({
        summary: "The organisation's sites the caller may see",
        tags: ['sites'],
        access: 'sites.read',
        responses: { 200: z.object({ sites: z.array(siteSchema) }) },
      }),
      async (c) => {
        const rows = await db
          .select()
          .from(sites)
          .where(await inScope(c.get('scope'), sites.id))
          .orderBy(asc(sites.createdAt), asc(sites.id));
        return c.json<{ sites: Site[] }>({ sites: rows.map(toSite) });
      },
    )
    .post(
      '/',
      ...route({
        summary: 'Create a site (its key is made here)',
        tags: ['sites'],
        access: 'sites.manage',
        body: siteCreateSchema,
        responses: { 201: site },
      }),
      async (c) => {
        const input = await readJson(c, siteCreateSchema);
        const [row] = await db
          .insert(sites)
          .values({
            orgId: c.get('scope').org.id,
            name: input.name,
            siteKey: generateSiteKey(),
            allowedOrigins: checkedOrigins(input.allowedOrigins),
            outboundHosts: checkedHosts(input.outboundHosts),
          })
          .returning();
        await audit(requestScope(c, db), 'site.created', { type: 'site', id: row!.id }, { name: row!.name });
        return c.json<Site>(toSite(row!), 201);
      },
    )
    .patch(
      '/:id',
      ...route({
        summary: 'Change a site: name, origins, live consent, outbound hosts, retention',
        tags: ['sites'],
        access: 'sites.manage',
        params: uuids('id'),
        body: siteUpdateSchema,
        responses: { 200: site },
      }),
      async (c) => {
        const id = c.req.param('id');
        const input = await readJson(c, siteUpdateSchema);
        const changes = {
          ...input,
          ...(input.allowedOrigins ? { allowedOrigins: checkedOrigins(input.allowedOrigins) } : {}),
          ...(input.outboundHosts ? { outboundHosts: checkedHosts(input.outboundHosts) } : {}),
        };
        const [row] = isUuid(id)
          ? await db
              .update(sites)
              .set(changes)
              .where(and(eq(sites.id, id.toLowerCase()), await inScope(c.get('scope'), sites.id)))
              .returning()
          : [];
        if (!row) throw notFound('no such site');
        await audit(
          requestScope(c, db),
          'site.updated',
          { type: 'site', id: row.id },
          {
            fields: Object.keys(input),
            ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
          },
        );
        return c.json<Site>(toSite(row));
      },
    );
}

function checkedOrigins(origins: string[]): string[] {
  const invalid = origins.filter((o) => !isBareOrigin(o));
  if (invalid.length) {
    throw badRequest('allowedOrigins must be bare origins like https://shop.example (no path, no *)', { invalid });
  }
  return [...new Set(origins)];
}

function checkedHosts(hosts: string[]): string[] {
  const normalized = hosts.map((h) => ({ h, n: normalizeHostPattern(h) }));
  const invalid = normalized.filter((x) => x.n === undefined).map((x) => x.h);
  if (invalid.length) {
    throw badRequest('outboundHosts must be host names, IP addresses or *.example.com wildcards (no scheme, port or path)', { invalid });
  }
  return [...new Set(normalized.map((x) => x.n!))];
}

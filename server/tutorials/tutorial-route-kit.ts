/**
 * @module server/tutorials/tutorial-route-kit
 * What the advisor's tutorial routes share: the contract of a route on one
 * tutorial, finding it in the caller's scope, path ids of its parts (not an
 * id: 404, like another tutorial's part), answering the whole tutorial as
 * stored now, and the audit scope.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { audit, requestScope, type AuditAction, type AuditDetails } from '../audit/index.ts';
import { uuidParam } from '../contracts/params.ts';
import { route, type Answer, type RouteContract } from '../contracts/route.ts';
import { notFound } from '../errors.ts';
import { isUuid } from '../lib/request.ts';
import { publicUrl } from '../public-url.ts';
import type { Permission } from '../../protocol/permissions.ts';
import { tutorialSchema, type Tutorial } from '../../protocol/tutorials.ts';
import type { AppDeps } from '../types.ts';
import { tutorialDetail, tutorialInScope } from './tutorial-queries.ts';
import type { TutorialRow } from './tutorial-dto.ts';

export const tutorialAnswer: Answer = tutorialSchema;

export function tutorialRouteKit(deps: AppDeps) {
  const { db } = deps.database;
  const base = () => publicUrl(deps.config);
  return {
    base,
    /** A route on one tutorial (`:id`), plus any of its parts' ids. */
    onTutorial: (summary: string, access: Permission, more: Partial<RouteContract> & { parts?: string[] } = {}) => {
      const { parts = [], ...rest } = more;
      const params = z.object(Object.fromEntries(['id', ...parts].map((n) => [n, uuidParam])));
      return route({ summary, tags: ['tutorials'], access, params, responses: { 200: tutorialAnswer }, ...rest });
    },
    existing: (c: Context): Promise<TutorialRow> => tutorialInScope(c.get('scope'), c.req.param('id') ?? ''),
    partId: (c: Context, name: string): string => {
      const id = c.req.param(name) ?? '';
      if (!isUuid(id)) throw notFound(`no such ${name.replace(/Id$/, '')} in this tutorial`);
      return id.toLowerCase();
    },
    /** The tutorial as stored now. */
    answer: async (c: Context, id: string, status: 200 | 201 = 200) =>
      c.json<Tutorial>(await tutorialDetail(c.get('scope'), id, base()), status),
    audited: (c: Context, action: AuditAction, id: string, details: AuditDetails = {}) =>
      audit(requestScope(c, db), action, { type: 'tutorial', id }, details),
  };
}

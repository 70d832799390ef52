/**
 * @module server/contracts/route
 * A route's contract: what it is for, its inputs and answers (the protocol's
 * zod schemas, never copies), its auth scheme and the permission it needs.
 * `route(contract)` answers the middlewares a route declaration spreads
 * before its handler: the OpenAPI description (read back from the app by
 * `openapi-document.ts`) and the guard enforcing the same `access`, so the
 * permission is written once and enforced from where it is documented.
 *
 * ```ts
 * .patch('/:id', ...route({ summary: 'Change a site', tags: ['sites'], access: 'sites.manage', body: siteUpdateSchema, responses: { 200: siteSchema } }), handler)
 * ```
 *
 * The guards: a permission → `requirePermission` (401/404/403, see
 * `server/scope`); `signed-in` → `requireSignedIn`; `instance-admin` →
 * `requireInstanceAdmin`. `public`, `ingest`, `customer-link` and
 * `signed-url` routes are checked by what their credential needs (the site
 * key and session token middleware of `/ingest/v1`, the link token in the
 * path, the media URL's signature): the contract documents them, the route's
 * own middleware enforces them.
 */
import type { MiddlewareHandler } from 'hono';
import { describeRoute, type DescribeRouteOptions } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import type { Permission } from '../../protocol/permissions.ts';
import { requireInstanceAdmin, requirePermission, requireSignedIn } from '../scope/index.ts';

/** Who may call a route: a permission of `protocol/permissions.ts`, or one of the credentials that are not organisation roles. */
export type Access = Permission | 'public' | 'signed-in' | 'instance-admin' | 'ingest' | 'customer-link' | 'signed-url';

export const NON_PERMISSION_ACCESS = ['public', 'signed-in', 'instance-admin', 'ingest', 'customer-link', 'signed-url'] as const;

/** The document's tags, one per area (their descriptions are in `openapi-document.ts`). */
export type Tag =
  | 'auth'
  | 'sites'
  | 'sessions'
  | 'media'
  | 'replies'
  | 'live'
  | 'cases'
  | 'search'
  | 'admin'
  | 'orgs'
  | 'ingest'
  | 'customer'
  | 'health'
  | 'tutorials'
  | 'comments'
  | 'docs'
  | 'app';

/**
 * An answer: a zod schema (JSON, `output` side), a body kind other than JSON,
 * or just its description (no body, e.g. 204).
 */
export type Answer = z.ZodType | { description: string; schema?: z.ZodType; media?: string; binary?: boolean };

export interface RouteContract {
  summary: string;
  description?: string;
  tags: readonly [Tag, ...Tag[]];
  access: Access;
  /** The route also accepts a signed URL (`?token=`) instead of the bearer header (media streams). */
  signedUrlAlternative?: boolean;
  /** Path parameters, when they have a format worth stating (others are documented as strings). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body (input side of the schema), or a raw body of the given media types. */
  body?: z.ZodType | { media: readonly string[]; description: string; schema?: z.ZodType };
  /** The 2xx (and 3xx) answers by status. Errors (4xx) come from `access` and the inputs, plus `errors`. */
  responses: Readonly<Record<number, Answer>>;
  /** Further error statuses this route answers with the common error body, with what they mean. */
  errors?: Readonly<Record<number, string>>;
}

/** The OpenAPI extension naming a route's access; the authorization matrix test reads it. */
export const PERMISSION_EXTENSION = 'x-permission';

/** The security requirements of each access kind (scheme names: `openapi-document.ts`). */
const SECURITY: Record<'bearer' | 'ingest' | 'link' | 'signed', OpenAPIV3_1.SecurityRequirementObject[]> = {
  bearer: [{ bearerAuth: [] }],
  ingest: [{ siteKey: [], sessionToken: [] }, { siteKey: [] }],
  link: [{ linkToken: [] }],
  signed: [{ signedUrl: [] }],
};

/** The error statuses each access kind may answer before the handler runs. */
function accessErrors(access: Access): Record<number, string> {
  switch (access) {
    case 'public':
      return {};
    case 'signed-in':
      return { 401: 'No live bearer token.' };
    case 'instance-admin':
      return { 401: 'No live bearer token.', 403: 'Not an instance administrator.' };
    case 'ingest':
      return {
        401: 'Unknown or missing site key, or a missing or wrong session token.',
        403: 'The Origin is not one the site allows.',
      };
    case 'customer-link':
      return { 404: 'No such link.', 410: 'The link expired or was revoked.' };
    case 'signed-url':
      return { 401: 'Invalid or expired signature.' };
    default:
      return {
        401: 'No live bearer token.',
        403: `The caller's role does not hold \`${access}\`, or they belong to no organisation.`,
        404: "Not found in the caller's organisation and sites (other tenants' ids answer 404, never 403).",
      };
  }
}

function securityOf(contract: RouteContract): OpenAPIV3_1.SecurityRequirementObject[] {
  switch (contract.access) {
    case 'public':
      return [];
    case 'ingest':
      return SECURITY.ingest;
    case 'customer-link':
      return SECURITY.link;
    case 'signed-url':
      return SECURITY.signed;
    default:
      return contract.signedUrlAlternative ? [...SECURITY.bearer, ...SECURITY.signed] : SECURITY.bearer;
  }
}

/** A zod schema as an OpenAPI 3.1 (JSON Schema 2020-12) schema; `io`: the request (input) or response (output) side. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): OpenAPIV3_1.SchemaObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return rest;
}

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' } as const;
const errorAnswer = (description: string): OpenAPIV3_1.ResponseObject => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

function parameters(contract: RouteContract): OpenAPIV3_1.ParameterObject[] {
  const list: OpenAPIV3_1.ParameterObject[] = [];
  for (const [where, schema] of [
    ['path', contract.params],
    ['query', contract.query],
  ] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      list.push({
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        schema: rest,
        ...(typeof description === 'string' ? { description } : {}),
      });
    }
  }
  return list;
}

function requestBody(contract: RouteContract): OpenAPIV3_1.RequestBodyObject | undefined {
  const body = contract.body;
  if (!body) return undefined;
  if (body instanceof z.ZodType) return { required: true, content: { 'application/json': { schema: jsonSchema(body, 'input') } } };
  const schema = body.schema ? jsonSchema(body.schema, 'input') : { type: 'string', contentEncoding: 'binary' };
  return {
    required: true,
    description: body.description,
    content: Object.fromEntries(body.media.map((m) => [m, { schema }])),
  } as OpenAPIV3_1.RequestBodyObject;
}

function answer(status: number, a: Answer): OpenAPIV3_1.ResponseObject {
  if (a instanceof z.ZodType) {
    return {
      description: a.description ?? defaultDescription(status),
      content: { 'application/json': { schema: jsonSchema(a, 'output') } },
    };
  }
  if (!a.schema && !a.media) return { description: a.description };
  const schema = a.schema ? jsonSchema(a.schema, 'output') : a.binary ? { type: 'string', contentEncoding: 'binary' } : { type: 'string' };
  return { description: a.description, content: { [a.media ?? 'application/json']: { schema } } } as OpenAPIV3_1.ResponseObject;
}

const defaultDescription = (status: number) => (status === 201 ? 'Created.' : status === 204 ? 'No content.' : 'OK.');

/** The OpenAPI operation of a contract (without the path parameters the path itself implies: the generator adds those). */
export function operationOf(contract: RouteContract): DescribeRouteOptions {
  const responses: Record<string, OpenAPIV3_1.ResponseObject> = {};
  for (const [status, a] of Object.entries(contract.responses)) responses[status] = answer(Number(status), a);
  const hasInput = Boolean(contract.body || contract.query || contract.params);
  const inputErrors: Record<number, string> = hasInput ? { 400: 'Invalid input (`bad_request`, `invalid_json`).' } : {};
  const errors: Record<number, string> = { ...inputErrors, ...accessErrors(contract.access), ...contract.errors };
  for (const [status, description] of Object.entries(errors)) responses[status] ??= errorAnswer(description);
  const body = requestBody(contract);
  const params = parameters(contract);
  return {
    summary: contract.summary,
    // The viewer shows the description: the access is read there too, not only in the extension.
    description: [contract.description, `**Access:** \`${contract.access}\``].filter(Boolean).join('\n\n'),
    tags: [...contract.tags],
    security: securityOf(contract),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    [PERMISSION_EXTENSION]: contract.access,
  } as DescribeRouteOptions;
}

/** The guard enforcing an access kind; undefined where the route's own credential check does it (see module doc). */
export function guardOf(access: Access): MiddlewareHandler | undefined {
  switch (access) {
    case 'signed-in':
      return requireSignedIn();
    case 'instance-admin':
      return requireInstanceAdmin();
    case 'public':
    case 'ingest':
    case 'customer-link':
    case 'signed-url':
      return undefined;
    default:
      return requirePermission(access);
  }
}

/** A contract's two halves, for a route that places its guard itself (e.g. behind a signed-URL check). */
export function contract(c: RouteContract): { describe: MiddlewareHandler; guard: MiddlewareHandler | undefined } {
  return { describe: describeRoute(operationOf(c)), guard: guardOf(c.access) };
}

/** Where the route's own credential check enforces the access (see module doc): nothing to add here. */
const checkedByTheRoute: MiddlewareHandler = async function checkedByTheRoute(_c, next) {
  await next();
};

/**
 * The middlewares a route declaration spreads before its handler: its
 * description, then its guard (always two, so Hono's typed overloads apply).
 */
export function route(c: RouteContract): [MiddlewareHandler, MiddlewareHandler] {
  const { describe, guard } = contract(c);
  return [describe, guard ?? checkedByTheRoute];
}

/**
 * @module server/contracts/openapi-document
 * The OpenAPI 3.1 document of the running app, generated from its route
 * declarations (each route's contract, `route.ts`): never written by hand, so
 * it cannot drift from what the server answers. Made once per app, on the
 * first request for it (the routes do not change after start-up).
 */
import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import { ErrorCode } from '../../protocol/errors.ts';
import { SITE_KEY_HEADER } from '../../protocol/ingest-constants.ts';
import { MEDIA_TOKEN_QUERY } from '../../protocol/media-constants.ts';
import { ORG_HEADER } from '../../protocol/permissions.ts';
import type { Tag } from './route.ts';

export type OpenApiDocument = OpenAPIV3_1.Document;

const TAGS: Record<Tag, string> = {
  auth: 'Sign-in, tokens, passwords and the signed-in advisor.',
  sites: "The organisation's sites: origins, outbound hosts, retention.",
  sessions: 'Recorded sessions: lists, chunks for the player, export and import.',
  media: "A session's recorded camera and screen tracks.",
  replies: 'Advisor video replies and their customer links.',
  live: 'Live help: the sessions open now and the WebSocket upgrades.',
  cases: 'Async help: the inbox, a case, its thread and links.',
  search: 'Search over sessions (the text customers saw) and cases; similar resolved cases.',
  admin: 'Async-help settings: topics, routing, enrichers, webhooks, failed jobs.',
  orgs: 'Organisations: membership, the audit log, erasure.',
  ingest: "The recorder's uploads from the customer's page (site key, allowed origin, session token).",
  customer: "The customer's private links: a case (`/c/:token`) and video replies (`/s/:token`).",
  health: 'Liveness and the database.',
  tutorials: 'Tutorials made from solved sessions: steps, redaction, publishing (`/api/tutorials`) and the published pages (`/t/:slug`).',
  comments: "The organisation's own comments on a moment (and an element) of a session or a tutorial; never public.",
  docs: 'This document and its viewer.',
  app: 'Browser files: the advisor app, the recorder script, the demo shop.',
};

/** The one error body of every 4xx/5xx (`protocol/errors.ts`), its codes taken from the protocol's constant. */
const ERROR_BODY: OpenAPIV3_1.SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.values(ErrorCode) },
        message: { type: 'string' },
        details: { description: 'Machine-readable specifics, e.g. the invalid fields.' },
      },
    },
  },
};

const SECURITY_SCHEMES: Record<string, OpenAPIV3_1.SecuritySchemeObject> = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description: `An advisor's token from \`POST /api/auth/token\`. The organisation is the path's \`/api/orgs/:orgId\`, the \`${ORG_HEADER}\` header, or the advisor's first membership.`,
  },
  siteKey: {
    type: 'apiKey',
    in: 'header',
    name: SITE_KEY_HEADER,
    description: "The site's public key (or the `siteKey` query parameter); the request's Origin must be one the site allows.",
  },
  sessionToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      "A recording's own secret, proposed by the recorder with the session start (or made by the server) and answered once; every later write of that session presents it.",
  },
  linkToken: {
    type: 'apiKey',
    in: 'cookie',
    name: 'link-token-in-path',
    description: "The customer link's token is the `:token` path segment itself: the URL is the credential (no cookie is used).",
  },
  signedUrl: {
    type: 'apiKey',
    in: 'query',
    name: MEDIA_TOKEN_QUERY,
    description: 'A media URL signed by the server for one track, valid for a few hours.',
  },
};

/** Generates the document of `app` (with its `/api/openapi.json` route among them). */
export async function openApiDocument(app: Hono, options: { publicUrl?: string | undefined; version: string }): Promise<OpenApiDocument> {
  const document = await generateSpecs(app, {
    excludeStaticFile: false,
    excludeMethods: ['OPTIONS'],
    defaultValidationErrorResponse: false,
    documentation: {
      openapi: '3.1.0',
      info: {
        title: 'Cobrowse API',
        version: options.version,
        description:
          'Every HTTP route of the server. `x-permission` names what a route needs: a permission of ' +
          '`protocol/permissions.ts`, or `public`, `signed-in`, `instance-admin`, `ingest`, `customer-link`, `signed-url`. ' +
          'Errors always have the `ErrorBody` shape.',
      },
      ...(options.publicUrl ? { servers: [{ url: options.publicUrl }] } : {}),
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: { schemas: { ErrorBody: ERROR_BODY }, securitySchemes: SECURITY_SCHEMES },
    },
  });
  return document;
}

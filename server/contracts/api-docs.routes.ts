/**
 * @module server/contracts/api-docs.routes
 * `GET /api/openapi.json` (the document generated from the app's routes) and
 * `GET /api/docs` (Swagger UI over it), both public. The viewer is served
 * from the `swagger-ui-dist` package in node_modules, never a CDN, under the
 * advisor app's CSP (scripts from our origin only: the page has no inline
 * script, its start-up is `/api/docs/assets/init.js`).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { z } from 'zod';
import { API_BASE } from '../../protocol/api-constants.ts';
import { notFound } from '../errors.ts';
import { advisorAppHeaders } from '../middleware/secure-headers/index.ts';
import type { Config } from '../config.ts';
import { openApiDocument, type OpenApiDocument } from './openapi-document.ts';
import { route } from './route.ts';

export const OPENAPI_PATH = `${API_BASE}/openapi.json`;
export const DOCS_PATH = `${API_BASE}/docs`;

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The viewer's files: name → [file in swagger-ui-dist, content type]. */
const ASSETS: Record<string, [string, string]> = {
  'swagger-ui.css': ['swagger-ui.css', 'text/css; charset=utf-8'],
  'swagger-ui-bundle.js': ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
};

const INIT_JS = `window.addEventListener('load', () => {
  window.SwaggerUIBundle({ url: ${JSON.stringify(OPENAPI_PATH)}, dom_id: '#docs', deepLinking: true, validatorUrl: null, tryItOutEnabled: false, showExtensions: true });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cobrowse API</title>
<link rel="stylesheet" href="${DOCS_PATH}/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="${DOCS_PATH}/assets/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/assets/init.js"></script>
</body>
</html>
`;

const assetParams = z.object({ file: z.enum(['init.js', ...Object.keys(ASSETS)]) });

/** The document's top level (the OpenAPI 3.1 specification defines the rest). */
const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string().describe('`3.1.0`.'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())).describe('Every route of the server, by path and method.'),
    components: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('The OpenAPI 3.1 document.');

/** Adds the document and its viewer to `app` itself (not a sub-app: the document describes the whole app). */
export function mountApiDocs(app: Hono, config: Pick<Config, 'publicUrl'>): void {
  let document: Promise<OpenApiDocument> | undefined;
  const pageHeaders = advisorAppHeaders(config);

  app.get(
    OPENAPI_PATH,
    ...route({
      summary: 'This API, described (OpenAPI 3.1)',
      description: "Generated from the running server's route contracts.",
      tags: ['docs'],
      access: 'public',
      responses: { 200: openApiDocumentSchema },
    }),
    async (c) => {
      document ??= openApiDocument(app, { publicUrl: config.publicUrl, version });
      c.header('Cache-Control', 'no-cache');
      return c.json(await document);
    },
  );

  app.get(
    DOCS_PATH,
    ...route({
      summary: 'The API documentation viewer',
      tags: ['docs'],
      access: 'public',
      responses: { 200: { description: 'An HTML page rendering /api/openapi.json.', media: 'text/html' } },
    }),
    pageHeaders,
    (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.html(PAGE);
    },
  );

  app.get(
    `${DOCS_PATH}/assets/:file`,
    ...route({
      summary: "The viewer's script and style",
      tags: ['docs'],
      access: 'public',
      params: assetParams,
      responses: { 200: { description: 'A CSS or JavaScript file from swagger-ui-dist.', media: 'text/javascript' } },
      errors: { 404: 'No such file.' },
    }),
    pageHeaders,
    async (c) => {
      const name = c.req.param('file');
      c.header('Cache-Control', 'public, max-age=3600');
      if (name === 'init.js') {
        c.header('Content-Type', 'text/javascript; charset=utf-8');
        return c.body(INIT_JS);
      }
      const asset = ASSETS[name];
      if (!asset) throw notFound(`no such file: ${name}`);
      c.header('Content-Type', asset[1]);
      return c.body(new Uint8Array(await readFile(join(swaggerDir, asset[0]))));
    },
  );
}

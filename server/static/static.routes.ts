/**
 * @module server/static/static.routes
 * Browser-facing files: `/recorder.js` (the recorder bundle, embedded by
 * customers' pages on any origin), `/tutorial.js` (the `<cobrowse-tutorial>`
 * embed, loaded by help centres on any origin and by `/t/:slug`; the same
 * headers and caching as `/recorder.js`) and `/recorder-chunks/*` (the parts it
 * imports on demand: live help, calls, "Ask for help", video; the same
 * headers, cached for good since their names carry a content hash), `/app/*` (the advisor SPA), `/demo/*`
 * (the demo shop, with its site key filled in), `/favicon.svg` and
 * `/favicon.ico` (the same SVG icon) and `/` → `/app/`.
 * A missing build is a 503 that says to run `npm run build`. The app and the
 * recorder get their security headers from `middleware/secure-headers`.
 * Scripts, the app and the demo are sent gzipped to browsers that accept it
 * (hono's `compress`; tutorial.js is a third of its size gzipped), only on
 * these paths: the API's and ingest's answers keep their own encodings.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { eq } from 'drizzle-orm';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { getMimeType } from 'hono/utils/mime';
import { sites } from '../../db/schema.ts';
import { ApiError, notFound } from '../errors.ts';
import { advisorAppHeaders, scriptHeaders } from '../middleware/secure-headers/index.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { AppDeps } from '../types.ts';
import { FAVICON_PATHS, FAVICON_SVG } from './favicon.ts';
import { z } from 'zod';
import { route } from '../contracts/route.ts';
import { RECORDER_CHUNKS_DIR } from '../../protocol/recorder-constants.ts';
import { TUTORIAL_SCRIPT_FILE, TUTORIAL_SCRIPT_PATH } from '../../protocol/tutorial-embed-constants.ts';

export const SITE_KEY_PLACEHOLDER = '__COBROWSE_SITE_KEY__';

const notBuilt = (what: string) =>
  new ApiError(503, ErrorCode.Unavailable, `${what} is not built: run \`npm run build\` (or \`npm start\`), then reload`);

/** Vite puts content-hashed files under assets/: they can be cached for good. */
const HASHED_ASSET = /^\/app\/assets\//;

/** A recorder chunk's file name as the build writes it (`[name]-[hash].js`): nothing else, no path. */
const RECORDER_CHUNK_NAME = /^[\w-]+\.js$/;

/** A script customers' pages load from their own origins (module scripts are fetched with CORS). */
function publicScript(c: Context, source: Buffer, cacheControl: string) {
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', cacheControl);
  return c.body(new Uint8Array(source));
}

export function staticRoutes({ database: { db }, paths, config }: AppDeps) {
  const recorderFile = join(paths.distDir, 'recorder', 'recorder.js');
  const tutorialFile = join(paths.distDir, 'tutorial', TUTORIAL_SCRIPT_FILE);
  const recorderChunksDir = join(paths.distDir, 'recorder', RECORDER_CHUNKS_DIR);
  const clientDir = join(paths.distDir, 'client');
  const demoDir = resolve(paths.demoDir);

  const app = new Hono();
  app.use('/recorder.js', scriptHeaders());
  app.use(TUTORIAL_SCRIPT_PATH, scriptHeaders());
  app.use(`/${RECORDER_CHUNKS_DIR}/*`, scriptHeaders());
  app.use('/app/*', advisorAppHeaders(config));
  for (const path of ['/recorder.js', TUTORIAL_SCRIPT_PATH, `/${RECORDER_CHUNKS_DIR}/*`, '/app/*', '/demo/*']) app.use(path, compress());
  const redirect = (to: string) =>
    route({ summary: `Redirects to ${to}`, tags: ['app'], access: 'public', responses: { 302: { description: to } } });
  app.get('/', ...redirect('/app/'), (c) => c.redirect('/app/'));
  app.get('/app', ...redirect('/app/'), (c) => c.redirect('/app/'));
  app.get('/demo', ...redirect('/demo/'), (c) => c.redirect('/demo/'));
  for (const path of FAVICON_PATHS) {
    // NOTE: /favicon.ico answers SVG too: browsers go by Content-Type, and it spares a redirect.
    app.get(
      path,
      ...route({
        summary: 'The icon (SVG)',
        tags: ['app'],
        access: 'public',
        responses: { 200: { description: 'The icon.', media: 'image/svg+xml' } },
      }),
      (c) => {
        c.header('Content-Type', 'image/svg+xml');
        c.header('Cache-Control', 'public, max-age=86400');
        return c.body(FAVICON_SVG);
      },
    );
  }

  app.get(
    '/recorder.js',
    ...route({
      summary: "The recorder script customers' pages embed",
      tags: ['app'],
      access: 'public',
      responses: { 200: { description: 'The recorder bundle (any origin may load it).', media: 'text/javascript' } },
      errors: { 503: 'Not built yet.' },
    }),
    async (c) => {
      const source = await readFile(recorderFile).catch(() => undefined);
      if (!source) throw notBuilt('The recorder (dist/recorder/recorder.js)');
      // A fixed name: short caching, so a new build reaches customers' pages soon.
      return publicScript(c, source, 'public, max-age=300');
    },
  );

  app.get(
    TUTORIAL_SCRIPT_PATH,
    ...route({
      summary: "The `<cobrowse-tutorial>` script help centres embed (a published tutorial's player)",
      tags: ['tutorials'],
      access: 'public',
      responses: { 200: { description: 'The tutorial player bundle (any origin may load it).', media: 'text/javascript' } },
      errors: { 503: 'Not built yet.' },
    }),
    async (c) => {
      const source = await readFile(tutorialFile).catch(() => undefined);
      if (!source) throw notBuilt('The tutorial player (dist/tutorial/tutorial.js)');
      // A fixed name, as recorder.js: short caching, so a new build reaches the help centres soon.
      return publicScript(c, source, 'public, max-age=300');
    },
  );

  app.get(
    `/${RECORDER_CHUNKS_DIR}/:file`,
    ...route({
      summary: 'A part of the recorder loaded on demand (live help, calls, Ask for help, video)',
      tags: ['app'],
      access: 'public',
      params: z.object({ file: z.string().regex(RECORDER_CHUNK_NAME).describe('`[name]-[hash].js`, as the build names it') }),
      responses: {
        200: { description: 'The chunk (any origin may load it; named by content, cached for good).', media: 'text/javascript' },
      },
      errors: { 404: 'No such chunk (an old name after a new build, or not a chunk name).' },
    }),
    async (c) => {
      const file = c.req.param('file');
      if (!RECORDER_CHUNK_NAME.test(file)) throw notFound('no such file');
      const source = await readFile(join(recorderChunksDir, file)).catch(() => undefined);
      if (!source) throw notFound(`no such file: ${c.req.path}`);
      // Named by content: a new build writes new names, so a cached copy is never stale.
      return publicScript(c, source, 'public, max-age=31536000, immutable');
    },
  );

  // serveStatic is created once the build exists (it complains about a missing root).
  let clientFiles: MiddlewareHandler | undefined;
  app.get('/app/*', async (c, next) => {
    if (!existsSync(join(clientDir, 'index.html'))) throw notBuilt('The advisor app (dist/client)');
    clientFiles ??= serveStatic({
      root: clientDir,
      rewriteRequestPath: (path) => path.replace(/^\/app/, '') || '/',
      onFound: (_path, c) => {
        c.header('Cache-Control', HASHED_ASSET.test(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    return clientFiles(c, next);
  });
  app.get('/app/*', async (c) => {
    // SPA: client-side routes (no file extension) get index.html; missing assets stay 404.
    const last = c.req.path.split('/').pop() ?? '';
    if (last.includes('.')) throw notFound(`no such file: ${c.req.path}`);
    c.header('Cache-Control', 'no-cache');
    return c.html(await readFile(join(clientDir, 'index.html'), 'utf8'));
  });

  app.get('/demo/*', async (c) => {
    if (!existsSync(demoDir)) {
      throw new ApiError(503, ErrorCode.Unavailable, `The demo shop's files are missing (${paths.demoDir})`);
    }
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path.slice('/demo/'.length)) || 'index.html';
    } catch {
      throw notFound('no such file');
    }
    let file = resolve(demoDir, relative);
    if (file !== demoDir && !file.startsWith(demoDir + sep)) throw notFound('no such file');
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) file = join(file, 'index.html');
    const content = await readFile(file).catch(() => undefined);
    if (!content) throw notFound(`no such file: ${c.req.path}`);
    const type = getMimeType(file) ?? 'application/octet-stream';
    c.header('Content-Type', type);
    c.header('Cache-Control', 'no-cache');
    if (!/^text\/(html|javascript)/.test(type)) return c.body(new Uint8Array(content));
    const [demo] = await db.select({ siteKey: sites.siteKey }).from(sites).where(eq(sites.demo, true)).limit(1);
    return c.body(content.toString('utf8').replaceAll(SITE_KEY_PLACEHOLDER, demo?.siteKey ?? ''));
  });

  return app;
}

/**
 * @module server/sessions/sessions.routes
 * The advisor's session endpoints: list, detail, chunk range, chunk bytes,
 * export, and (admins) import (see `protocol/api.ts`). Everything in the
 * caller's scope: another organisation's session, or one of a site the member
 * may not see, answers 404.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { recordingViews } from '../audit/recording-views.ts';
import { badRequest, notFound, payloadTooLarge } from '../errors.ts';
import { chunkEncoding, decompress, parseJson } from '../ingest/chunk-body.ts';
import { parseIntParam, readQuery } from '../lib/request.ts';
import { siteInScope } from '../scope/index.ts';
import { uuids, uuidParam, seqParam } from '../contracts/params.ts';
import { route } from '../contracts/route.ts';
import { MAX_CHUNKS_PER_BATCH, MAX_IMPORT_BYTES, MAX_IMPORT_RAW_BYTES } from '../../protocol/api-constants.ts';
import {
  chunkEventListsSchema,
  chunkRangeQuerySchema,
  chunkRangeSchema,
  sessionDetailSchema,
  sessionExportSchema,
  sessionImportQuerySchema,
  sessionImportSchema,
  sessionListQuerySchema,
  sessionPageSchema,
  type ChunkRange,
  type SessionDetail,
  type SessionImport,
  type SessionPage,
} from '../../protocol/api.ts';
import { MAX_SEQ } from '../../protocol/ingest.ts';
import type { AppDeps } from '../types.ts';
import { servedChunks, sessionRewriter, type ServedChunks } from '../assets/asset-rewrite.ts';
import { requestAssetCaptures } from '../assets/asset-jobs.ts';
import { requestSearchIndex } from '../search/search-jobs.ts';
import { requestCompaction } from '../storage/chunk-compaction.ts';
import { exportFontsAsBytes } from '../assets/export-fonts.ts';
import { importContent } from './import-formats.ts';
import { chunkEventsBody } from './chunk-events.ts';
import { exportSessionStream } from './session-export.ts';
import { importSessions } from './session-import.ts';
import { chunkRange, listSessions, sessionDetail, sessionInScope, storedChunk, storedChunks } from './session-queries.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** `POST /import`: the site the import goes to, checked before its body is read. */
    importSiteId: string;
  }
}

/**
 * Stored chunks never change (a different body under a stored seq is
 * refused), so browsers may keep them — once their assets are captured: until
 * then their addresses may still be pointed at the server's copies.
 */
const IMMUTABLE = 'private, max-age=31536000, immutable';
const cacheControl = (served: ServedChunks) => (served.settled ? IMMUTABLE : 'private, no-cache');

export function sessionsRoutes(deps: AppDeps) {
  const { db } = deps.database;
  const existingSession = (c: Context) => sessionInScope(c.get('scope'), c.req.param('id') ?? '');

  /** `POST /import`: the site (one of the caller's) is checked before the body is read, so an unknown site costs no upload. */
  const importSite: MiddlewareHandler = async (c, next) => {
    const { siteId } = readQuery(c, sessionImportQuerySchema);
    if (!(await siteInScope(c.get('scope'), siteId))) throw notFound('no such site');
    c.set('importSiteId', siteId.toLowerCase());
    await next();
  };
  // Counted as the bytes arrive, so an oversized upload is cut off, never buffered whole.
  const importLimit = bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: () => {
      throw payloadTooLarge(
        `import body is over ${MAX_IMPORT_BYTES} bytes (gzip it: up to ${MAX_IMPORT_RAW_BYTES} bytes decompressed are accepted)`,
      );
    },
  });
  /** The chunks named by `?seqs=` as served (addresses at stored assets), in the order asked; 404 when one is missing. */
  const requestedChunks = async (c: Context) => {
    const row = await existingSession(c);
    const seqs = parseSeqList(c.req.query('seqs'));
    const stored = await storedChunks(c.get('scope'), row, seqs);
    return { stored, served: await servedChunks(db, deps.config, row.id, seqs, stored) };
  };

  const views = recordingViews(); // audit: views (one an hour) and exports
  const read = { tags: ['sessions'], access: 'sessions.read', params: uuids('id') } as const;
  const seqsQuery = z.object({ seqs: z.string().describe(`Chunk numbers, comma-separated (at most ${MAX_CHUNKS_PER_BATCH}).`) });

  return (
    new Hono()
      .post(
        '/import',
        ...route({
          summary: 'Import rrweb or PostHog exports as sessions',
          tags: ['sessions'],
          access: 'sessions.import',
          query: sessionImportQuerySchema,
          body: {
            media: ['application/json', 'application/gzip'],
            description: 'An rrweb event array or a PostHog export (JSON, or gzipped).',
          },
          responses: { 201: sessionImportSchema },
          errors: { 404: 'No such site.', 413: 'The body is too large.', 415: 'Not JSON or gzip.' },
        }),
        importSite,
        importLimit,
        async (c) => {
          // gzip as the Content-Type (what `npm run import` sends) or as Content-Encoding over JSON.
          const gzipped = c.req.header('content-encoding')?.trim().toLowerCase() === 'gzip';
          const encoding = gzipped ? 'gzip' : chunkEncoding(c.req.header('content-type'), 'import body');
          const raw = await decompress(new Uint8Array(await c.req.arrayBuffer()), encoding, MAX_IMPORT_RAW_BYTES, 'import');
          const content = importContent(parseJson(raw, 'import body'));
          const siteId = c.get('importSiteId');
          const imported = await importSessions(c.get('scope'), siteId, content.windows);
          // The files the recording names, fetched for replays as for a recorded chunk (server/assets).
          if (imported.captures.length) await requestAssetCaptures(deps.jobs, deps.logger, imported.captures);
          // Stored again against each session's first snapshot, and its text indexed, as a recorded session's (server/storage, server/search).
          for (const { sessionId } of imported.sessions) {
            await requestCompaction(deps.jobs, deps.logger, sessionId);
            await requestSearchIndex(deps.jobs, deps.logger, { kind: 'session', id: sessionId }, 0);
          }
          return c.json<SessionImport>({ format: content.format, siteId, sessions: imported.sessions }, 201);
        },
      )
      .get(
        '/',
        ...route({
          summary: 'List recorded sessions (filters, keyset pages)',
          tags: ['sessions'],
          access: 'sessions.read',
          query: sessionListQuerySchema,
          responses: { 200: sessionPageSchema },
        }),
        async (c) => {
          const query = readQuery(c, sessionListQuerySchema);
          return c.json<SessionPage>(await listSessions(c.get('scope'), query));
        },
      )
      .get(
        '/:id',
        ...route({
          ...read,
          summary: 'One session: pages, markers, chat, the replay bounds',
          responses: { 200: sessionDetailSchema },
        }),
        views,
        async (c) => {
          const row = await existingSession(c);
          return c.json<SessionDetail>(await sessionDetail(c.get('scope'), row));
        },
      )
      // Gzipped: a whole hour's list is a few hundred KB of JSON (the player prefetches it).
      .get(
        '/:id/chunks',
        ...route({
          ...read,
          summary: 'The chunks a player needs for a time window (from the last full snapshot)',
          query: chunkRangeQuerySchema,
          responses: { 200: chunkRangeSchema },
        }),
        views,
        compress({ encoding: 'gzip' }),
        async (c) => {
          const row = await existingSession(c);
          const query = readQuery(c, chunkRangeQuerySchema);
          return c.json<ChunkRange>(await chunkRange(c.get('scope'), row, query));
        },
      )
      .get(
        '/:id/chunks/:seq',
        ...route({
          ...read,
          summary: "One chunk's stored bytes",
          params: z.object({ id: uuidParam, seq: seqParam }),
          responses: {
            200: { description: 'The gzipped JSON events (ETag, immutable).', media: 'application/gzip', binary: true },
            304: { description: 'Not modified (If-None-Match).' },
          },
        }),
        views,
        async (c) => {
          const row = await existingSession(c);
          const seq = parseIntParam(c.req.param('seq'), 'seq', MAX_SEQ);
          const chunk = await storedChunk(c.get('scope'), row, seq);
          const served = await servedChunks(db, deps.config, row.id, [seq], [chunk.data]);
          const json = served.json[0]!;
          const etag = `"${served.changed[0] ? createHash('sha256').update(json).digest('hex') : chunk.sha256}"`;
          c.header('ETag', etag);
          c.header('Cache-Control', cacheControl(served));
          if (c.req.header('if-none-match') === etag) return c.body(null, 304);
          // NOTE: application/gzip, not Content-Encoding: the player gunzips with
          // DecompressionStream, and no proxy or browser may decode it on the way.
          c.header('Content-Type', 'application/gzip');
          return c.body(new Uint8Array(served.changed[0] ? gzipSync(json) : chunk.data), 200);
        },
      )
      .get(
        '/:id/chunk-data',
        ...route({
          ...read,
          summary: 'Several chunks in one answer: their gzip members, concatenated',
          query: seqsQuery,
          responses: {
            200: { description: 'The chunks asked for, in order, each a gzip member.', media: 'application/octet-stream', binary: true },
          },
        }),
        views,
        async (c) => {
          // One request for a whole window: opening a recording far from a
          // snapshot needs hundreds of one-second chunks, and a request each
          // costs more than the bytes.
          const { stored, served } = await requestedChunks(c);
          const parts = stored.map((data, i) => (served.changed[i] ? gzipSync(served.json[i]!) : data));
          const body = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
          let offset = 0;
          for (const part of parts) {
            body.set(part, offset);
            offset += part.byteLength;
          }
          c.header('Content-Type', 'application/octet-stream');
          // A chunk whose addresses now point at stored copies, or one compacted (server/storage) and gzipped anew,
          // is not `byteSize` long: the parts' real lengths.
          c.header('X-Chunk-Sizes', parts.map((p) => p.byteLength).join(','));
          c.header('Cache-Control', cacheControl(served));
          return c.body(body, 200);
        },
      )
      .get(
        '/:id/chunk-events',
        ...route({
          ...read,
          summary: "Several chunks' events as one JSON answer (the player's form)",
          query: seqsQuery,
          responses: { 200: chunkEventListsSchema },
        }),
        views,
        async (c) => {
          // The player's form of chunk-data: one JSON answer, one gzip for the wire (see chunk-events.ts).
          const { served } = await requestedChunks(c);
          const gzipped = /\bgzip\b/i.test(c.req.header('accept-encoding') ?? '');
          const body = await chunkEventsBody(served.json, gzipped);
          c.header('Content-Type', 'application/json; charset=utf-8');
          if (gzipped) c.header('Content-Encoding', 'gzip');
          c.header('Vary', 'Accept-Encoding');
          c.header('Cache-Control', cacheControl(served));
          return c.body(new Uint8Array(body), 200);
        },
      )
      .get(
        '/:id/export',
        ...route({
          ...read,
          summary: 'Export a session as one rrweb event array (streamed)',
          responses: { 200: sessionExportSchema },
        }),
        views,
        async (c) => {
          const row = await existingSession(c);
          c.header('Content-Type', 'application/json; charset=utf-8');
          c.header('Content-Disposition', `attachment; filename="session-${row.id}.json"`);
          c.header('Cache-Control', 'private, no-cache');
          // Addresses at the server's copies; fonts a script added by URL as their bytes, which stock rrweb draws.
          const rewrite = await exportFontsAsBytes(db, deps.config, row.id, await sessionRewriter(db, deps.config, row.id));
          return c.body(exportSessionStream(c.get('scope'), row, rewrite), 200);
        },
      )
  );
}

/** `3,4,5` → [3, 4, 5]: distinct, bounded, in the order given. */
function parseSeqList(raw: string | undefined): number[] {
  const parts = (raw ?? '').split(',').filter((p) => p !== '');
  if (parts.length === 0) throw badRequest('seqs: give the chunk numbers, comma-separated');
  if (parts.length > MAX_CHUNKS_PER_BATCH) throw badRequest(`seqs: at most ${MAX_CHUNKS_PER_BATCH} chunks per request`);
  const seqs = parts.map((p) => {
    if (!/^\d{1,10}$/.test(p) || Number(p) > MAX_SEQ) throw badRequest(`seqs: "${p.slice(0, 20)}" is not a chunk number`);
    return Number(p);
  });
  if (new Set(seqs).size !== seqs.length) throw badRequest('seqs: a chunk number appears twice');
  return seqs;
}

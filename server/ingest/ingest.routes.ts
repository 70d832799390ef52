/**
 * @module server/ingest/ingest.routes
 * The recorder's endpoints, exactly as `protocol/ingest.ts` defines them:
 * `PUT /ingest/v1/sessions/:sessionId` and
 * `PUT /ingest/v1/sessions/:sessionId/chunks/:seq` (POST is accepted as an
 * alias of both, for senders that cannot PUT). Every failure is a 4xx with a
 * protocol error code, and a failed request stores nothing.
 *
 * Creating a session answers its secret (`sessionToken`) once: the one the
 * start proposed, else a new one; every chunk, and any later start of the
 * same session, must present it (see `middleware/session-token`). The site
 * key and origin are checked for every ingest path by `ingest-api.ts`.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { sessions } from '../../db/schema.ts';
import { ApiError, badRequest, payloadTooLarge } from '../errors.ts';
import { isUuid, parseIntParam, readJson } from '../lib/request.ts';
import { MAX_TIMESTAMP_MS } from '../lib/text.ts';
import {
  invalidSessionToken,
  presentedSessionToken,
  sessionToken,
  sessionTokenForNewSession,
  tokenMatches,
} from '../middleware/session-token/index.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import {
  CHUNK_CONTENT_TYPE_GZIP,
  CHUNK_CONTENT_TYPE_JSON,
  MAX_CHUNK_BYTES,
  MAX_SEQ,
  chunkAckSchema,
  chunkEventsSchema,
  sessionAckSchema,
  sessionStartSchema,
  type ChunkAck,
  type SessionAck,
} from '../../protocol/ingest.ts';
import { seqParam, uuidParam } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import type { AppDeps } from '../types.ts';
import { analyzeChunk } from './chunk-analysis.ts';
import { chunkEncoding, decompress, gzipForStorage, parseEvents } from './chunk-body.ts';
import { sequenceConflict, storeChunk, storedChunkSha256 } from './chunk-store.ts';
import { ingestJobs } from './ingest-jobs.ts';
import { assertEventTimes, implausibleStart, startTimeVerdict } from './time-window.ts';
import { visitIdOf } from '../sessions/visit-id.ts';
import { namesAssetUrls } from '../assets/asset-jobs.ts';
import { shareInlineStylesheets } from '../assets/inline-stylesheets.ts';

const MAX_SESSION_START_BYTES = 64 * 1024;

const SESSION_START: RouteContract = {
  summary: 'Start (or re-announce) a recording session',
  description:
    'Creating answers the session token once (201): the one the start proposes as `Authorization: Bearer` (32 random bytes, base64url), else a new one. A repeated start presents it and answers 200, so a recorder that proposed its token can send a start whose answer it lost again. POST is an alias of PUT.',
  tags: ['ingest'],
  access: 'ingest',
  params: z.object({ sessionId: uuidParam }),
  body: sessionStartSchema,
  responses: { 200: sessionAckSchema, 201: sessionAckSchema },
  errors: {
    400: 'The body is not a session start, or the proposed session token is not 32 bytes in base64url.',
    401: 'The session exists and the request does not present its token.',
    409: 'The session id is used by another site.',
    413: 'The body is over 64 KB.',
  },
};

const CHUNK: RouteContract = {
  summary: "Upload one numbered chunk of a session's rrweb events",
  description: 'Idempotent on (session, seq): the same events again answer 200 `duplicate`, different ones 409. POST is an alias of PUT.',
  tags: ['ingest'],
  access: 'ingest',
  params: z.object({ sessionId: uuidParam, seq: seqParam }),
  body: {
    media: [CHUNK_CONTENT_TYPE_JSON, CHUNK_CONTENT_TYPE_GZIP],
    description: 'A JSON array of rrweb events, or the same gzipped.',
    schema: chunkEventsSchema,
  },
  responses: { 200: chunkAckSchema, 201: chunkAckSchema },
  errors: { 409: 'This seq is stored with other events.', 413: 'The body is too large.', 415: 'Not JSON or gzip.' },
};
const MAX_INT32 = 2 ** 31 - 1;
/** What rrweb names an inlined stylesheet's text: only chunks holding one can cost a stylesheet write. */
const CSS_TEXT_BYTES = Buffer.from('_cssText');

export function ingestRoutes(deps: AppDeps) {
  const { db } = deps.database;
  const app = new Hono();
  const jobs = ingestJobs(deps);

  const sessionIdParam = (c: Context) => {
    const id = c.req.param('sessionId') ?? '';
    if (!isUuid(id)) throw badRequest('session id must be a UUID');
    return id.toLowerCase();
  };

  const putSession = async (c: Context) => {
    const sessionId = sessionIdParam(c);
    const site = c.get('site');
    const start = await readJson(c, sessionStartSchema);
    if (start.startedAt > MAX_TIMESTAMP_MS) throw badRequest('startedAt is not a plausible epoch-ms time');
    const verdict = startTimeVerdict(start.startedAt);
    if (verdict !== 'ok') {
      // A long-lived tab re-announces its session (a new page) with the
      // original start: an existing session of this site is always welcome.
      const [existing] = await db
        .select({ siteId: sessions.siteId, tokenHash: sessions.tokenHash })
        .from(sessions)
        .where(eq(sessions.id, sessionId));
      if (verdict === 'too_old' && existing?.siteId === site.id) {
        if (!tokenMatches(existing.tokenHash, presentedSessionToken(c))) {
          throw invalidSessionToken('this session exists: only its own session token may start it again');
        }
        return c.json<SessionAck>({ sessionId, created: false }, 200);
      }
      throw implausibleStart(start.startedAt, verdict);
    }
    if (start.viewport && (start.viewport.width > MAX_INT32 || start.viewport.height > MAX_INT32)) {
      throw badRequest('viewport is too large');
    }
    const secret = sessionTokenForNewSession(c);
    const inserted = await db
      .insert(sessions)
      .values({
        id: sessionId,
        siteId: site.id,
        tokenHash: secret.hash,
        startedAt: new Date(start.startedAt),
        firstUrl: start.url,
        visitId: visitIdOf(site.id, start.visitKey),
        userAgent: start.userAgent,
        viewportWidth: start.viewport?.width ?? null,
        viewportHeight: start.viewport?.height ?? null,
        language: start.language ?? null,
        metadata: start.metadata,
      })
      .onConflictDoNothing({ target: sessions.id })
      .returning({ id: sessions.id });
    if (inserted.length) return c.json<SessionAck>({ sessionId, created: true, sessionToken: secret.token }, 201);

    const [existing] = await db
      .select({ siteId: sessions.siteId, tokenHash: sessions.tokenHash })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    if (existing?.siteId !== site.id) {
      // A random UUID colliding across sites means a bug or probing: refuse, say why.
      throw new ApiError(409, ErrorCode.Conflict, 'this session id is already used by another site');
    }
    // NOTE: the secret is handed out once, at creation. A repeated start only
    // confirms a session its caller already owns (it presents the secret it
    // proposed, or was handed); anyone else (or a recorder that proposed none
    // and lost the first answer) is refused and must start a new session.
    if (!tokenMatches(existing.tokenHash, presentedSessionToken(c))) {
      throw invalidSessionToken('this session exists: only its own session token may start it again');
    }
    return c.json<SessionAck>({ sessionId, created: false }, 200);
  };

  const putChunk = async (c: Context) => {
    const sessionId = sessionIdParam(c);
    const seq = parseIntParam(c.req.param('seq') ?? '', 'seq', MAX_SEQ);
    const encoding = chunkEncoding(c.req.header('content-type'));
    // Verified by the sessionToken middleware before the body is read.
    const session = c.get('session');

    const body = new Uint8Array(await c.req.arrayBuffer());
    const raw = await decompress(body, encoding);
    const events = parseEvents(raw);
    const facts = analyzeChunk(events);
    assertEventTimes(facts, { startedAt: session.startedAt.getTime(), createdAt: session.createdAt.getTime() });
    const sha256 = createHash('sha256').update(raw).digest('hex');
    // A retried snapshot is answered before its stylesheets are shared again (a write and a re-gzip);
    // other chunks skip this read: storing tells a retry too.
    if (raw.includes(CSS_TEXT_BYTES)) {
      const stored = await storedChunkSha256(db, sessionId, seq);
      if (stored === sha256) return c.json<ChunkAck>({ sessionId, seq, duplicate: true }, 200);
      if (stored !== undefined) throw sequenceConflict(seq);
    }
    // Before the stylesheets are shared (their url()s are then out of sight).
    const capture = namesAssetUrls(events);
    // The site's stylesheets, which rrweb repeats in every snapshot, kept once (server/assets); the sha256 stays the upload's.
    const shared = await shareInlineStylesheets(db, { sessionId, siteId: c.get('site').id }, events);
    const data = shared
      ? await gzipForStorage(body, 'json', Buffer.from(JSON.stringify(events)))
      : await gzipForStorage(body, encoding, raw);

    const { duplicate } = await storeChunk(db, { ...facts, sessionId, seq, sha256, rawSize: raw.byteLength, data, namesAssets: capture });
    // Search reads the session's text once its chunks settle (one run per burst: a singleton job, a throttled send).
    if (!duplicate) await jobs.chunkStored(sessionId);
    // The stylesheets, images and fonts it names, fetched once for replays (server/assets).
    if (!duplicate && capture) await jobs.chunkNamesAssets(sessionId, seq);
    // Once the chunks settle, stored again against the session's first snapshot (server/storage).
    if (!duplicate) await jobs.chunkSettling(sessionId);
    return c.json<ChunkAck>({ sessionId, seq, duplicate }, duplicate ? 200 : 201);
  };

  // bodyLimit counts bytes as they arrive (or trusts Content-Length, which
  // Node enforces), so an oversized upload is cut off, never buffered whole.
  const sessionLimit = bodyLimit({
    maxSize: MAX_SESSION_START_BYTES,
    onError: () => {
      throw payloadTooLarge(`session start is over ${MAX_SESSION_START_BYTES} bytes`);
    },
  });
  const chunkLimit = bodyLimit({
    maxSize: MAX_CHUNK_BYTES,
    onError: () => {
      throw payloadTooLarge(`chunk body is over ${MAX_CHUNK_BYTES} bytes`);
    },
  });

  app.on(['PUT', 'POST'], '/sessions/:sessionId', ...route(SESSION_START), sessionLimit, putSession);
  // The session and its secret are checked before the body is read (and gunzipped).
  app.on(['PUT', 'POST'], '/sessions/:sessionId/chunks/:seq', ...route(CHUNK), sessionToken(db, sessionIdParam), chunkLimit, putChunk);
  return app;
}

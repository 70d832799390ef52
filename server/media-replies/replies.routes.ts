/**
 * @module server/media-replies/replies.routes
 * The advisor side of video replies and customer links under
 * `/api/sessions/:id` (see `protocol/media.ts`), bearer auth with `replies.send`,
 * on a session in the caller's scope (else 404). A reply is a
 * media track of kind `reply`, uploaded in chunks with ingest's rules
 * (idempotent, 409 on different bytes) and sent once every chunk is stored.
 * Joined with the sessions routes in `sessions/sessions-api.ts`.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, badRequest, notFound, payloadTooLarge } from '../errors.ts';
import { parseIntParam, readJson, readQuery } from '../lib/request.ts';
import { MAX_TIMESTAMP_MS } from '../lib/text.ts';
import { mediaUrlExpiry, type MediaUrlSigner } from '../media-api/media-url.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import { seqParam, trackIdParam, uuidParam, uuids } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import { API_BASE } from '../../protocol/api-constants.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { MAX_SEQ } from '../../protocol/ingest.ts';
import {
  MAX_MEDIA_CHUNK_BYTES,
  MEDIA_CHUNK_CONTENT_TYPES,
  MEDIA_TOKEN_QUERY,
  MEDIA_TRACK_ID_PATTERN,
  REPLY_LINK_BASE,
  REPLY_LINK_DEFAULT_TTL_MS,
  mediaChunkAckSchema,
  replyInfoSchema,
  replyLinkCreatedSchema,
  replyLinkInfoSchema,
  replyLinkListSchema,
  replyListSchema,
  replyChunkQuerySchema,
  replyLinkCreateSchema,
  replySendSchema,
  replyStartSchema,
  type MediaChunkAck,
  type ReplyInfo,
  type ReplyLinkCreated,
  type ReplyLinkList,
  type ReplyList,
} from '../../protocol/media.ts';
import { sessionInScope } from '../sessions/session-queries.ts';
import type { AppDeps } from '../types.ts';
import {
  createLink,
  deleteReplyRow,
  findReply,
  linkInfo,
  listLinks,
  markSent,
  revokeLink,
  sessionReplies,
  startReply,
  storeReplyChunk,
  type ReplyRow,
} from './reply-queries.ts';
import type { SessionRow } from '../sessions/session-dto.ts';

const TRACK_ID = new RegExp(MEDIA_TRACK_ID_PATTERN);

export function repliesRoutes(_deps: AppDeps, store: MediaStore, signer: MediaUrlSigner) {
  const reply = (summary: string, more: Partial<RouteContract> = {}) =>
    route({
      summary,
      tags: ['replies'],
      access: 'replies.send',
      params: z.object({ id: uuidParam, replyId: trackIdParam }),
      responses: { 200: replyInfoSchema },
      ...more,
    });

  /** The path's session, in the caller's scope (another organisation's, or a site they may not see: 404). */
  const sessionParam = (c: Context) => sessionInScope(c.get('scope'), c.req.param('id') ?? '');
  const replyParam = (c: Context) => {
    const replyId = c.req.param('replyId') ?? '';
    if (!TRACK_ID.test(replyId)) throw badRequest('reply id must be 1-64 letters, digits, _ or -');
    return replyId;
  };
  const info = (r: ReplyRow): ReplyInfo => {
    const expiresAt = mediaUrlExpiry();
    const token = signer.sign(r.sessionId, r.replyId, expiresAt);
    const { chunkCount: _chunks, sentAt, ...rest } = r;
    return {
      ...rest,
      sentAt: sentAt?.toISOString() ?? null,
      url: `${API_BASE}/sessions/${r.sessionId}/media/${encodeURIComponent(r.replyId)}?${MEDIA_TOKEN_QUERY}=${token}`,
      urlExpiresAt: expiresAt,
    };
  };
  const replyInfo = async (c: Context, session: SessionRow, replyId: string) => {
    const row = (await sessionReplies(c.get('scope'), session)).find((r) => r.replyId === replyId);
    if (!row) throw notFound('no such reply');
    return row;
  };
  const chunkLimit = bodyLimit({
    maxSize: MAX_MEDIA_CHUNK_BYTES,
    onError: () => {
      throw payloadTooLarge(`reply chunk is over ${MAX_MEDIA_CHUNK_BYTES} bytes`);
    },
  });

  return new Hono()
    .get(
      '/:id/replies',
      ...reply("The advisors' video replies of a session", { params: uuids('id'), responses: { 200: replyListSchema } }),
      async (c) => {
        const session = await sessionParam(c);
        c.header('Cache-Control', 'private, no-cache');
        return c.json<ReplyList>({ sessionId: session.id, replies: (await sessionReplies(c.get('scope'), session)).map(info) });
      },
    )
    .put(
      '/:id/replies/:replyId',
      ...reply('Start recording a video reply', {
        body: replyStartSchema,
        responses: { 200: replyInfoSchema, 201: replyInfoSchema },
        errors: { 409: "The reply id is another advisor's." },
      }),
      async (c) => {
        const session = await sessionParam(c);
        const replyId = replyParam(c);
        const start = await readJson(c, replyStartSchema);
        if (start.startedAt > MAX_TIMESTAMP_MS) throw badRequest('startedAt is not a plausible epoch-ms time');
        const scope = c.get('scope');
        const existing = await findReply(scope, session, replyId);
        if (existing && existing.advisorId !== scope.advisor.id) throw new ApiError(409, ErrorCode.Conflict, 'reply id taken');
        const { created } = await startReply(scope, session, {
          replyId,
          mimeType: start.mimeType,
          startedAt: start.startedAt,
          title: start.title || null,
        });
        return c.json<ReplyInfo>(info(await replyInfo(c, session, replyId)), created ? 201 : 200);
      },
    )
    .put(
      '/:id/replies/:replyId/chunks/:seq',
      ...reply('Upload one WebM segment of a reply', {
        params: z.object({ id: uuidParam, replyId: trackIdParam, seq: seqParam }),
        query: replyChunkQuerySchema,
        body: { media: MEDIA_CHUNK_CONTENT_TYPES, description: 'The segment as MediaRecorder produced it.' },
        responses: { 200: mediaChunkAckSchema, 201: mediaChunkAckSchema },
        errors: { 409: 'Other bytes under this seq, or the reply was sent.', 413: 'The body is too large.', 415: 'Not WebM.' },
      }),
      chunkLimit,
      async (c) => {
        const session = await sessionParam(c);
        const sessionId = session.id;
        const replyId = replyParam(c);
        const seq = parseIntParam(c.req.param('seq') ?? '', 'seq', MAX_SEQ);
        const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
        if (!MEDIA_CHUNK_CONTENT_TYPES.some((t) => t === mediaType)) {
          throw new ApiError(415, ErrorCode.UnsupportedMediaType, `reply chunk body must be ${MEDIA_CHUNK_CONTENT_TYPES.join(' or ')}`);
        }
        const timing = readQuery(c, replyChunkQuerySchema);
        const reply = await findReply(c.get('scope'), session, replyId);
        if (!reply) throw notFound('unknown reply: PUT the reply before its chunks');
        if (reply.sentAt) throw new ApiError(409, ErrorCode.Conflict, 'this reply was sent: it cannot change');
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        if (bytes.byteLength === 0) throw badRequest('reply chunk body is empty');
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const { duplicate } = await storeReplyChunk(c.get('scope'), store, session, { trackId: replyId, seq, ...timing, sha256, bytes });
        return c.json<MediaChunkAck>({ sessionId, trackId: replyId, seq, duplicate }, duplicate ? 200 : 201);
      },
    )
    .post(
      '/:id/replies/:replyId/send',
      ...reply('Send a reply once all its chunks are stored', { body: replySendSchema, errors: { 409: 'Chunks are missing.' } }),
      async (c) => {
        const session = await sessionParam(c);
        const replyId = replyParam(c);
        const { chunks } = await readJson(c, replySendSchema);
        const row = await replyInfo(c, session, replyId);
        if (row.chunkCount < chunks) {
          throw new ApiError(409, ErrorCode.Conflict, `reply has ${row.chunkCount} of ${chunks} chunks: upload the rest first`);
        }
        if (!row.sentAt) await markSent(c.get('scope'), session, replyId);
        return c.json<ReplyInfo>(info(await replyInfo(c, session, replyId)));
      },
    )
    .delete(
      '/:id/replies/:replyId',
      ...reply('Delete a reply and its video', { responses: { 204: { description: 'Deleted.' } } }),
      async (c) => {
        const session = await sessionParam(c);
        const replyId = replyParam(c);
        if (!(await findReply(c.get('scope'), session, replyId))) throw notFound('no such reply');
        await deleteReplyRow(c.get('scope'), session, replyId);
        await store.delete(session.id, replyId);
        return c.body(null, 204);
      },
    )
    .post(
      '/:id/reply-links',
      ...reply("Make a customer link to the session's sent replies (its token is shown once)", {
        params: uuids('id'),
        body: replyLinkCreateSchema,
        responses: { 201: replyLinkCreatedSchema },
      }),
      async (c) => {
        const session = await sessionParam(c);
        const { ttlMs } = await readJson(c, replyLinkCreateSchema);
        const { token, row } = await createLink(c.get('scope'), session, ttlMs ?? REPLY_LINK_DEFAULT_TTL_MS);
        c.header('Cache-Control', 'no-store');
        return c.json<ReplyLinkCreated>({ ...linkInfo(row), token, path: `${REPLY_LINK_BASE}/${token}` }, 201);
      },
    )
    .get(
      '/:id/reply-links',
      ...reply("The session's customer reply links", { params: uuids('id'), responses: { 200: replyLinkListSchema } }),
      async (c) => {
        const session = await sessionParam(c);
        return c.json<ReplyLinkList>({ links: (await listLinks(c.get('scope'), session)).map(linkInfo) });
      },
    )
    .delete(
      '/:id/reply-links/:linkId',
      ...reply('Revoke a customer reply link', { params: uuids('id', 'linkId'), responses: { 200: replyLinkInfoSchema } }),
      async (c) => {
        const session = await sessionParam(c);
        const row = await revokeLink(c.get('scope'), session, c.req.param('linkId') ?? '');
        if (!row) throw notFound('no such link');
        return c.json(linkInfo(row));
      },
    );
}

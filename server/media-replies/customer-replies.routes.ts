/**
 * @module server/media-replies/customer-replies.routes
 * The customer's side of a reply link, at `/s/:token` (see
 * `protocol/media.ts`): the page, the list of sent replies, and each reply's
 * WebM with Range. The token is the only credential and grants exactly this:
 * the sent replies of one session (and the names of the site and advisor
 * they come from), until it expires or is revoked. The page is in the
 * customer's language (`Accept-Language`); it (and its 404/410) carries the
 * private pages' headers (`middleware/secure-headers`).
 */
import { Hono, type Context } from 'hono';
import { notFound } from '../errors.ts';
import { trackResponse } from '../media-api/track-response.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import { cspNonce, privatePageHeaders } from '../middleware/secure-headers/index.ts';
import { MEDIA_TRACK_ID_PATTERN, REPLY_LINK_BASE, customerReplyViewSchema, type CustomerReplyView } from '../../protocol/media.ts';
import type { AppDeps } from '../types.ts';
import { z } from 'zod';
import { linkTokenParam, trackIdParam } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import { pickLanguage } from '../lib/accept-language.ts';
import { customerPage } from './customer-page.ts';
import { REPLY_PAGE_LANGUAGES } from './customer-page-text.ts';
import { linkForToken, linkSender, listReplies } from './reply-queries.ts';

const TRACK_ID = new RegExp(MEDIA_TRACK_ID_PATTERN);

const replyLink = (summary: string, responses: RouteContract['responses'], params: z.ZodObject = z.object({ token: linkTokenParam })) =>
  route({ summary, tags: ['customer', 'replies'], access: 'customer-link', params, responses });

export function customerRepliesRoutes({ database: { db } }: AppDeps, store: MediaStore) {
  const privateHeaders = (c: Context) => {
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    c.header('X-Content-Type-Options', 'nosniff');
  };

  return (
    new Hono()
      // NOTE: the headers wrap the handler, so an unknown or expired link's 404/410 gets them too.
      .use('/:token', privatePageHeaders())
      .get(
        '/:token',
        ...replyLink("The customer's video replies page (in their language)", { 200: { description: 'The page.', media: 'text/html' } }),
        async (c) => {
          const link = await linkForToken(db, c.req.param('token'));
          const { siteName, advisorName } = await linkSender(db, link);
          privateHeaders(c);
          c.header('Cache-Control', 'no-store');
          c.header('Vary', 'Accept-Language');
          const lang = pickLanguage(c.req.header('accept-language'), REPLY_PAGE_LANGUAGES);
          return c.html(customerPage({ lang, siteName, advisorName, nonce: cspNonce(c) }));
        },
      )
      .get('/:token/replies', ...replyLink('The sent replies behind this link', { 200: customerReplyViewSchema }), async (c) => {
        const token = c.req.param('token');
        const link = await linkForToken(db, token);
        privateHeaders(c);
        c.header('Cache-Control', 'no-store');
        const replies = await listReplies(db, link.sessionId, true);
        return c.json<CustomerReplyView>({
          expiresAt: link.expiresAt.toISOString(),
          replies: replies.map((r) => ({
            replyId: r.replyId,
            title: r.title,
            advisorName: r.advisorName,
            durationMs: r.durationMs,
            sentAt: r.sentAt!.toISOString(),
            mimeType: r.mimeType,
            url: `${REPLY_LINK_BASE}/${token}/replies/${encodeURIComponent(r.replyId)}`,
          })),
        });
      })
      .get(
        '/:token/replies/:replyId',
        ...replyLink(
          "One reply's WebM (HTTP Range)",
          {
            200: { description: 'The WebM stream.', media: 'video/webm', binary: true },
            206: { description: 'The range asked for.', media: 'video/webm', binary: true },
          },
          z.object({ token: linkTokenParam, replyId: trackIdParam }),
        ),
        async (c) => {
          const link = await linkForToken(db, c.req.param('token'));
          const replyId = c.req.param('replyId');
          const reply = TRACK_ID.test(replyId)
            ? (await listReplies(db, link.sessionId, true)).find((r) => r.replyId === replyId)
            : undefined;
          if (!reply) throw notFound('no such reply');
          privateHeaders(c);
          return trackResponse(c, db, store, { sessionId: link.sessionId, trackId: replyId, mimeType: reply.mimeType });
        },
      )
  );
}

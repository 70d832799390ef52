/**
 * @module server/cases/customer-link.routes
 * The customer's private link, `/c/:token…`: the token is the only
 * credential and opens exactly one case. `GET /c/:token` is the customer's
 * page (`customer-page/`); unknown, expired and revoked links get a page that
 * says so (404 / 410) and no case data. The JSON routes under `/api` answer
 * a clear JSON error (404 / 410) instead. Internal notes never leave.
 * Answers are not cached and send no referrer (the token is in the URL); the
 * page and its error pages get the private pages' CSP (`middleware/secure-headers`).
 *
 * The `api` routes answer CORS for the origins the case's site allows, so
 * the recorder on the site (see `recorder/ask/`) can add a recording to the
 * case or ask to continue live; any other origin gets no CORS headers.
 * A reply that attaches a recording presents that recording's secret
 * (`Authorization: Bearer <sessionToken>`): a customer attaches only what
 * their own tab recorded, never another customer's recording.
 */
import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cases, mediaTracks, sessions } from '../../db/schema.ts';
import { ApiError, notFound, payloadTooLarge } from '../errors.ts';
import { isUuid, readJson } from '../lib/request.ts';
import { presentedSessionToken, verifySessionToken } from '../middleware/session-token/index.ts';
import { trackResponse } from '../media-api/track-response.ts';
import { allowTutorialPlayback, caseLinkPageHeaders, cspNonce } from '../middleware/secure-headers/index.ts';
import { publicUrl } from '../public-url.ts';
import {
  customerCaseViewSchema,
  customerLiveAnswerSchema,
  customerReplySchema,
  publicCaseMessageSchema,
  type CustomerCaseView,
  type CustomerLiveAnswer,
  type PublicCaseMessage,
} from '../../protocol/cases.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { MEDIA_TRACK_ID_PATTERN, REPLY_TRACK_KIND } from '../../protocol/media-constants.ts';
import type { AppDeps } from '../types.ts';
import { z } from 'zod';
import { linkTokenParam, trackIdParam, uuidParam } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import { toPublicMessage } from './case-dto.ts';
import { caseForLink, siteOriginsForLink } from './case-links.ts';
import { customerView } from './case-queries.ts';
import { onlineAdvisors } from './case-routing.ts';
import { addCustomerMessage } from './case-service.ts';
import { caseContext } from './case-work.ts';
import { casePage, caseParts, playsTutorials } from './customer-page/case-page.ts';
import { linkErrorPage, linkFailureStatus, type LinkFailure } from './customer-page/error-page.ts';

const MAX_REPLY_BYTES = 32 * 1024;
const TRACK_ID = new RegExp(MEDIA_TRACK_ID_PATTERN);
const LINK_FAILURES = new Set<string>([ErrorCode.LinkNotFound, ErrorCode.LinkExpired, ErrorCode.LinkRevoked]);

function privateHeaders(c: Pick<Context, 'header'>) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('X-Content-Type-Options', 'nosniff');
}

/** The origin of the page the case was asked from (where the recorder is), or null. */
function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? origin : null;
  } catch {
    return null;
  }
}

const tokenParams = z.object({ token: linkTokenParam });
const link = (summary: string, more: Partial<RouteContract> & Pick<RouteContract, 'responses'>) =>
  route({ summary, tags: ['customer', 'cases'], access: 'customer-link', params: tokenParams, ...more });

export function customerLinkRoutes(deps: AppDeps) {
  const ctx = caseContext(deps);
  const { db } = ctx;
  const store = deps.media.store;
  return new Hono()
    .use('/:token', caseLinkPageHeaders(), async function privatePage(c, next) {
      await next();
      privateHeaders(c);
    })
    .use('/:token/*', async function privateAnswer(c, next) {
      await next();
      privateHeaders(c);
    })
    .use('/:token/api/*', async function siteOrigins(c, next) {
      const origin = c.req.header('origin');
      const allowed = origin ? (await siteOriginsForLink(db, c.req.param('token'))).includes(origin) : false;
      if (c.req.method === 'OPTIONS') {
        if (!allowed) throw new ApiError(403, ErrorCode.OriginNotAllowed, 'this origin may not use this link');
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'content-type, authorization');
        c.header('Access-Control-Max-Age', '600');
        c.header('Vary', 'Origin');
        return c.body(null, 204);
      }
      await next();
      // NOTE: after next(), so 404/410 answers made by the error handler are readable too.
      if (allowed) {
        c.res.headers.set('Access-Control-Allow-Origin', origin!);
        c.res.headers.append('Vary', 'Origin');
      }
    })
    .get(
      '/:token',
      ...link("The customer's case page (server-rendered, in their language)", {
        query: z.object({ parts: z.string().optional().describe('Only the blocks the page refreshes in place.') }),
        responses: { 200: { description: 'The page.', media: 'text/html' } },
      }),
      async (c) => {
        const nonce = cspNonce(c);
        const token = c.req.param('token');
        let found: Awaited<ReturnType<typeof caseForLink>>;
        try {
          found = await caseForLink(db, token);
        } catch (err) {
          if (!(err instanceof ApiError) || !LINK_FAILURES.has(err.code)) throw err;
          const failure = err.code as LinkFailure;
          return c.html(linkErrorPage(failure, nonce), linkFailureStatus(failure));
        }
        const view = await customerView(db, found.caseRow);
        // `?parts`: only the blocks the page's script refreshes in place (no style or script to re-parse).
        const page = { token, publicUrl: publicUrl(deps.config) };
        if (c.req.query('parts') !== undefined) return c.html(caseParts(view, page));
        if (playsTutorials(view, page)) allowTutorialPlayback(c);
        return c.html(casePage(view, { ...page, nonce, linkExpiresAt: found.link.expiresAt }));
      },
    )
    .get('/:token/api', ...link('The case as the customer sees it', { responses: { 200: customerCaseViewSchema } }), async (c) => {
      const { caseRow } = await caseForLink(db, c.req.param('token'));
      return c.json<CustomerCaseView>(await customerView(db, caseRow));
    })
    .post(
      '/:token/api/messages',
      ...link('Reply in the case (optionally with a new recording: its session token as bearer)', {
        body: customerReplySchema,
        responses: { 201: publicCaseMessageSchema },
        errors: { 401: "The recording's session token is missing or wrong.", 413: 'The body is over 32 KB.' },
      }),
      bodyLimit({
        maxSize: MAX_REPLY_BYTES,
        onError: () => {
          throw payloadTooLarge(`a reply is at most ${MAX_REPLY_BYTES} bytes`);
        },
      }),
      async (c) => {
        const { caseRow } = await caseForLink(db, c.req.param('token'));
        const input = await readJson(c, customerReplySchema);
        if (input.sessionId) {
          await verifySessionToken(db, { sessionId: input.sessionId, siteId: caseRow.siteId, token: presentedSessionToken(c) });
        }
        const message = await addCustomerMessage(ctx, caseRow, input);
        return c.json<PublicCaseMessage>(toPublicMessage(message, null)!, 201);
      },
    )
    .post(
      '/:token/api/live',
      ...link('Ask for live help now: is an advisor online?', { responses: { 200: customerLiveAnswerSchema } }),
      async (c) => {
        const { caseRow } = await caseForLink(db, c.req.param('token'));
        await db.update(cases).set({ liveRequestedAt: new Date(), updatedAt: new Date() }).where(eq(cases.id, caseRow.id));
        const online = await onlineAdvisors(db, caseRow.siteId);
        const [session] = caseRow.sessionId
          ? await db.select({ firstUrl: sessions.firstUrl }).from(sessions).where(eq(sessions.id, caseRow.sessionId))
          : [];
        return c.json<CustomerLiveAnswer>({
          advisorOnline: online.size > 0,
          assigneeOnline: caseRow.assigneeId !== null && online.has(caseRow.assigneeId),
          siteUrl: originOf(session?.firstUrl),
        });
      },
    )
    .get(
      '/:token/api/media/:sessionId/:trackId',
      ...link('A video reply attached to a message of the case (HTTP Range)', {
        params: z.object({ token: linkTokenParam, sessionId: uuidParam, trackId: trackIdParam }),
        responses: {
          200: { description: 'The WebM stream.', media: 'video/webm', binary: true },
          206: { description: 'The range asked for.', media: 'video/webm', binary: true },
        },
      }),
      async (c) => {
        const { caseRow } = await caseForLink(db, c.req.param('token'));
        const sessionId = c.req.param('sessionId').toLowerCase();
        const trackId = c.req.param('trackId');
        if (!isUuid(sessionId) || !TRACK_ID.test(trackId)) throw notFound('no such video');
        // Only a video an advisor attached to a message the customer can see.
        const view = await customerView(db, caseRow);
        const attached = view.thread.some(
          (m) =>
            m.from === 'advisor' && m.attachments.some((a) => a.type === 'media' && a.sessionId === sessionId && a.trackId === trackId),
        );
        const [track] = attached
          ? await db
              .select({ mimeType: mediaTracks.mimeType })
              .from(mediaTracks)
              .where(and(eq(mediaTracks.sessionId, sessionId), eq(mediaTracks.trackId, trackId), eq(mediaTracks.kind, REPLY_TRACK_KIND)))
          : [];
        if (!track) throw notFound('no such video');
        return trackResponse(c, db, store, { sessionId, trackId, mimeType: track.mimeType });
      },
    );
}

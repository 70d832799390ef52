/**
 * @module server/cases/customer-link.routes
 * The customer's private link, `/c/:token/api…`: the token is the only
 * credential and opens exactly one case. Unknown, expired and revoked links
 * answer a clear JSON error (404 / 410) and nothing else; internal notes
 * never leave. Answers are not cached and send no referrer (the token is in
 * the URL).
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cases } from '../../db/schema.ts';
import { payloadTooLarge } from '../errors.ts';
import { readJson } from '../lib/request.ts';
import { customerReplySchema, type CustomerCaseView, type CustomerLiveAnswer, type PublicCaseMessage } from '../protocol/cases.ts';
import type { AppDeps } from '../types.ts';
import { toPublicMessage } from './case-dto.ts';
import { caseForLink } from './case-links.ts';
import { customerView } from './case-queries.ts';
import { onlineAdvisors } from './case-routing.ts';
import { addCustomerMessage } from './case-service.ts';
import { caseContext } from './case-work.ts';

const MAX_REPLY_BYTES = 32 * 1024;

export function customerLinkRoutes(deps: AppDeps) {
  const ctx = caseContext(deps);
  const { db } = ctx;
  return new Hono()
    .use('/:token/*', async function privateAnswer(c, next) {
      await next();
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
    })
    .get('/:token/api', async (c) => {
      const { caseRow } = await caseForLink(db, c.req.param('token'));
      return c.json<CustomerCaseView>(await customerView(db, caseRow));
    })
    .post(
      '/:token/api/messages',
      bodyLimit({ maxSize: MAX_REPLY_BYTES, onError: () => { throw payloadTooLarge(`a reply is at most ${MAX_REPLY_BYTES} bytes`); } }),
      async (c) => {
        const { caseRow } = await caseForLink(db, c.req.param('token'));
        const input = await readJson(c, customerReplySchema);
        const message = await addCustomerMessage(ctx, caseRow, input);
        return c.json<PublicCaseMessage>(toPublicMessage(message, null)!, 201);
      },
    )
    .post('/:token/api/live', async (c) => {
      const { caseRow } = await caseForLink(db, c.req.param('token'));
      await db.update(cases).set({ liveRequestedAt: new Date(), updatedAt: new Date() }).where(eq(cases.id, caseRow.id));
      const online = await onlineAdvisors(db);
      return c.json<CustomerLiveAnswer>({
        advisorOnline: online.size > 0,
        assigneeOnline: caseRow.assigneeId !== null && online.has(caseRow.assigneeId),
      });
    });
}

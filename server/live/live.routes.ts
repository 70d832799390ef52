/**
 * @module server/live/live.routes
 * The live sockets and the advisor's live list (see `protocol/live.ts`):
 *
 *   GET /live/v1/customer?siteKey=…&sessionId=…&sessionToken=…
 *                                                  WebSocket, site key + allowed Origin (as ingest)
 *                                                  + the session's secret (a browser socket cannot send headers)
 *   GET /live/v1/advisor[?org=…]                   WebSocket, bearer token as a subprotocol; the organisation
 *                                                  by query or subprotocol (see LIVE_ADVISOR_PATH), `live.help`
 *   GET /api/live/sessions                         bearer auth, `live.help` -> { sessions: LiveSessionSummary[] }
 *                                                  (rooms of the caller's sites only)
 *
 * Authentication happens before the upgrade: a refused socket gets the
 * HTTP error (401/403/404) instead of a 101. Routes only authenticate and
 * hand the socket to the hub.
 */
import { upgradeWebSocket } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import type { WSContext } from 'hono/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticateToken } from '../auth/tokens.ts';
import { badRequest, forbidden, notFound, unauthorized } from '../errors.ts';
import { createSiteLookup } from '../ingest/site-lookup.ts';
import { isUuid } from '../lib/request.ts';
import { advisorScope, scopeCan, scopeSiteIds } from '../scope/index.ts';
import { z } from 'zod';
import { contract, route } from '../contracts/route.ts';
import { ingestOrigin } from '../middleware/ingest-origin/index.ts';
import { presentedSessionToken, verifySessionToken } from '../middleware/session-token/index.ts';
import {
  LIVE_BEARER_PROTOCOL_PREFIX,
  LIVE_ORG_PROTOCOL_PREFIX,
  LIVE_ORG_QUERY,
  LIVE_SESSION_ID_QUERY,
  LIVE_SUBPROTOCOL,
  MAX_CUSTOMER_MESSAGE_BYTES,
  liveSessionListSchema,
  type LiveSessionList,
} from '../../protocol/live.ts';
import type { AppDeps } from '../types.ts';
import { LiveConnection, type ConnectionAuth } from './live-connection.ts';
import type { LiveHub } from './live-hub.ts';
import { SocketLink } from './socket-link.ts';

declare module 'hono' {
  interface ContextVariableMap {
    liveAuth: ConnectionAuth;
  }
}

/** The `ws` server the HTTP server upgrades into: size-capped, answering our subprotocol. */
export function createLiveWebSocketServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CUSTOMER_MESSAGE_BYTES + 1024,
    handleProtocols: (protocols) => (protocols.has(LIVE_SUBPROTOCOL) ? LIVE_SUBPROTOCOL : false),
  });
}

const liveSocket = (hub: LiveHub, deps: AppDeps) =>
  upgradeWebSocket((c) => {
    const auth = c.get('liveAuth');
    let connection: LiveConnection | undefined;
    return {
      onOpen(_event, ws) {
        connection = new LiveConnection(hub, new SocketLink(ws as WSContext<WebSocket>), auth, deps.logger);
      },
      onMessage(event) {
        connection?.onMessage(event.data);
      },
      onClose() {
        connection?.onClose();
      },
    };
  });

export function liveSocketRoutes(deps: AppDeps, hub: LiveHub) {
  const { db } = deps.database;

  const customerAuth: MiddlewareHandler = async function customerAuth(c, next) {
    const site = c.get('site');
    const id = c.req.query(LIVE_SESSION_ID_QUERY) ?? '';
    if (!isUuid(id)) throw badRequest(`${LIVE_SESSION_ID_QUERY} must be a UUID`);
    const sessionId = id.toLowerCase();
    // Only the tab that started the session may be its customer: a second
    // socket would otherwise take over the room (and the advisor's consent and chat).
    const session = await verifySessionToken(db, { sessionId, siteId: site.id, token: presentedSessionToken(c) });
    c.set('liveAuth', {
      role: 'customer',
      customer: { sessionId, siteId: site.id, visitId: session.visitId, consentRequired: site.liveConsentRequired, url: session.firstUrl },
    });
    await next();
  };

  const advisorAuth: MiddlewareHandler = async function advisorAuth(c, next) {
    const offered = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(LIVE_SUBPROTOCOL)) throw badRequest(`offer the ${LIVE_SUBPROTOCOL} subprotocol`);
    const token = offered.find((p) => p.startsWith(LIVE_BEARER_PROTOCOL_PREFIX))?.slice(LIVE_BEARER_PROTOCOL_PREFIX.length);
    // The same check as the REST API's bearer-auth: revoked, idle and expired tokens are refused.
    const advisor = token ? (await authenticateToken(db, token, deps.config))?.advisor : undefined;
    if (!advisor) throw unauthorized(`offer the subprotocol ${LIVE_BEARER_PROTOCOL_PREFIX}<token> with a live token`);
    const named =
      c.req.query(LIVE_ORG_QUERY) ?? offered.find((p) => p.startsWith(LIVE_ORG_PROTOCOL_PREFIX))?.slice(LIVE_ORG_PROTOCOL_PREFIX.length);
    // The same answers as the REST API's permission check: 404 for another organisation, 403 without live.help.
    const scope = await advisorScope(db, advisor, named);
    if (scope === 'not_member') throw notFound('no such organisation');
    if (scope === 'no_membership') throw forbidden('you are not a member of any organisation');
    if (!scopeCan(scope, 'live.help')) throw forbidden(`your role (${scope.role}) does not allow live.help`);
    const orgId = scope.org.id;
    // NOTE: read again at every join and re-check: a socket outlives changes to the membership.
    const sites = async () => {
      const now = await advisorScope(db, advisor, orgId);
      return typeof now === 'string' || !scopeCan(now, 'live.help') ? null : scopeSiteIds(now);
    };
    const check = async () => (await authenticateToken(db, token!, deps.config)) !== undefined;
    c.set('liveAuth', {
      role: 'viewer',
      viewer: { advisor, access: { orgId, sites } },
      stillSignedIn: { check, everyMs: deps.config.liveAuthRecheckMs },
    });
    await next();
  };

  const requireUpgrade: MiddlewareHandler = async function requireUpgrade(c, next) {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw badRequest('this is a WebSocket endpoint');
    await next();
  };

  const upgraded = { 101: { description: 'Switching protocols: the socket speaks `protocol/live.ts`.' } };
  // NOTE: described only: a socket's credentials are checked by its own middleware (customerAuth, advisorAuth).
  const customer = contract({
    summary: "The customer's live socket (the recording tab)",
    description: "A WebSocket upgrade from the site's page: site key, allowed Origin, and the session's token as bearer.",
    tags: ['live', 'ingest'],
    access: 'ingest',
    query: z.object({ [LIVE_SESSION_ID_QUERY]: z.uuid() }),
    responses: upgraded,
  });
  const advisor = contract({
    summary: "An advisor's live socket",
    description: `A WebSocket upgrade offering the subprotocols \`${LIVE_SUBPROTOCOL}\` and \`${LIVE_BEARER_PROTOCOL_PREFIX}<token>\` (browsers cannot set Authorization on a socket); \`?org=\` names the organisation.`,
    tags: ['live'],
    access: 'live.help',
    responses: upgraded,
  });
  return new Hono()
    .get('/customer', customer.describe, requireUpgrade, ingestOrigin(createSiteLookup(db)), customerAuth, liveSocket(hub, deps))
    .get('/advisor', advisor.describe, requireUpgrade, advisorAuth, liveSocket(hub, deps));
}

export function liveApiRoutes(_deps: AppDeps, hub: LiveHub) {
  return new Hono().get(
    '/sessions',
    ...route({
      summary: 'The live sessions open now (the customer tabs connected)',
      tags: ['live'],
      access: 'live.help',
      responses: { 200: liveSessionListSchema },
    }),
    async (c) => c.json<LiveSessionList>({ sessions: await hub.listSessions(c.get('scope')) }),
  );
}

/**
 * A test's end of a live socket: `ws` (so tests can set Origin), every
 * message kept in order, `next(type)` to await one.
 */
import WebSocket from 'ws';
import {
  LIVE_ADVISOR_PATH,
  LIVE_BEARER_PROTOCOL_PREFIX,
  LIVE_CUSTOMER_PATH,
  LIVE_SUBPROTOCOL,
  type AdvisorToServer,
  type CustomerToServer,
  type ServerToAdvisorMap,
  type ServerToCustomerMap,
} from '../../protocol/live.ts';
import { SESSION_TOKEN_QUERY } from '../../protocol/ingest-constants.ts';
import { sessionTokenOf, TEST_ORIGIN } from '../helpers/server.ts';
import { wsText } from '../helpers/ws-text.ts';

type AnyMap = Record<string, { type: string }>;

export class LiveClient<In extends AnyMap, Out> {
  readonly ws: WebSocket;
  #inbox: In[keyof In][] = [];
  #waiters: { type: string | undefined; resolve: (m: In[keyof In]) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const m = JSON.parse(wsText(data)) as In[keyof In];
      const i = this.#waiters.findIndex((w) => w.type === undefined || w.type === m.type);
      if (i >= 0) this.#waiters.splice(i, 1)[0]!.resolve(m);
      else this.#inbox.push(m);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  send(message: Out | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** The next (not yet taken) message of this type. */
  next<K extends keyof In & string>(type: K, timeoutMs = 5_000): Promise<In[K]> {
    const i = this.#inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(this.#inbox.splice(i, 1)[0] as In[K]);
    return new Promise((resolve, reject) => {
      const waiter = { type, resolve: resolve as (m: In[keyof In]) => void };
      this.#waiters.push(waiter);
      setTimeout(() => {
        const j = this.#waiters.indexOf(waiter);
        if (j < 0) return;
        this.#waiters.splice(j, 1);
        reject(new Error(`no ${type} within ${timeoutMs} ms; inbox: ${JSON.stringify(this.#inbox.map((m) => m.type))}`));
      }, timeoutMs);
    });
  }

  /** Message types received and not taken yet. */
  pending(): string[] {
    return this.#inbox.map((m) => m.type);
  }

  close(): void {
    this.ws.close();
  }
}

export type CustomerClient = LiveClient<ServerToCustomerMap, CustomerToServer>;
export type AdvisorClient = LiveClient<ServerToAdvisorMap, AdvisorToServer>;

/** Resolves once open; rejects with `HTTP <status>` when the upgrade is refused. */
function open(url: string, options: WebSocket.ClientOptions & { protocols?: string[] }) {
  const { protocols, ...rest } = options;
  const ws = new WebSocket(url, protocols, rest);
  return new Promise<WebSocket>((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

export async function connectCustomer(
  baseUrl: string,
  sessionId: string,
  siteKey: string,
  origin: string | null = TEST_ORIGIN,
  /** The session's secret; by default the one `startSession` got, null for none. */
  sessionToken: string | null = sessionTokenOf(sessionId) ?? null,
): Promise<CustomerClient> {
  const secret = sessionToken === null ? '' : `&${SESSION_TOKEN_QUERY}=${encodeURIComponent(sessionToken)}`;
  const url = `${baseUrl.replace(/^http/, 'ws')}${LIVE_CUSTOMER_PATH}?siteKey=${siteKey}&sessionId=${sessionId}${secret}`;
  const ws = await open(url, origin ? { headers: { origin } } : {});
  return new LiveClient(ws);
}

export async function connectAdvisor(baseUrl: string, token: string): Promise<AdvisorClient> {
  const url = `${baseUrl.replace(/^http/, 'ws')}${LIVE_ADVISOR_PATH}`;
  const ws = await open(url, { protocols: [LIVE_SUBPROTOCOL, LIVE_BEARER_PROTOCOL_PREFIX + token] });
  return new LiveClient(ws);
}

/** rrweb-shaped events: Meta + FullSnapshot, and incremental ones. */
export const meta = (ts: number) => ({ type: 4, timestamp: ts, data: { href: `${TEST_ORIGIN}/`, width: 800, height: 600 } });
export const full = (ts: number, marker = 'snap') => ({
  type: 2,
  timestamp: ts,
  data: { node: { type: 0, id: 1, marker }, initialOffset: { top: 0, left: 0 } },
});
export const incr = (ts: number, n: number) => ({
  type: 3,
  timestamp: ts,
  data: { source: 1, positions: [{ x: n, y: n, id: 1, timeOffset: 0 }] },
});

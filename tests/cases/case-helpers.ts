/**
 * What the case tests share: a server with quick retries, a customer-side
 * case creation (site key + allowed Origin, like the recorder), and a small
 * node:http server standing in for a site's own systems (enrichers, webhook
 * receivers) that records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../db/client.ts';
import { loadConfig } from '../../server/config.ts';
import type { CaseCreate, CaseCreated } from '../../protocol/cases.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import { asyncHandler } from '../helpers/http-handler.ts';
import { sessionTokenOf, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

/**
 * Three attempts, ~1 s then ~2-3 s apart: retries are real but tests stay quick.
 * Every test customer comes from 127.0.0.1, so the per-address case and email
 * limits (meant for one real client) are widened; tests/security checks them.
 */
export const startCaseServer = (database: Database) =>
  startTestServer({ database, jobRetryLimit: 2, jobRetryDelaySeconds: 1, rateLimits: loopbackCustomerLimits() });

/** The default limits, with the per-address case and email ones widened for a test whose every customer is 127.0.0.1. */
export function loopbackCustomerLimits() {
  const wide = { points: 1_000, durationMs: 3_600_000 };
  return { ...loadConfig({}).rateLimits, casesPerAddress: wide, emailsPerAddress: wide };
}

/**
 * Opens a case as the recorder does; presents the recording's secret
 * (`sessionToken: null` for none). `headers`: extra ones, e.g.
 * `X-Forwarded-For` as a proxy would add it (rate-limit tests).
 */
export async function postCase(
  t: TestServer,
  body: Partial<CaseCreate>,
  o: { siteKey?: string; origin?: string; sessionToken?: string | null; headers?: Record<string, string> } = {},
) {
  const secret = o.sessionToken === undefined ? (body.sessionId ? sessionTokenOf(body.sessionId) : undefined) : o.sessionToken;
  return fetch(`${t.url}${INGEST_BASE}/cases`, {
    method: 'POST',
    headers: {
      ...o.headers,
      origin: o.origin ?? TEST_ORIGIN,
      [SITE_KEY_HEADER]: o.siteKey ?? t.site.siteKey,
      'content-type': 'application/json',
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

export async function createCase(t: TestServer, body: Partial<CaseCreate> = {}): Promise<CaseCreated> {
  const sessionId = body.sessionId ?? (await t.startSession({ language: 'en-US', metadata: { orderId: 'A-1' } }));
  const res = await postCase(t, { question: 'Where is my order?', ...body, sessionId });
  if (res.status !== 201) throw new Error(`case creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CaseCreated;
}

export async function json<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Responder = (req: Recorded, res: ServerResponse) => void | Promise<void>;

/** A stand-in for the customer's systems; `respond` decides each answer. */
export async function startReceiver(respond: Responder) {
  const requests: Recorded[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: Recorded = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    requests.push(recorded);
    try {
      await receiver.respond(recorded, res);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  };
  const server = createServer(asyncHandler(handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    respond,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

export const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

export async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * @module recorder/ask/ask-client
 * The async-help calls of `protocol/cases.ts` the recorder makes:
 * the site's topics and a new case (ingest-guarded: site key + the page's
 * Origin), and a reply or a live request on a case the customer opened
 * (`/c/:token/api…`, which answers CORS for the site's origins); the
 * tutorials suggested while the customer types and the deflection counted
 * when they leave after opening one. Each answers a result instead of
 * throwing. Attaching a recording (a new case, or
 * a reply with `sessionId`) presents that session's secret as a bearer token:
 * the server only attaches recordings made by the same tab.
 */
import type { ErrorBody } from '../../protocol/errors.ts';
import { CASE_TOPICS_PATH, customerLinkApiPath } from '../../protocol/cases-constants.ts';
import type {
  CaseCreate,
  CaseCreated,
  CustomerLiveAnswer,
  CustomerReply,
  PublicCaseMessage,
  PublicTopicList,
} from '../../protocol/cases.ts';
import { INGEST_BASE, SESSION_TOKEN_SCHEME, SITE_KEY_HEADER } from '../../protocol/ingest-constants.ts';
import {
  CUSTOMER_DEFLECTIONS_PATH,
  CUSTOMER_SUGGESTIONS_PATH,
  DEFLECTION_SITE_KEY_QUERY,
  type CustomerDeflection,
  type CustomerSuggestions,
} from '../../protocol/search-constants.ts';
import type { Destination } from '../outbox.ts';

export type CallResult<T> =
  | { ok: true; value: T }
  /**
   * `status` 0: no answer (network); `retry`: worth trying again at once
   * (with backoff); `retryAfterSeconds`: a 429's wait (not worth retrying sooner).
   */
  | { ok: false; status: number; code: string | undefined; message: string; retry: boolean; retryAfterSeconds?: number };

async function call<T>(url: string, init: RequestInit): Promise<CallResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, mode: 'cors', credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    return { ok: false, status: 0, code: undefined, message: `network error: ${String(error)}`, retry: true };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.ok) return { ok: true, value: body as T };
  const error = (body as Partial<ErrorBody> | undefined)?.error;
  const retryAfterSeconds = res.status === 429 ? retryAfterOf(res, error?.details) : undefined;
  return {
    ok: false,
    status: res.status,
    code: error?.code,
    message: error?.message ?? `HTTP ${res.status}`,
    // NOTE: a 429 is not retried at once: each retry would count against the limit again.
    retry: res.status >= 500 || res.status === 408,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}

/**
 * A 429's wait in seconds: the body's `details.retryAfterSeconds` (readable
 * cross-origin, unlike `Retry-After` unless the server exposes it), else the header.
 */
function retryAfterOf(res: Response, details: unknown): number | undefined {
  const fromBody = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof fromBody === 'number' && fromBody > 0) return fromBody;
  const header = Number(res.headers.get('retry-after'));
  return Number.isFinite(header) && header > 0 ? header : undefined;
}

const json = (body: unknown, sessionToken?: string): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(sessionToken ? { authorization: `${SESSION_TOKEN_SCHEME} ${sessionToken}` } : {}),
  },
  body: JSON.stringify(body),
});

/** The site's topic names (empty when there are none or they cannot be read). */
export async function fetchTopics(to: Destination): Promise<string[]> {
  const result = await call<PublicTopicList>(`${to.endpoint}${INGEST_BASE}${CASE_TOPICS_PATH}`, {
    headers: { [SITE_KEY_HEADER]: to.siteKey },
  });
  return result.ok ? result.value.topics.map((t) => t.name) : [];
}

export function postCase(to: Destination, body: CaseCreate, sessionToken: string | undefined): Promise<CallResult<CaseCreated>> {
  const init = json(body, sessionToken);
  return call<CaseCreated>(`${to.endpoint}${INGEST_BASE}/cases`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), [SITE_KEY_HEADER]: to.siteKey },
  });
}

/** A reply on the case link `token`; with `reply.sessionId`, `sessionToken` is that recording's secret. */
export function postCaseReply(
  endpoint: string,
  token: string,
  reply: CustomerReply,
  sessionToken?: string,
): Promise<CallResult<PublicCaseMessage>> {
  return call<PublicCaseMessage>(`${endpoint}${customerLinkApiPath(token)}/messages`, json(reply, sessionToken));
}

export function postLiveRequest(endpoint: string, token: string): Promise<CallResult<CustomerLiveAnswer>> {
  return call<CustomerLiveAnswer>(`${endpoint}${customerLinkApiPath(token)}/live`, { method: 'POST' });
}

/** Tutorials that might answer `question` (none when they cannot be read: the form works without them). */
export async function fetchSuggestions(to: Destination, question: string, signal: AbortSignal): Promise<CustomerSuggestions['tutorials']> {
  const url = `${to.endpoint}${INGEST_BASE}${CUSTOMER_SUGGESTIONS_PATH}?q=${encodeURIComponent(question)}`;
  const result = await call<CustomerSuggestions>(url, { headers: { [SITE_KEY_HEADER]: to.siteKey }, signal });
  return result.ok ? result.value.tutorials : [];
}

/**
 * Counts a deflection, also while the page is being left: `sendBeacon` (no
 * custom headers, so the site key goes in the query and the JSON as
 * `text/plain`, which needs no preflight), else a `keepalive` fetch.
 */
export function sendDeflection(to: Destination, deflection: CustomerDeflection): void {
  const url = `${to.endpoint}${INGEST_BASE}${CUSTOMER_DEFLECTIONS_PATH}?${DEFLECTION_SITE_KEY_QUERY}=${encodeURIComponent(to.siteKey)}`;
  const body = JSON.stringify(deflection);
  try {
    if (navigator.sendBeacon?.(url, body)) return;
  } catch {
    /* fall back to fetch */
  }
  fetch(url, { method: 'POST', body, keepalive: true, mode: 'cors', credentials: 'omit', headers: { 'content-type': 'text/plain' } }).catch(
    () => {},
  );
}

/** The link no longer works (unknown, expired or revoked): forget it. */
export const linkGone = (r: CallResult<unknown>) => !r.ok && (r.status === 404 || r.status === 410);

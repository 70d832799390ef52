/**
 * @module recorder/session-store
 * The tab's recording session, kept in `sessionStorage` so it survives
 * reloads and navigations within the site (same tab, same origin), while a
 * new tab starts a new session. Also owns the per-session chunk counter.
 *
 * A tab opened with `window.open` (or duplicated) starts with a copy of its
 * opener's storage: the session found here may be another live tab's, so the
 * recording claims it first (`session-claim.ts`) and starts its own when it
 * cannot. The chunk counter is kept in `localStorage` as well (shared by the
 * origin's tabs), so a session that changes tabs never numbers a chunk twice.
 *
 * The session's secret (the server's answer to its start) is kept here too,
 * for this tab only: the live socket and "Ask for help" present it, and
 * pages of the tab reuse it. It never goes into the recording.
 */
import type { SessionStart } from '../protocol/ingest.ts';
import type { SessionMetadata } from './options.ts';
import { randomBase64url } from './random-token.ts';
import { readItem, readJson, removeItem, writeItem } from './safe-storage.ts';
import { touchVisitKey } from './visit-store.ts';

const SESSION_KEY = 'cobrowse:session';
/** The session the tab's last page gave up at `pagehide`, for its next page. */
const HANDOVER_KEY = 'cobrowse:handover';
const seqKey = (sessionId: string) => `cobrowse:seq:${sessionId}`;
const SEQ_KEY_PREFIX = 'cobrowse:seq:';
/** Shared counters of sessions not written for this long are forgotten (chunks that old are dropped unsent). */
const SHARED_SEQ_MAX_AGE_MS = 8 * 24 * 3600 * 1000;

export interface StoredSession {
  id: string;
  siteKey: string;
  /** What `PUT /sessions/:id` sends; fixed at the tab's first page. */
  start: SessionStart;
  /** The session's secret, once the server handed it out. */
  token?: string;
}

/**
 * A new session's secret, proposed to the server with its start (32 random
 * bytes, base64url: `SESSION_TOKEN_PATTERN`). Kept in the outbox before the
 * start is sent, so a start whose answer is lost (the page left in the
 * middle of it) can be sent again by the next page, and still proves it is
 * the same recorder.
 */
export function newSessionSecret(): string {
  return randomBase64url(32);
}

export function newSessionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; build a v4 UUID by hand otherwise.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function describePage(siteKey: string, metadata: SessionMetadata): SessionStart {
  return {
    visitKey: touchVisitKey(siteKey),
    startedAt: Date.now(),
    url: location.href.slice(0, 4096),
    userAgent: navigator.userAgent.slice(0, 1024),
    viewport: { width: Math.round(innerWidth), height: Math.round(innerHeight) },
    language: navigator.language?.slice(0, 64),
    metadata,
  };
}

/** The session this tab's storage holds for this site key, if any (it may be a copy of another tab's). */
export function readStoredSession(siteKey: string): StoredSession | undefined {
  const stored = readJson<StoredSession>(SESSION_KEY);
  if (!stored || stored.siteKey !== siteKey || typeof stored.id !== 'string' || !stored.start) return undefined;
  if (stored.start.visitKey) touchVisitKey(siteKey, stored.start.visitKey);
  return stored;
}

/**
 * Marks that this page gave its session up for the tab's next page. A tab
 * opened from a live page copies no such mark (the page cleared it when it
 * started), so the mark tells the tab's own next page from a copy.
 */
export function markHandover(sessionId: string): void {
  writeItem(HANDOVER_KEY, sessionId);
}

/** Whether the tab's previous page handed `sessionId` over; forgets the mark. */
export function takeHandover(sessionId: string): boolean {
  const mark = readItem(HANDOVER_KEY);
  if (mark !== null) removeItem(HANDOVER_KEY);
  return mark === sessionId;
}

/**
 * Starts a new session for this tab (replacing whatever its storage held).
 * `visitKey`: the visit the tab belongs to already (a tab that had to leave
 * a copied session stays in its visit).
 */
export function createSession(siteKey: string, metadata: SessionMetadata, visitKey?: string): StoredSession {
  const start = describePage(siteKey, metadata);
  if (visitKey) start.visitKey = touchVisitKey(siteKey, visitKey);
  const session: StoredSession = { id: newSessionId(), siteKey, start };
  writeItem(SESSION_KEY, JSON.stringify(session));
  pruneSharedSeqs();
  return session;
}

function localStore(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** `<next seq>:<epoch ms written>` in localStorage. */
function readSharedSeq(sessionId: string): number {
  try {
    const raw = localStore()?.getItem(seqKey(sessionId));
    const next = Number(raw?.split(':')[0]);
    return Number.isInteger(next) && next >= 0 ? next : 0;
  } catch {
    return 0;
  }
}

function writeSharedSeq(sessionId: string, next: number): void {
  try {
    localStore()?.setItem(seqKey(sessionId), `${next}:${Date.now()}`);
  } catch {
    /* full or blocked: the tab's own counter still holds */
  }
}

function pruneSharedSeqs(now = Date.now()): void {
  try {
    const store = localStore();
    if (!store) return;
    for (let i = store.length - 1; i >= 0; i--) {
      const key = store.key(i);
      if (!key?.startsWith(SEQ_KEY_PREFIX)) continue;
      const at = Number(store.getItem(key)?.split(':')[1]);
      if (!(now - at < SHARED_SEQ_MAX_AGE_MS)) store.removeItem(key);
    }
  } catch {
    /* nothing to tidy */
  }
}

/**
 * Hands out the next sequence number of a session, synchronously (so it can
 * run inside `pagehide`). Numbers are never reused, even if a chunk is lost.
 */
export function takeSeq(sessionId: string): number {
  const raw = Number(readItem(seqKey(sessionId)));
  const own = Number.isInteger(raw) && raw >= 0 ? raw : 0;
  // NOTE: the larger of the tab's and the origin's counters: the tab's alone
  // is stale when the session recorded in another tab after the copy.
  const seq = Math.max(own, readSharedSeq(sessionId));
  writeItem(seqKey(sessionId), String(seq + 1));
  writeSharedSeq(sessionId, seq + 1);
  return seq;
}

/** Keeps the session's secret with the tab's session (if it still is the tab's session). */
export function storeSessionToken(sessionId: string, token: string): void {
  const stored = readJson<StoredSession>(SESSION_KEY);
  if (stored?.id !== sessionId || stored.token === token) return;
  writeItem(SESSION_KEY, JSON.stringify({ ...stored, token }));
}

/**
 * The tab's session `from` lost its secret and goes on as `to`: the tab now
 * records into `to`, numbering chunks on from where `from` was (its waiting
 * chunks move over under the same numbers).
 */
export function renameSession(from: string, to: string): StoredSession | undefined {
  const stored = readJson<StoredSession>(SESSION_KEY);
  if (stored?.id !== from) return undefined;
  const renamed: StoredSession = { id: to, siteKey: stored.siteKey, start: stored.start };
  const next = Math.max(Number(readItem(seqKey(from))) || 0, readSharedSeq(from));
  writeItem(seqKey(to), String(next));
  writeSharedSeq(to, next);
  writeItem(SESSION_KEY, JSON.stringify(renamed));
  return renamed;
}

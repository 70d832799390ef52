/**
 * @module recorder/session-store
 * The tab's recording session, kept in `sessionStorage` so it survives
 * reloads and navigations within the site (same tab, same origin), while a
 * new tab starts a new session. Also owns the per-session chunk counter.
 *
 * The session's secret (the server's answer to its start) is kept here too,
 * for this tab only: the live socket and "Ask for help" present it, and
 * pages of the tab reuse it. It never goes into the recording.
 */
import type { SessionStart } from '../server/protocol/ingest.ts';
import type { SessionMetadata } from './options.ts';
import { readItem, readJson, writeItem } from './safe-storage.ts';
import { touchVisitKey } from './visit-store.ts';

const SESSION_KEY = 'cobrowse:session';
const seqKey = (sessionId: string) => `cobrowse:seq:${sessionId}`;

export interface StoredSession {
  id: string;
  siteKey: string;
  /** What `PUT /sessions/:id` sends; fixed at the tab's first page. */
  start: SessionStart;
  /** The session's secret, once the server handed it out. */
  token?: string;
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

/** The tab's session for this site key, created on first use. */
export function loadOrCreateSession(siteKey: string, metadata: SessionMetadata): StoredSession {
  const stored = readJson<StoredSession>(SESSION_KEY);
  if (stored && stored.siteKey === siteKey && typeof stored.id === 'string') {
    if (stored.start.visitKey) touchVisitKey(siteKey, stored.start.visitKey);
    return stored;
  }
  const session: StoredSession = { id: newSessionId(), siteKey, start: describePage(siteKey, metadata) };
  writeItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/**
 * Hands out the next sequence number of a session, synchronously (so it can
 * run inside `pagehide`). Numbers are never reused, even if a chunk is lost.
 */
export function takeSeq(sessionId: string): number {
  const raw = Number(readItem(seqKey(sessionId)));
  const seq = Number.isInteger(raw) && raw >= 0 ? raw : 0;
  writeItem(seqKey(sessionId), String(seq + 1));
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
  writeItem(seqKey(to), readItem(seqKey(from)) ?? '0');
  writeItem(SESSION_KEY, JSON.stringify(renamed));
  return renamed;
}

/**
 * @module recorder/live/live-store
 * The tab's live state in `sessionStorage`, so the next page of the same tab
 * (a reload or a navigation within the site) rejoins the same room while a
 * live session is active, and live batch seqs keep increasing across pages.
 */
import { readJson, writeItem } from '../safe-storage.ts';

const liveKey = (sessionId: string) => `cobrowse:live:${sessionId}`;

export interface LiveState {
  /** The customer asked for help and has not ended the live session. */
  active: boolean;
  /** The next live batch seq to hand out. */
  nextSeq: number;
  /** The last seq the server acknowledged (sent in `hello`), or null. */
  lastAckedSeq: number | null;
}

export function readLiveState(sessionId: string): LiveState {
  const stored = readJson<Partial<LiveState>>(liveKey(sessionId));
  const nextSeq = Number.isInteger(stored?.nextSeq) && stored!.nextSeq! >= 0 ? stored!.nextSeq! : 0;
  const acked = stored?.lastAckedSeq;
  return {
    active: stored?.active === true,
    nextSeq,
    lastAckedSeq: typeof acked === 'number' && Number.isInteger(acked) ? acked : null,
  };
}

export function writeLiveState(sessionId: string, state: LiveState): void {
  writeItem(liveKey(sessionId), JSON.stringify(state));
}

export function updateLiveState(sessionId: string, patch: Partial<LiveState>): LiveState {
  const next = { ...readLiveState(sessionId), ...patch };
  writeLiveState(sessionId, next);
  return next;
}

/**
 * @module recorder/visit-store
 * The customer's visit key for a site: shared by all of the customer's tabs
 * (localStorage, same origin), so the server links their sessions into one
 * visit. A visit ends after {@link VISIT_IDLE_MS} without any page of the
 * site starting; the next page starts a new visit, so the key never becomes
 * a lasting identifier of the browser.
 *
 * The key is a secret (tabs of one visit share live help): it goes only into
 * the session start, never into the recording.
 */
import { randomBase64url } from './random-token.ts';

const visitKeyName = (siteKey: string) => `cobrowse:visit:${siteKey}`;
/** Half an hour without a page: the usual end of a web visit. */
export const VISIT_IDLE_MS = 30 * 60_000;

interface StoredVisit {
  key: string;
  /** Epoch ms of the last page start that used it. */
  seenAt: number;
}

function localStore(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function newVisitKey(): string {
  return randomBase64url(18);
}

/** Memory fallback: without storage every tab is its own visit. */
let memoryVisit: StoredVisit | undefined;

/**
 * The site's current visit key (a new one when there is none or it went
 * idle); marks it used now. A tab that already records with a key passes it
 * as `own`: its pages keep the visit alive for the customer's next tab.
 */
export function touchVisitKey(siteKey: string, own?: string, now = Date.now()): string {
  const store = localStore();
  let visit: StoredVisit | undefined = memoryVisit;
  try {
    const raw = store?.getItem(visitKeyName(siteKey));
    if (raw) visit = JSON.parse(raw) as StoredVisit;
  } catch {
    /* unreadable: start a new visit */
  }
  if (own) visit = { key: own, seenAt: now };
  else if (!visit || typeof visit.key !== 'string' || !(now - visit.seenAt < VISIT_IDLE_MS)) visit = { key: newVisitKey(), seenAt: now };
  else visit = { key: visit.key, seenAt: now };
  memoryVisit = visit;
  try {
    store?.setItem(visitKeyName(siteKey), JSON.stringify(visit));
  } catch {
    /* full or blocked: this page keeps it in memory */
  }
  return visit.key;
}

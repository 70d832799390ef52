/**
 * @module recorder/live/visit-live
 * "Live help is on in this visit", shared by the customer's tabs of a site
 * (localStorage, same origin): a tab that opens while it is on, or is open
 * when it turns on, connects its live link too (with `follow`), so the
 * advisor can follow the customer from tab to tab and every watched tab
 * shows the banner. The server decides membership from the sessions'
 * stored visit, and refuses a following tab when its visit has no live
 * room: a stale flag (a crash, an old visit) ends there and is cleared.
 *
 * Holds no secret: only that help is on, and since when.
 */
const flagName = (siteKey: string) => `cobrowse:live-visit:${siteKey}`;

function localStore(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Whether another tab of this site has live help on. */
export function isVisitLive(siteKey: string): boolean {
  try {
    return localStore()?.getItem(flagName(siteKey)) != null;
  } catch {
    return false;
  }
}

/** Turns the flag on (a tab's live link is open) or off (live help ended). */
export function setVisitLive(siteKey: string, on: boolean): void {
  try {
    if (on) localStore()?.setItem(flagName(siteKey), String(Date.now()));
    else localStore()?.removeItem(flagName(siteKey));
  } catch {
    /* blocked storage: this tab's help stays its own */
  }
}

/** Calls `listener` when another tab turns live help on; returns the unsubscribe. */
export function onVisitLive(siteKey: string, listener: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === flagName(siteKey) && e.newValue != null) listener();
  };
  addEventListener('storage', onStorage);
  return () => removeEventListener('storage', onStorage);
}

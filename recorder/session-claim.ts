/**
 * @module recorder/session-claim
 * Which tab records a session. A tab keeps its session in `sessionStorage`,
 * and browsers copy that storage into a tab opened with `window.open` (and
 * into a duplicated tab): without a claim both tabs would write the same
 * (session, seq) and the server would refuse one of them (409).
 *
 * The page recording a session holds a claim on it for its life and gives it
 * up on `pagehide`, so the next page of the same tab takes it over. A page
 * that finds a session in its storage claims it before writing to it; when
 * another live tab holds it, the page starts a session of its own.
 *
 * - With the Web Locks API (secure contexts): an exclusive lock
 *   `cobrowse:session:<id>`, asked for with `ifAvailable`. When the tab's
 *   previous page handed the session over (a mark it leaves at `pagehide`,
 *   see session-store.ts), the page asks a few times over
 *   {@link CLAIM_WAIT_MS}: that page may not have let go yet. Otherwise one
 *   try: a held lock means another live tab records the session, and the
 *   page must not wait (a tab changing page every 150 ms would never decide).
 * - Without it (plain http): the same lock as a `BroadcastChannel` roll
 *   call (broadcast-lock.ts), one try.
 *   NOTE: weaker than a Web Lock (a busy holder may answer late); the
 *   uploader's 409 handling is the last resort there (docs/recorder.md).
 * - Without either, every claim succeeds (the old behaviour).
 */
import { broadcastLocksAvailable, holdBroadcastLock, tryBroadcastLock, type Release } from './broadcast-lock.ts';

const lockName = (sessionId: string) => `cobrowse:session:${sessionId}`;
/**
 * How long a page waits for the previous page of its tab to let go of the
 * session (only when that page handed it over, and only while it is held:
 * usually it is free at once). Generous: a slow or busy browser lets go
 * late, and giving up splits the tab's recording in two.
 */
export const CLAIM_WAIT_MS = 2000;
const CLAIM_RETRY_MS = 40;

export interface SessionClaim {
  /** Lets the session go (the page is being left). Idempotent. */
  release(): void;
  /** Takes it again (the page came back from the back/forward cache); false when another tab has it now. */
  retake(): Promise<boolean>;
}

type Acquire = (sessionId: string, wait: boolean) => Promise<Release | undefined>;

interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

function lockManager(): LockManagerLike | undefined {
  try {
    return (navigator as { locks?: LockManagerLike }).locks;
  } catch {
    return undefined;
  }
}

/** One try at the lock; resolves with its release, or undefined when someone holds it. */
function tryLock(locks: LockManagerLike, name: string): Promise<Release | undefined> {
  return new Promise((resolve) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) return resolve(undefined);
        // Held until `release` resolves the callback's promise.
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch(() => resolve(undefined));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquireLock(sessionId: string, wait: boolean): Promise<Release | undefined> {
  const locks = lockManager()!;
  const deadline = Date.now() + (wait ? CLAIM_WAIT_MS : 0);
  for (;;) {
    const release = await tryLock(locks, lockName(sessionId));
    if (release || Date.now() >= deadline) return release;
    await sleep(CLAIM_RETRY_MS);
  }
}

const acquireByBroadcast = (sessionId: string) => tryBroadcastLock(lockName(sessionId));
const holdByBroadcast = (sessionId: string) => holdBroadcastLock(lockName(sessionId));

function acquirer(): Acquire {
  if (lockManager()) return acquireLock;
  if (broadcastLocksAvailable()) return (id) => acquireByBroadcast(id);
  return async () => () => {};
}

/** Sessions this page gave up itself: a later recording of the page may wait for them like the tab's next page. */
const releasedHere = new Set<string>();

function claimOf(sessionId: string, acquire: Acquire, release: Release): SessionClaim {
  let current: Release | undefined = release;
  return {
    release() {
      if (current) releasedHere.add(sessionId);
      current?.();
      current = undefined;
    },
    async retake() {
      if (current) return true;
      current = await acquire(sessionId, true);
      return current !== undefined;
    },
  };
}

/**
 * Claims a session found in the tab's storage. Resolves undefined when
 * another live tab records it (the caller then starts a session of its own).
 * `handedOver`: the tab's previous page left it to this one (worth waiting for).
 */
export async function claimSession(sessionId: string, handedOver: boolean): Promise<SessionClaim | undefined> {
  const acquire = acquirer();
  const release = await acquire(sessionId, handedOver || releasedHere.has(sessionId));
  return release ? claimOf(sessionId, acquire, release) : undefined;
}

/**
 * Holds a session this page just created: nobody else knows its id, so the
 * claim is taken without waiting for the answer; it is there for tabs that
 * copy this tab's storage later.
 */
export function holdNewSession(sessionId: string): SessionClaim {
  const acquire = acquirer();
  let release: Release | undefined;
  let released = false;
  // NOTE: on the channel the page answers for it at once (no roll call: nobody else can have it).
  const taken: Promise<Release | undefined> =
    acquire === acquireLock || !broadcastLocksAvailable() ? acquire(sessionId, false) : Promise.resolve(holdByBroadcast(sessionId));
  void taken.then((r) => {
    if (released) r?.();
    else release = r;
  });
  const claim = claimOf(sessionId, acquire, () => {
    released = true;
    release?.();
  });
  return claim;
}

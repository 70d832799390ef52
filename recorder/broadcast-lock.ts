/**
 * @module recorder/broadcast-lock
 * Exclusive locks among the live pages of an origin where the Web Locks API
 * does not exist (plain http): a roll call on a `BroadcastChannel`.
 *
 * A page asking for a lock posts "who holds <name>?" and listens for
 * {@link ROLL_CALL_MS} (less when the holder answers). The holder answers
 * for as long as it holds the lock; a page that is gone answers nothing, so
 * a lock dies with its page, as a Web Lock does. Two pages asking at once
 * settle it by a random draw.
 *
 * NOTE: weaker than a Web Lock: a holder whose main thread is busy for
 * longer than the roll call answers too late. Callers keep a fallback for
 * that (session-claim.ts: the uploader's 409 handling; uploader.ts: a start
 * refused as already answered reads the secret another page saved).
 */
const CHANNEL_NAME = 'cobrowse:locks';
/** How long a page asking for a lock listens for its holder. */
export const ROLL_CALL_MS = 250;

export type Release = () => void;

type RollCall = { type: 'who'; name: string; draw: number } | { type: 'mine'; name: string };

/** Locks this page holds, and the ones it is asking for. */
const held = new Set<string>();
const asking = new Map<string, { draw: number; lost: () => void }>();
let channel: BroadcastChannel | undefined;

export const broadcastLocksAvailable = (): boolean => typeof BroadcastChannel === 'function';

function openChannel(): BroadcastChannel {
  if (channel) return channel;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<RollCall>) => {
    const message = event.data;
    if (!message || typeof message.name !== 'string') return;
    if (message.type === 'mine') return asking.get(message.name)?.lost();
    if (message.type !== 'who') return;
    if (held.has(message.name)) return channel?.postMessage({ type: 'mine', name: message.name } satisfies RollCall);
    // Two pages asking at once: the higher draw gets it, the other one learns it lost.
    const mine = asking.get(message.name);
    if (mine && mine.draw > message.draw) channel?.postMessage({ type: 'mine', name: message.name } satisfies RollCall);
    else if (mine) mine.lost();
  };
  return channel;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One roll call; resolves with the lock's release, or undefined when another live page holds it. */
export async function tryBroadcastLock(name: string): Promise<Release | undefined> {
  // A page does not hear its own roll call: it answers for itself.
  if (held.has(name)) return undefined;
  const bus = openChannel();
  let lost = false;
  const draw = Math.random();
  let answered: () => void = () => {};
  const answer = new Promise<void>((resolve) => (answered = resolve));
  asking.set(name, {
    draw,
    lost: () => {
      lost = true;
      answered();
    },
  });
  bus.postMessage({ type: 'who', name, draw } satisfies RollCall);
  await Promise.race([sleep(ROLL_CALL_MS), answer]);
  asking.delete(name);
  if (lost) return undefined;
  return holdBroadcastLock(name);
}

/**
 * Holds a lock without a roll call: for a name nobody else can know yet (a
 * session this page just created).
 */
export function holdBroadcastLock(name: string): Release {
  openChannel();
  held.add(name);
  return () => void held.delete(name);
}

/** Asks again every `retryMs` until the lock is free; undefined when still held after `waitMs`. */
export async function waitForBroadcastLock(name: string, waitMs: number, retryMs = 100): Promise<Release | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const release = await tryBroadcastLock(name);
    if (release || Date.now() >= deadline) return release;
    await sleep(retryMs);
  }
}

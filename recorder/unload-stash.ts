/**
 * @module recorder/unload-stash
 * Where events go when the page is being left (`pagehide`): there is no time
 * for compression or IndexedDB then, so the chunks that are not yet in the
 * outbox are written synchronously, as JSON, to `sessionStorage` (which the
 * next page of the same tab reads, and moves into the outbox under the same
 * seq). Each chunk is also tried right away with a `keepalive` fetch; if both
 * arrive, the second is an idempotent duplicate for the server.
 *
 * A page left before it knew which session it records (its claim was still
 * being decided, `session-claim.ts`) stashes its chunks unnumbered: the
 * tab's next page numbers them into whatever session it records. They begin
 * with that page's full snapshot, so they replay in any session. (A page its
 * tab's previous page handed the session to numbers them into that session
 * itself, recording.ts.)
 */
import type { Destination } from './outbox.ts';
import { readJson, removeItem, writeItem } from './safe-storage.ts';

const STASH_KEY = 'cobrowse:stash';
const UNNUMBERED_KEY = 'cobrowse:stash:unnumbered';

export interface StashedChunk extends Destination {
  sessionId: string;
  seq: number;
  /** JSON array of rrweb events. */
  json: string;
  createdAt: number;
}

const same = (a: StashedChunk, b: StashedChunk) => a.sessionId === b.sessionId && a.seq === b.seq;

export function readStash(): StashedChunk[] {
  const stash = readJson<StashedChunk[]>(STASH_KEY);
  return Array.isArray(stash) ? stash : [];
}

/** Adds chunks to the stash, synchronously. False if storage refused them (quota). */
export function stashChunks(chunks: StashedChunk[]): boolean {
  if (chunks.length === 0) return true;
  const stash = readStash().filter((old) => !chunks.some((c) => same(old, c)));
  return writeItem(STASH_KEY, JSON.stringify([...stash, ...chunks]));
}

/** Forgets stashed chunks once they are safe in the outbox. */
export function unstashChunks(chunks: StashedChunk[]): void {
  const rest = readStash().filter((old) => !chunks.some((c) => same(old, c)));
  if (rest.length === 0) removeItem(STASH_KEY);
  else writeItem(STASH_KEY, JSON.stringify(rest));
}

/** Chunks cut before the page's session was decided: no session, no seq yet. */
export interface UnnumberedChunk extends Destination {
  json: string;
  createdAt: number;
}

export function readUnnumbered(): UnnumberedChunk[] {
  const stash = readJson<UnnumberedChunk[]>(UNNUMBERED_KEY);
  return Array.isArray(stash) ? stash : [];
}

/** Adds unnumbered chunks, synchronously (`pagehide`). False if storage refused them. */
export function stashUnnumbered(chunks: UnnumberedChunk[]): boolean {
  if (chunks.length === 0) return true;
  return writeItem(UNNUMBERED_KEY, JSON.stringify([...readUnnumbered(), ...chunks]));
}

/** Forgets the unnumbered chunks once they have numbers (and are in the numbered path). */
export function clearUnnumbered(): void {
  removeItem(UNNUMBERED_KEY);
}

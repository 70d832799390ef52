/**
 * @module recorder/backoff
 * Exponential backoff with full jitter: attempt n waits a random time in
 * [base·2ⁿ/2, base·2ⁿ], never more than `maxMs`.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

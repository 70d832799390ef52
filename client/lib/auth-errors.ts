/**
 * @module client/lib/auth-errors
 * What the sign-in, password and reset forms say when a call fails: the
 * rate limit's wait in words (from Retry-After, carried in the error's
 * details), wrong passwords and spent reset links in plain language.
 */
import { ApiError } from '../api/api-error.ts';

/** "5 minutes", "1 hour", "30 seconds". */
export function formatWait(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 3600) return unit(Math.ceil(seconds / 60), 'minute');
  return unit(Math.ceil(seconds / 3600), 'hour');
}

/** The rate-limited message, or null when `err` is not a 429. */
export function rateLimitMessage(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status !== 429) return null;
  const seconds = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  const wait = typeof seconds === 'number' ? ` Try again in ${formatWait(seconds)}.` : ' Try again later.';
  return `Too many attempts.${wait}`;
}

/** A form's error line for a failed auth call; `fallback` covers the expected refusal (wrong password…). */
export function authErrorMessage(err: unknown, fallback: Partial<Record<string, string>> = {}): string {
  const limited = rateLimitMessage(err);
  if (limited) return limited;
  if (err instanceof ApiError) {
    const known = fallback[err.code] ?? fallback[String(err.status)];
    if (known) return known;
    if (err.code === 'network_error') return 'The server could not be reached. Check your connection and try again.';
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

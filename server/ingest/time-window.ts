/**
 * @module server/ingest/time-window
 * The plausible times of a session: a start not absurdly far from the
 * server's clock, and chunk events between the session's start (less a small
 * tolerance) and now (plus a small margin). One event at `timestamp: 1` in a
 * session of today would otherwise stretch the player's timeline over
 * decades. The window is relative to the session's stored start, so a tab
 * recording for hours, a reload, or an outbox uploading yesterday's chunks of
 * yesterday's session all still fit.
 */
import { ApiError, badRequest } from '../errors.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import {
  CLOCK_SKEW_MARGIN_MS,
  EVENT_TIME_TOLERANCE_MS,
  MAX_CLOCK_AHEAD_MS,
  MAX_SESSION_START_AGE_MS,
} from '../../protocol/ingest-constants.ts';

const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));

/** Where a session's `startedAt` stands against the server's clock. */
export function startTimeVerdict(startedAt: number, now = Date.now()): 'ok' | 'future' | 'too_old' {
  if (startedAt > now + MAX_CLOCK_AHEAD_MS) return 'future';
  if (startedAt < now - MAX_SESSION_START_AGE_MS) return 'too_old';
  return 'ok';
}

export function implausibleStart(startedAt: number, verdict: 'future' | 'too_old'): ApiError {
  return badRequest(
    verdict === 'future'
      ? `startedAt ${iso(startedAt)} is in the future of the server's clock`
      : `startedAt ${iso(startedAt)} is too old for a new session (at most ${MAX_SESSION_START_AGE_MS / 86_400_000} days)`,
  );
}

/**
 * 400 `invalid_events` unless [firstTs, lastTs] lies in the session's window.
 * `session.createdAt` is when the server first heard of the session: a
 * `startedAt` ahead of it means the customer's clock runs fast by about that
 * much, and their events are allowed that far ahead of our clock too.
 */
export function assertEventTimes(
  chunk: { firstTs: number; lastTs: number },
  session: { startedAt: number; createdAt: number },
  now = Date.now(),
): void {
  const earliest = session.startedAt - EVENT_TIME_TOLERANCE_MS;
  const clockAhead = Math.max(0, session.startedAt - session.createdAt);
  const latest = now + clockAhead + CLOCK_SKEW_MARGIN_MS;
  if (chunk.firstTs < earliest) {
    throw new ApiError(
      400,
      ErrorCode.InvalidEvents,
      `event timestamp ${iso(chunk.firstTs)} is before the session started (${iso(session.startedAt)})`,
    );
  }
  if (chunk.lastTs > latest) {
    throw new ApiError(400, ErrorCode.InvalidEvents, `event timestamp ${iso(chunk.lastTs)} is in the future of the server's clock`);
  }
}

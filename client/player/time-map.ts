/**
 * @module client/player/time-map
 * Session time vs replayer time.
 *
 * - Session time: ms since the session's first stored event (`firstEventTs`);
 *   what the UI shows and what `?t=` means.
 * - Replayer time: ms since the first event the current Replayer was built
 *   with. When playback starts from a mid-session snapshot, that first event
 *   is the snapshot chunk's, not the session's.
 */

export class TimeMap {
  /** Epoch ms of the session's first event. */
  readonly sessionStartTs: number;
  /** Epoch ms of the Replayer's first event. */
  readonly replayerBaseTs: number;

  constructor(sessionStartTs: number, replayerBaseTs: number) {
    this.sessionStartTs = sessionStartTs;
    this.replayerBaseTs = replayerBaseTs;
  }

  /** Session ms → epoch ms. */
  toAbsolute(sessionMs: number): number {
    return this.sessionStartTs + sessionMs;
  }

  /** Epoch ms → session ms. */
  fromAbsolute(ts: number): number {
    return ts - this.sessionStartTs;
  }

  /** Session ms → offset for `replayer.play(offset)` / `pause(offset)`; never negative. */
  toReplayer(sessionMs: number): number {
    return Math.max(0, this.sessionStartTs + sessionMs - this.replayerBaseTs);
  }

  /** `replayer.getCurrentTime()` → session ms. */
  toSession(replayerMs: number): number {
    return this.replayerBaseTs + replayerMs - this.sessionStartTs;
  }

  /** Session ms at which the Replayer's timeline begins. */
  get replayerStartSessionMs(): number {
    return this.replayerBaseTs - this.sessionStartTs;
  }
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

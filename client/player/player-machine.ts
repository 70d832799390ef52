/**
 * @module client/player/player-machine
 * The player's states as an explicit, pure state machine.
 *
 *   loading ──loaded──▶ paused | playing   (playing when play was asked for meanwhile)
 *   paused  ──play────▶ playing            ended ──play──▶ playing (from the start)
 *   playing ──pause───▶ paused             playing ──end──▶ ended
 *   any     ──load────▶ loading            (open, far seek, buffering at the loaded edge)
 *   ended   ──seeked──▶ paused
 *   any     ──fail────▶ error              error ──load──▶ loading (retry)
 *
 * `wantsPlay` remembers, across a load, whether playback should go on after it.
 */

export type PlayerState = 'loading' | 'paused' | 'playing' | 'ended' | 'error';

export type PlayerInput =
  | { type: 'load' }
  | { type: 'loaded' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seeked' }
  | { type: 'end' }
  | { type: 'fail'; message: string };

export interface PlayerSnapshot {
  state: PlayerState;
  wantsPlay: boolean;
  error: string | null;
}

export const initialPlayerSnapshot: PlayerSnapshot = { state: 'loading', wantsPlay: false, error: null };

export function playerTransition(s: PlayerSnapshot, input: PlayerInput): PlayerSnapshot {
  switch (input.type) {
    case 'fail':
      return { state: 'error', wantsPlay: false, error: input.message };
    case 'load':
      return { state: 'loading', wantsPlay: s.state === 'playing' || (s.state === 'loading' && s.wantsPlay), error: null };
    case 'loaded':
      if (s.state !== 'loading') return s;
      return { state: s.wantsPlay ? 'playing' : 'paused', wantsPlay: s.wantsPlay, error: null };
    case 'play':
      if (s.state === 'paused' || s.state === 'ended') return { ...s, state: 'playing', wantsPlay: true };
      if (s.state === 'loading') return { ...s, wantsPlay: true };
      return s;
    case 'pause':
      if (s.state === 'playing') return { ...s, state: 'paused', wantsPlay: false };
      if (s.state === 'loading') return { ...s, wantsPlay: false };
      return s;
    case 'seeked':
      return s.state === 'ended' ? { ...s, state: 'paused', wantsPlay: false } : s;
    case 'end':
      return s.state === 'playing' ? { ...s, state: 'ended', wantsPlay: false } : s;
  }
}

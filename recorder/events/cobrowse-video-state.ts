/**
 * @module recorder/events/cobrowse-video-state
 * Fired by `<cobrowse-recorder>` whenever recorded video changes state: asking
 * the browser, recording, refused (the customer said no: the DOM recording
 * goes on alone), unavailable (no device or no API), stopped.
 * Bubbles and is composed, so a page can listen on `document`.
 */
import type { VideoSource } from '../video/video-options.ts';

export type VideoState = 'off' | 'requesting' | 'recording' | 'refused' | 'unavailable' | 'stopped';

export interface CobrowseVideoStateDetail {
  state: VideoState;
  /** The sources being recorded now. */
  recording: VideoSource[];
  /** True while the microphone is recorded too. */
  microphone: boolean;
  /** Sources that could not be recorded, with why. */
  failed: { source: VideoSource; reason: 'refused' | 'unavailable'; message: string }[];
}

export type CobrowseVideoStateEvent = CustomEvent<CobrowseVideoStateDetail>;

export const COBROWSE_VIDEO_STATE = 'cobrowse-video-state';

export function cobrowseVideoStateEvent(detail: CobrowseVideoStateDetail): CobrowseVideoStateEvent {
  return new CustomEvent(COBROWSE_VIDEO_STATE, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-video-state': CobrowseVideoStateEvent;
  }
}

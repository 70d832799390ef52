import type { ReplyInfo } from '../../protocol/media.ts';

/** Fired by `cobrowse-video-replies` once a recorded reply is uploaded and sent. */
export type CobrowseReplySentEvent = CustomEvent<{ reply: ReplyInfo }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-reply-sent': CobrowseReplySentEvent;
  }
}

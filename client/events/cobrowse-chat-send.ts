/** Fired by `cobrowse-live-chat` when the advisor sends a message (Enter or the Send button). */
export type CobrowseChatSendEvent = CustomEvent<{ text: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-chat-send': CobrowseChatSendEvent;
  }
}

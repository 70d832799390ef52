import CobrowseLiveChat from './live-chat.component.ts';

export default CobrowseLiveChat;
customElements.define('cobrowse-live-chat', CobrowseLiveChat);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-live-chat': CobrowseLiveChat;
  }
}

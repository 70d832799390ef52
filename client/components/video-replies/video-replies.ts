import CobrowseVideoReplies from './video-replies.component.ts';

export default CobrowseVideoReplies;
customElements.define('cobrowse-video-replies', CobrowseVideoReplies);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-video-replies': CobrowseVideoReplies;
  }
}

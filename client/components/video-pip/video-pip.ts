import CobrowseVideoPip from './video-pip.component.ts';

export default CobrowseVideoPip;
customElements.define('cobrowse-video-pip', CobrowseVideoPip);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-video-pip': CobrowseVideoPip;
  }
}

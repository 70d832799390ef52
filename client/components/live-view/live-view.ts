import CobrowseLiveView from './live-view.component.ts';

export default CobrowseLiveView;
customElements.define('cobrowse-live-view', CobrowseLiveView);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-live-view': CobrowseLiveView;
  }
}

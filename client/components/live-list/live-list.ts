import CobrowseLiveList from './live-list.component.ts';

export default CobrowseLiveList;
customElements.define('cobrowse-live-list', CobrowseLiveList);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-live-list': CobrowseLiveList;
  }
}

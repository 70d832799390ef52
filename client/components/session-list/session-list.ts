import CobrowseSessionList from './session-list.component.ts';

export default CobrowseSessionList;
customElements.define('cobrowse-session-list', CobrowseSessionList);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-session-list': CobrowseSessionList;
  }
}

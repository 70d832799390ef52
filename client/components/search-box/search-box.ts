import CobrowseSearch from './search-box.component.ts';

export default CobrowseSearch;
customElements.define('cobrowse-search', CobrowseSearch);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-search': CobrowseSearch;
  }
}

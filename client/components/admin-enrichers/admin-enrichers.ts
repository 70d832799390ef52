import CobrowseAdminEnrichers from './admin-enrichers.component.ts';

export default CobrowseAdminEnrichers;
customElements.define('cobrowse-admin-enrichers', CobrowseAdminEnrichers);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-enrichers': CobrowseAdminEnrichers;
  }
}

import CobrowseAdminRouting from './admin-routing.component.ts';

export default CobrowseAdminRouting;
customElements.define('cobrowse-admin-routing', CobrowseAdminRouting);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-routing': CobrowseAdminRouting;
  }
}

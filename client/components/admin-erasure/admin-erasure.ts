import CobrowseAdminErasure from './admin-erasure.component.ts';

export default CobrowseAdminErasure;
customElements.define('cobrowse-admin-erasure', CobrowseAdminErasure);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-erasure': CobrowseAdminErasure;
  }
}

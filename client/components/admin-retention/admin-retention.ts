import CobrowseAdminRetention from './admin-retention.component.ts';

export default CobrowseAdminRetention;
customElements.define('cobrowse-admin-retention', CobrowseAdminRetention);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-retention': CobrowseAdminRetention;
  }
}

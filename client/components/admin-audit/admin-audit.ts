import CobrowseAdminAudit from './admin-audit.component.ts';

export default CobrowseAdminAudit;
customElements.define('cobrowse-admin-audit', CobrowseAdminAudit);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-audit': CobrowseAdminAudit;
  }
}

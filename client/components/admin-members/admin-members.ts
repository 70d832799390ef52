import CobrowseAdminMembers from './admin-members.component.ts';

export default CobrowseAdminMembers;
customElements.define('cobrowse-admin-members', CobrowseAdminMembers);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-members': CobrowseAdminMembers;
  }
}

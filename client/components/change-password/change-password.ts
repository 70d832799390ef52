import CobrowseChangePassword from './change-password.component.ts';

export default CobrowseChangePassword;
customElements.define('cobrowse-change-password', CobrowseChangePassword);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-change-password': CobrowseChangePassword;
  }
}

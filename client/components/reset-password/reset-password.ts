import CobrowseResetPassword from './reset-password.component.ts';

export default CobrowseResetPassword;
customElements.define('cobrowse-reset-password', CobrowseResetPassword);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-reset-password': CobrowseResetPassword;
  }
}

import CobrowseForgotPassword from './forgot-password.component.ts';

export default CobrowseForgotPassword;
customElements.define('cobrowse-forgot-password', CobrowseForgotPassword);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-forgot-password': CobrowseForgotPassword;
  }
}

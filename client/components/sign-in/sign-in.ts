import CobrowseSignIn from './sign-in.component.ts';

export default CobrowseSignIn;
customElements.define('cobrowse-sign-in', CobrowseSignIn);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-sign-in': CobrowseSignIn;
  }
}

import CobrowseCaseAdmin from './case-admin.component.ts';

export default CobrowseCaseAdmin;
customElements.define('cobrowse-case-admin', CobrowseCaseAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-admin': CobrowseCaseAdmin;
  }
}

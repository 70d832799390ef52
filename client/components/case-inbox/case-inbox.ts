import CobrowseCaseInbox from './case-inbox.component.ts';

export default CobrowseCaseInbox;
customElements.define('cobrowse-case-inbox', CobrowseCaseInbox);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-inbox': CobrowseCaseInbox;
  }
}

import CobrowseCaseLinks from './case-links.component.ts';

export default CobrowseCaseLinks;
customElements.define('cobrowse-case-links', CobrowseCaseLinks);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-links': CobrowseCaseLinks;
  }
}

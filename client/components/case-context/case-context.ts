import CobrowseCaseContext from './case-context.component.ts';

export default CobrowseCaseContext;
customElements.define('cobrowse-case-context', CobrowseCaseContext);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-context': CobrowseCaseContext;
  }
}

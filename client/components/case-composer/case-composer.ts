import CobrowseCaseComposer from './case-composer.component.ts';

export default CobrowseCaseComposer;
customElements.define('cobrowse-case-composer', CobrowseCaseComposer);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-composer': CobrowseCaseComposer;
  }
}

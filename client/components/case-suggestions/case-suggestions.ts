import CobrowseCaseSuggestions from './case-suggestions.component.ts';

export default CobrowseCaseSuggestions;
customElements.define('cobrowse-case-suggestions', CobrowseCaseSuggestions);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-suggestions': CobrowseCaseSuggestions;
  }
}

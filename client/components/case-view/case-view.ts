import CobrowseCaseView from './case-view.component.ts';

export default CobrowseCaseView;
customElements.define('cobrowse-case-view', CobrowseCaseView);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-view': CobrowseCaseView;
  }
}

import CobrowseCaseThread from './case-thread.component.ts';

export default CobrowseCaseThread;
customElements.define('cobrowse-case-thread', CobrowseCaseThread);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-case-thread': CobrowseCaseThread;
  }
}

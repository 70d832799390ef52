import CobrowseTutorialRedactions from './tutorial-redactions.component.ts';

export default CobrowseTutorialRedactions;
customElements.define('cobrowse-tutorial-redactions', CobrowseTutorialRedactions);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-redactions': CobrowseTutorialRedactions;
  }
}

import CobrowseTutorialAnnotations from './tutorial-annotations.component.ts';

export default CobrowseTutorialAnnotations;
customElements.define('cobrowse-tutorial-annotations', CobrowseTutorialAnnotations);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-annotations': CobrowseTutorialAnnotations;
  }
}

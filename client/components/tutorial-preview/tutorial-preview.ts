import CobrowseTutorialPreview from './tutorial-preview.component.ts';

export default CobrowseTutorialPreview;
customElements.define('cobrowse-tutorial-preview', CobrowseTutorialPreview);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-preview': CobrowseTutorialPreview;
  }
}

import CobrowseTutorialEditor from './tutorial-editor.component.ts';

export default CobrowseTutorialEditor;
customElements.define('cobrowse-tutorial-editor', CobrowseTutorialEditor);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-editor': CobrowseTutorialEditor;
  }
}

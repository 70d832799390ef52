import CobrowseTutorialChapters from './tutorial-chapters.component.ts';

export default CobrowseTutorialChapters;
customElements.define('cobrowse-tutorial-chapters', CobrowseTutorialChapters);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-chapters': CobrowseTutorialChapters;
  }
}

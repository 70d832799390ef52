import CobrowseTutorialPublish from './tutorial-publish.component.ts';

export default CobrowseTutorialPublish;
customElements.define('cobrowse-tutorial-publish', CobrowseTutorialPublish);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-publish': CobrowseTutorialPublish;
  }
}

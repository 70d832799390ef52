import CobrowseTutorialList from './tutorial-list.component.ts';

export default CobrowseTutorialList;
customElements.define('cobrowse-tutorial-list', CobrowseTutorialList);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-list': CobrowseTutorialList;
  }
}

import CobrowseTutorialMaker from './tutorial-maker.component.ts';

export default CobrowseTutorialMaker;
customElements.define('cobrowse-tutorial-maker', CobrowseTutorialMaker);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-maker': CobrowseTutorialMaker;
  }
}

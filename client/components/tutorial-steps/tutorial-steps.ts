import CobrowseTutorialSteps from './tutorial-steps.component.ts';

export default CobrowseTutorialSteps;
customElements.define('cobrowse-tutorial-steps', CobrowseTutorialSteps);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-steps': CobrowseTutorialSteps;
  }
}

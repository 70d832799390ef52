/**
 * @module client/components/tutorial-guide/tutorial-guide
 * Registers `<cobrowse-tutorial-guide>`.
 */
import CobrowseTutorialGuide from './tutorial-guide.component.ts';

export default CobrowseTutorialGuide;
customElements.define('cobrowse-tutorial-guide', CobrowseTutorialGuide);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-guide': CobrowseTutorialGuide;
  }
}

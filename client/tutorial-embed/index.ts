/**
 * @module client/tutorial-embed
 * The entry of `tutorial.js` (served at `/tutorial.js`): defines
 * `<cobrowse-tutorial>` once, however many times the script is loaded.
 */
import CobrowseTutorial from './cobrowse-tutorial.component.ts';

export { CobrowseTutorial };
if (!customElements.get('cobrowse-tutorial')) customElements.define('cobrowse-tutorial', CobrowseTutorial);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial': CobrowseTutorial;
  }
}

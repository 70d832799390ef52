import CobrowseTutorialPicker from './tutorial-picker.component.ts';

export default CobrowseTutorialPicker;
customElements.define('cobrowse-tutorial-picker', CobrowseTutorialPicker);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-picker': CobrowseTutorialPicker;
  }
}

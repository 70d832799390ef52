import CobrowseCallPanel from './call-panel.component.ts';

export default CobrowseCallPanel;
customElements.define('cobrowse-advisor-call', CobrowseCallPanel);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-advisor-call': CobrowseCallPanel;
  }
}

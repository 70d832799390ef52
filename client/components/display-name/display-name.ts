import CobrowseDisplayName from './display-name.component.ts';

export default CobrowseDisplayName;
customElements.define('cobrowse-display-name', CobrowseDisplayName);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-display-name': CobrowseDisplayName;
  }
}

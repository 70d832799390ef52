import CobrowseOrgSwitcher from './org-switcher.component.ts';

export default CobrowseOrgSwitcher;
customElements.define('cobrowse-org-switcher', CobrowseOrgSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-org-switcher': CobrowseOrgSwitcher;
  }
}

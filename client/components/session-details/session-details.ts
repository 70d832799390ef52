import CobrowseSessionDetails from './session-details.component.ts';

export default CobrowseSessionDetails;
customElements.define('cobrowse-session-details', CobrowseSessionDetails);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-session-details': CobrowseSessionDetails;
  }
}

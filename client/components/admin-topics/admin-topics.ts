import CobrowseAdminTopics from './admin-topics.component.ts';

export default CobrowseAdminTopics;
customElements.define('cobrowse-admin-topics', CobrowseAdminTopics);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-topics': CobrowseAdminTopics;
  }
}

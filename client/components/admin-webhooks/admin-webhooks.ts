import CobrowseAdminWebhooks from './admin-webhooks.component.ts';

export default CobrowseAdminWebhooks;
customElements.define('cobrowse-admin-webhooks', CobrowseAdminWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-webhooks': CobrowseAdminWebhooks;
  }
}

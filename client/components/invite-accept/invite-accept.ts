import CobrowseInviteAccept from './invite-accept.component.ts';

export default CobrowseInviteAccept;
customElements.define('cobrowse-invite-accept', CobrowseInviteAccept);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-invite-accept': CobrowseInviteAccept;
  }
}

import CobrowseSessionPlayer from './session-player.component.ts';

export default CobrowseSessionPlayer;
customElements.define('cobrowse-session-player', CobrowseSessionPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-session-player': CobrowseSessionPlayer;
  }
}

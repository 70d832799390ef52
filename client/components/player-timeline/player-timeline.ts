import CobrowsePlayerTimeline from './player-timeline.component.ts';

export default CobrowsePlayerTimeline;
customElements.define('cobrowse-player-timeline', CobrowsePlayerTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-player-timeline': CobrowsePlayerTimeline;
  }
}

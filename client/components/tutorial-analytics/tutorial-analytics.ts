import CobrowseTutorialAnalytics from './tutorial-analytics.component.ts';

export default CobrowseTutorialAnalytics;
customElements.define('cobrowse-tutorial-analytics', CobrowseTutorialAnalytics);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-tutorial-analytics': CobrowseTutorialAnalytics;
  }
}

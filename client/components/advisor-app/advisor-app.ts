import CobrowseAdvisorApp from './advisor-app.component.ts';

export default CobrowseAdvisorApp;
customElements.define('cobrowse-advisor-app', CobrowseAdvisorApp);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-advisor-app': CobrowseAdvisorApp;
  }
}

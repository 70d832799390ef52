import CobrowseAdminJobs from './admin-jobs.component.ts';

export default CobrowseAdminJobs;
customElements.define('cobrowse-admin-jobs', CobrowseAdminJobs);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-admin-jobs': CobrowseAdminJobs;
  }
}

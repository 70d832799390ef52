import CobrowseRecurringReport from './recurring-report.component.ts';

export default CobrowseRecurringReport;
customElements.define('cobrowse-recurring-report', CobrowseRecurringReport);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-recurring-report': CobrowseRecurringReport;
  }
}

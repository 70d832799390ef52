/**
 * @module recorder/call/call-elements
 * Registers the customer's call UI element (once, even if the script is loaded twice).
 */
import { CobrowseCallPanel } from './call-panel.component.ts';

if (!customElements.get('cobrowse-call-panel')) customElements.define('cobrowse-call-panel', CobrowseCallPanel);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-call-panel': CobrowseCallPanel;
  }
}

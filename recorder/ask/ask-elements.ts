/**
 * @module recorder/ask/ask-elements
 * Registers the "Ask for help" element `<cobrowse-recorder>` renders in its
 * shadow root (once, even if the script is loaded twice).
 */
import { CobrowseAskPanel } from './ask-panel.component.ts';

if (!customElements.get('cobrowse-ask-panel')) customElements.define('cobrowse-ask-panel', CobrowseAskPanel);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-ask-panel': CobrowseAskPanel;
  }
}

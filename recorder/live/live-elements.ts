/**
 * @module recorder/live/live-elements
 * Registers the live UI elements `<cobrowse-recorder>` renders in its shadow
 * root (once, even if the script is loaded twice).
 */
import { CobrowseLiveOverlay } from './live-overlay.component.ts';
import { CobrowseLivePanel } from './live-panel.component.ts';

if (!customElements.get('cobrowse-live-panel')) customElements.define('cobrowse-live-panel', CobrowseLivePanel);
if (!customElements.get('cobrowse-live-overlay')) customElements.define('cobrowse-live-overlay', CobrowseLiveOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-live-panel': CobrowseLivePanel;
    'cobrowse-live-overlay': CobrowseLiveOverlay;
  }
}

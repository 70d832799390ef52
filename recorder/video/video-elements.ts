/**
 * @module recorder/video/video-elements
 * Registers the video UI `<cobrowse-recorder>` renders in its shadow root
 * (once, even if the script is loaded twice).
 */
import { CobrowseVideoIndicator } from './video-indicator.component.ts';

if (!customElements.get('cobrowse-video-indicator')) customElements.define('cobrowse-video-indicator', CobrowseVideoIndicator);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-video-indicator': CobrowseVideoIndicator;
  }
}

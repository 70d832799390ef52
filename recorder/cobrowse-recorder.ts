/**
 * @module recorder/cobrowse-recorder
 * Registers `<cobrowse-recorder>` (once, even if the script is loaded twice).
 */
import { CobrowseRecorder } from './cobrowse-recorder.component.ts';

export { CobrowseRecorder };

if (!customElements.get('cobrowse-recorder')) customElements.define('cobrowse-recorder', CobrowseRecorder);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-recorder': CobrowseRecorder;
  }
}

/**
 * @module recorder/video/video-indicator.component
 * `<cobrowse-video-indicator>`: while camera, screen or microphone are being
 * recorded, a small badge in the page's bottom-left corner says so, in
 * words, with a button to stop the video (the DOM recording goes on). The
 * browser's own tab indicator is easy to miss; consent to record is worth
 * little if the customer forgets it is running.
 * Rendered by `<cobrowse-recorder>` inside its (unrecorded) shadow root.
 */
import { LitElement, html, nothing } from 'lit';
import type { CobrowseVideoStateDetail } from '../events/cobrowse-video-state.ts';
import type { VideoSource } from './video-options.ts';
import { videoIndicatorStyles } from './video-indicator.styles.ts';

const SOURCE_NAMES: Record<VideoSource, string> = { camera: 'camera', screen: 'screen' };

/** "camera", "camera and microphone", "camera, screen and microphone". */
export function describeRecordedSources(detail: Pick<CobrowseVideoStateDetail, 'recording' | 'microphone'>): string {
  const names = detail.recording.map((s) => SOURCE_NAMES[s]);
  if (detail.microphone) names.push('microphone');
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export class CobrowseVideoIndicator extends LitElement {
  static override styles = videoIndicatorStyles;

  static override properties = {
    detail: { attribute: false },
  };

  declare detail: CobrowseVideoStateDetail | undefined;

  override render() {
    const detail = this.detail;
    if (detail?.state !== 'recording' || detail.recording.length === 0) return nothing;
    return html`<div class="badge" role="status">
      <span class="dot" aria-hidden="true"></span>
      <span class="text">Recording your ${describeRecordedSources(detail)}</span>
      <button type="button" @click=${() => this.dispatchEvent(new Event('cobrowse-stop-video', { bubbles: true, composed: true }))}>
        Stop
      </button>
    </div>`;
  }
}

/**
 * @module client/components/tutorial-guide
 * `<cobrowse-tutorial-guide>`: "Written guide" in the tutorial editor's
 * header — the published version as a Markdown or a self-contained HTML
 * file (step titles, bodies, a picture of each step), downloaded with the
 * member's token (`GET /api/tutorials/:id/guide.md|html`). Says when the
 * pictures are still being drawn, when the server cannot draw them, or
 * when drawing them failed for good.
 * Nothing while the tutorial is not published.
 *
 * Public API: properties `api`, `tutorial`.
 */
import { html, LitElement, nothing } from 'lit';
import type { GuidePictures } from '../../../protocol/tutorials-constants.ts';
import type { Tutorial } from '../../../protocol/tutorials.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './tutorial-guide.styles.ts';

type GuideFormat = 'md' | 'html';

const PICTURE_NOTES: Record<Exclude<GuidePictures, 'complete'>, string> = {
  pending: 'Some step pictures are still being drawn: download again in a minute to have them all.',
  unavailable: 'This server cannot draw step pictures (no headless Chromium): the guide has text only.',
  failed:
    'Drawing the step pictures failed (the server’s headless Chromium crashed every attempt): the guide has text only. Publishing again tries once more.',
};

export default class CobrowseTutorialGuide extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    tutorial: { attribute: false },
    pictures: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorial: Tutorial | null;
  /** The pictures of the last guide downloaded. */
  declare pictures: GuidePictures | null;
  readonly #request = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorial = null;
    this.pictures = null;
  }

  async #download(format: GuideFormat) {
    const { api, tutorial } = this;
    if (!api || !tutorial) return;
    const guide = await this.#request.run((signal) => api.tutorialGuide(tutorial.id, format, { signal }));
    if (!guide) return;
    this.pictures = guide.pictures;
    // A saved file rather than a new tab: the request needs the token, and the file is what a knowledge base takes.
    const url = URL.createObjectURL(guide.file);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${tutorial.slug}-guide.${format}`;
    link.hidden = true;
    this.renderRoot.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  override render() {
    if (this.tutorial?.status !== 'published') return nothing;
    const busy = this.#request.busy;
    return html`<div class="guide" role="group" aria-labelledby="guide-label">
      <span class="guide__label" id="guide-label">Written guide</span>
      <button class="btn guide__button" type="button" ?disabled=${busy} @click=${() => void this.#download('md')}>Markdown</button>
      <button class="btn guide__button" type="button" ?disabled=${busy} @click=${() => void this.#download('html')}>HTML</button>
      ${busy ? html`<span class="guide__note" role="status">Preparing the guide…</span>` : nothing}
      ${
        !busy && this.pictures && this.pictures !== 'complete'
          ? html`<span class="guide__note" role="status" data-pictures=${this.pictures}>${PICTURE_NOTES[this.pictures]}</span>`
          : nothing
      }
      ${this.#request.error ? html`<span class="alert guide__error" role="alert">${this.#request.error}</span>` : nothing}
    </div>`;
  }
}

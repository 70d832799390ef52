/**
 * @module client/components/case-thread
 * `<cobrowse-case-thread>`: the conversation of a case, oldest first: the
 * customer's question, then customer and advisor messages, text answers,
 * tutorial links, video replies (played inline) and internal notes, which
 * look different (and say so) because the customer never sees them.
 *
 * Properties in: `detail` (a CaseDetail), `advisorId` (`advisor-id`, the
 * signed-in advisor, shown as "You"), `videoUrls` (reply track id → a
 * playable URL, for video replies; the host keeps a URL stable while valid,
 * and messages are keyed by id, so a refresh never replaces a playing video).
 */
import { html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CaseAttachment, CaseDetail, CaseMessage } from '../../../protocol/cases.ts';
import { customerLabel } from '../../lib/case-format.ts';
import { formatDateTime } from '../../lib/format.ts';
import { routeUrl } from '../../lib/route.ts';
import { panels } from '../../styles/case.styles.ts';
import { tokens } from '../../styles/shared.styles.ts';
import styles from './case-thread.styles.ts';

const KIND_LABELS: Record<CaseMessage['kind'], string> = {
  text: 'Answer',
  video_reply: 'Video reply',
  tutorial_link: 'Tutorial',
  internal_note: 'Internal note',
};

export default class CobrowseCaseThread extends LitElement {
  static override styles = [tokens, panels, styles];
  static override properties = {
    detail: { attribute: false },
    advisorId: { type: String, attribute: 'advisor-id' },
    videoUrls: { attribute: false },
  };

  declare detail: CaseDetail | null;
  declare advisorId: string;
  declare videoUrls: ReadonlyMap<string, string>;

  constructor() {
    super();
    this.detail = null;
    this.advisorId = '';
    this.videoUrls = new Map();
  }

  #renderAttachment(a: CaseAttachment) {
    switch (a.type) {
      case 'link':
        return html`<a class="link" href=${a.url} target="_blank" rel="noopener noreferrer">${a.title || a.url} ↗</a>`;
      case 'session':
        return html`<a class="link" href=${routeUrl({ name: 'player', sessionId: a.sessionId, t: null })}
          >Recording attached by the customer</a
        >`;
      case 'media': {
        const url = this.videoUrls.get(a.trackId);
        return url
          ? html`<video
              class="thread__video"
              data-track-id=${a.trackId}
              controls
              preload="metadata"
              src=${url}
              aria-label="Video reply"
            ></video>`
          : html`<span class="muted">Video reply (${a.trackId})</span>`;
      }
    }
  }

  #renderMessage(m: CaseMessage, customer: string) {
    const note = m.kind === 'internal_note';
    const who = m.from === 'customer' ? customer : m.advisorId && m.advisorId === this.advisorId ? 'You' : m.authorName || 'Advisor';
    return html`<li
      class="thread__msg thread__msg--${m.from} ${note ? 'thread__msg--note' : ''}"
      data-message-id=${m.id}
      data-kind=${m.kind}
      data-from=${m.from}
    >
      <div class="thread__meta">
        <strong>${who}</strong>
        ${m.from === 'advisor' ? html`<span class="thread__kind">${KIND_LABELS[m.kind]}</span>` : nothing}
        <span>${formatDateTime(m.createdAt)}</span>
      </div>
      ${note ? html`<div class="thread__note-flag">Only advisors see this note</div>` : nothing}
      <div class="thread__body">${m.body}</div>
      ${
        m.attachments.length ? html`<div class="thread__attachments">${m.attachments.map((a) => this.#renderAttachment(a))}</div>` : nothing
      }
    </li>`;
  }

  override render() {
    const d = this.detail;
    if (!d) return nothing;
    const customer = customerLabel(d);
    return html`<ol class="thread" aria-label="Conversation">
      <li class="thread__msg thread__msg--customer thread__msg--question" data-kind="question" data-from="customer">
        <div class="thread__meta">
          <strong>${customer}</strong><span class="thread__kind">Question</span><span>${formatDateTime(d.createdAt)}</span>
        </div>
        <div class="thread__body">${d.question}</div>
      </li>
      ${repeat(
        d.thread,
        (m) => m.id,
        (m) => this.#renderMessage(m, customer),
      )}
    </ol>`;
  }
}

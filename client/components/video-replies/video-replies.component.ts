/**
 * @module client/components/video-replies
 * `<cobrowse-video-replies>`: Loom-style video replies on a session's page.
 * The advisor records a short camera or screen message (countdown, stop,
 * preview, re-record, send); sent replies are listed with a player; a
 * customer link (`/s/:token`, expiring, revocable) plays them for the customer.
 *
 * Properties in: `api`, `sessionId` (`session-id`), `countdown` (seconds, default 3),
 * `noList` (`no-list`: only the recorder, for a host that shows what was sent
 * and links the customer itself, such as a case's thread).
 * Read-only: `phase` ('idle' | 'countdown' | 'recording' | 'preview' | 'sending'), mirrored in `data-phase`.
 *
 * @event cobrowse-reply-sent - A reply was uploaded and sent; detail `{ reply }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ReplyInfo, ReplyLinkCreated, ReplyLinkInfo } from '../../../protocol/media.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { formatDateTime, formatDuration } from '../../lib/format.ts';
import { StableMediaUrls } from '../../lib/stable-media-urls.ts';
import { newReplyId, openSource, ReplyRecorder, type RecordedReply, type ReplySource } from '../../replies/reply-recorder.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './video-replies.styles.ts';

export type ReplyPhase = 'idle' | 'countdown' | 'recording' | 'preview' | 'sending';

export default class CobrowseVideoReplies extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    sessionId: { type: String, attribute: 'session-id' },
    countdown: { type: Number },
    noList: { type: Boolean, attribute: 'no-list' },
    phase: { state: true },
    count: { state: true },
    replies: { state: true },
    links: { state: true },
    newLink: { state: true },
    error: { state: true },
    source: { state: true },
    audio: { state: true },
    title: { state: true },
    previewUrl: { state: true },
    elapsed: { state: true },
  };

  declare api: ApiClient | null;
  declare sessionId: string;
  declare countdown: number;
  declare noList: boolean;
  declare phase: ReplyPhase;
  declare count: number;
  declare replies: ReplyInfo[];
  declare links: ReplyLinkInfo[];
  declare newLink: ReplyLinkCreated | null;
  declare error: string;
  declare source: ReplySource;
  declare audio: boolean;
  declare title: string;
  declare previewUrl: string;
  declare elapsed: number;

  #recorder: ReplyRecorder | null = null;
  #recorded: RecordedReply | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stableUrls = new StableMediaUrls();

  constructor() {
    super();
    this.api = null;
    this.sessionId = '';
    this.countdown = 3;
    this.noList = false;
    this.phase = 'idle';
    this.count = 0;
    this.replies = [];
    this.links = [];
    this.newLink = null;
    this.error = '';
    this.source = 'camera';
    this.audio = true;
    this.title = '';
    this.previewUrl = '';
    this.elapsed = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#discard();
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('sessionId') || changed.has('api')) && this.api && this.sessionId) void this.refresh();
    if (this.dataset.phase !== this.phase) this.dataset.phase = this.phase;
  }

  /** Reloads the replies and links. */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api || !this.sessionId || this.noList) return;
    try {
      const [replies, links] = await Promise.all([api.replies(this.sessionId), api.replyLinks(this.sessionId)]);
      // A URL already shown is kept while valid: a refresh must not restart a playing reply.
      this.replies = replies.replies.map((r) => {
        const { url, expiresAt } = this.#stableUrls.pick(`${replies.sessionId}/${r.replyId}`, { url: r.url, expiresAt: r.urlExpiresAt });
        return { ...r, url, urlExpiresAt: expiresAt };
      });
      this.links = links.links;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** Asks for the source, counts down, then records. */
  async record(): Promise<void> {
    if (this.phase !== 'idle' && this.phase !== 'preview') return;
    this.#discard();
    this.error = '';
    let stream: MediaStream;
    try {
      stream = await openSource(this.source, this.audio);
    } catch (err) {
      this.error = `Could not open the ${this.source}: ${err instanceof Error ? err.message : String(err)}`;
      this.phase = 'idle';
      return;
    }
    const recorder = new ReplyRecorder(stream, () => void this.stop());
    this.#recorder = recorder;
    this.phase = 'countdown';
    await this.updateComplete;
    this.#live()!.srcObject = stream;
    void this.#live()!
      .play()
      .catch(() => {});
    for (this.count = Math.max(0, Math.round(this.countdown)); this.count > 0; this.count--) {
      await new Promise((r) => setTimeout(r, 1000));
      if (this.#recorder !== recorder) return;
    }
    recorder.start();
    this.phase = 'recording';
    this.elapsed = 0;
    this.#timer = setInterval(() => (this.elapsed = recorder.elapsedMs), 250);
  }

  /** Stops recording and shows the preview. */
  async stop(): Promise<void> {
    const recorder = this.#recorder;
    if (!recorder || this.phase !== 'recording') return;
    clearInterval(this.#timer);
    this.#recorder = null;
    const recorded = await recorder.stop();
    if (recorded.chunks.length === 0) {
      this.error = 'Nothing was recorded.';
      this.phase = 'idle';
      return;
    }
    this.#recorded = recorded;
    this.previewUrl = URL.createObjectURL(recorded.blob);
    this.phase = 'preview';
  }

  /** Uploads the previewed reply and marks it sent. */
  async send(): Promise<void> {
    const api = this.api;
    const recorded = this.#recorded;
    if (!api || !recorded || this.phase !== 'preview') return;
    this.phase = 'sending';
    this.error = '';
    const replyId = newReplyId();
    try {
      await api.startReply(this.sessionId, replyId, {
        mimeType: recorded.mimeType,
        startedAt: recorded.startedAt,
        ...(this.title.trim() ? { title: this.title.trim() } : {}),
      });
      for (const chunk of recorded.chunks) await this.#putWithRetry(api, replyId, chunk);
      const reply = await api.sendReply(this.sessionId, replyId, recorded.chunks.length);
      this.#discard();
      this.title = '';
      this.phase = 'idle';
      emit(this, 'cobrowse-reply-sent', { reply });
      await this.refresh();
    } catch (err) {
      this.error = `Sending failed: ${err instanceof Error ? err.message : String(err)}`;
      this.phase = 'preview';
    }
  }

  /** Drops the recording or the preview. */
  cancel(): void {
    this.#discard();
    this.phase = 'idle';
  }

  async createLink(): Promise<void> {
    if (!this.api) return;
    try {
      this.newLink = await this.api.createReplyLink(this.sessionId);
      await this.refresh();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  async revokeLink(id: string): Promise<void> {
    if (!this.api) return;
    await this.api.revokeReplyLink(this.sessionId, id);
    if (this.newLink?.id === id) this.newLink = null;
    await this.refresh();
  }

  /** The customer's URL of a freshly created link. */
  get customerUrl(): string {
    return this.newLink && this.api ? new URL(this.api.resolveUrl(this.newLink.path), location.origin).href : '';
  }

  async #putWithRetry(api: ApiClient, replyId: string, chunk: RecordedReply['chunks'][number]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await api.putReplyChunk(this.sessionId, replyId, chunk.seq, chunk);
        return;
      } catch (err) {
        const status = (err as { status?: number }).status ?? 0;
        if (attempt >= 4 || (status >= 400 && status < 500 && status !== 408 && status !== 429)) throw err;
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
  }

  #discard(): void {
    clearInterval(this.#timer);
    this.#recorder?.cancel();
    this.#recorder = null;
    this.#recorded = null;
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = '';
  }

  #live(): HTMLVideoElement | null {
    return this.renderRoot.querySelector<HTMLVideoElement>('.replies__live');
  }

  #renderRecorder() {
    const p = this.phase;
    if (p === 'countdown' || p === 'recording') {
      return html`<div class="replies__stage">
          <video class="replies__live" muted playsinline></video>
          ${p === 'countdown' ? html`<div class="replies__countdown" aria-live="assertive">${this.count}</div>` : nothing}
          ${p === 'recording' ? html`<span class="replies__rec">REC ${formatDuration(this.elapsed)}</span>` : nothing}
        </div>
        <div class="replies__row">
          ${
            p === 'recording'
              ? html`<button class="btn btn--primary" type="button" data-action="stop" @click=${() => this.stop()}>Stop</button>`
              : nothing
          }
          <button class="btn" type="button" data-action="cancel" @click=${() => this.cancel()}>Cancel</button>
        </div>`;
    }
    if (p === 'preview' || p === 'sending') {
      return html`<div class="replies__stage">
          <video class="replies__preview" controls playsinline src=${this.previewUrl}></video>
        </div>
        <div class="replies__row">
          <input
            class="input"
            type="text"
            aria-label="Reply title"
            placeholder="Title (optional)"
            .value=${this.title}
            @input=${(e: Event) => (this.title = (e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="replies__row">
          <button class="btn btn--primary" type="button" data-action="send" ?disabled=${p === 'sending'} @click=${() => this.send()}>
            ${p === 'sending' ? 'Sending…' : 'Send'}
          </button>
          <button class="btn" type="button" data-action="rerecord" ?disabled=${p === 'sending'} @click=${() => this.record()}>
            Re-record
          </button>
          <button class="btn" type="button" data-action="cancel" ?disabled=${p === 'sending'} @click=${() => this.cancel()}>Discard</button>
        </div>`;
    }
    return html`<div class="replies__row">
      <select
        class="select"
        aria-label="Record"
        .value=${this.source}
        @change=${(e: Event) => (this.source = (e.target as HTMLSelectElement).value as ReplySource)}
      >
        <option value="camera">Camera</option>
        <option value="screen">Screen</option>
      </select>
      <label class="replies__check"
        ><input type="checkbox" .checked=${this.audio} @change=${(e: Event) => (this.audio = (e.target as HTMLInputElement).checked)} />
        Mic</label
      >
      <button class="btn btn--primary" type="button" data-action="record" @click=${() => this.record()}>Record a video reply</button>
    </div>`;
  }

  override render() {
    return html`<section class="replies" aria-label="Video replies">
      <h2 class="replies__title">Video replies</h2>
      ${this.#renderRecorder()} ${this.error ? html`<div class="replies__error" role="alert">${this.error}</div>` : nothing}
      ${this.noList ? nothing : this.#renderSent()}
    </section>`;
  }

  #renderSent() {
    return html`
      <ul class="replies__list">
        ${repeat(
          this.replies,
          (r) => r.replyId,
          (r) =>
            html`<li class="replies__item" data-reply-id=${r.replyId}>
              <video controls preload="metadata" src=${this.api?.resolveUrl(r.url) ?? r.url}></video>
              <div class="replies__meta">
                ${r.title ? html`<strong>${r.title}</strong> · ` : nothing}${formatDuration(r.durationMs)} · ${r.advisorName ?? 'Advisor'} ·
                ${r.sentAt ? formatDateTime(r.sentAt) : 'draft'}
              </div>
            </li>`,
        )}
      </ul>
      <div class="replies__row">
        <button
          class="btn"
          type="button"
          data-action="link"
          ?disabled=${!this.replies.some((r) => r.sentAt)}
          @click=${() => this.createLink()}
        >
          Create customer link
        </button>
      </div>
      ${
        this.newLink
          ? html`<div class="replies__link">
              Send this link to the customer (shown once):
              <a href=${this.customerUrl} target="_blank" rel="noopener">${this.customerUrl}</a>
            </div>`
          : nothing
      }
      ${
        this.links.length
          ? html`<ul class="replies__list">
              ${this.links.map(
                (l) =>
                  html`<li class="replies__meta">
                    Link · expires ${formatDateTime(l.expiresAt)}
                    ${
                      l.revokedAt
                        ? html` · revoked`
                        : html` · <button class="btn btn--ghost" type="button" @click=${() => this.revokeLink(l.id)}>Revoke</button>`
                    }
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    `;
  }
}

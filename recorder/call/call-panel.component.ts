/**
 * @module recorder/call/call-panel.component
 * `<cobrowse-call-panel>`: the customer's side of a live call, rendered by
 * the live panel inside `<cobrowse-recorder>`'s shadow root. Shows the
 * invite (Accept / Decline: separate from the consent to see the page),
 * then the advisors' videos, the customer's own preview, and Mute,
 * Camera off and Hang up.
 *
 * Every layer is marked `data-cb-block`: the recording (and the advisor's
 * view of the page) never shows the call UI.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { CallEndReason } from '../../protocol/live-call.ts';
import { callPanelStyles } from './call-panel.styles.ts';
import { CallStoreController } from './call-store-controller.ts';
import type { CallStore } from './call-store.ts';
import { stream } from './call-video.ts';

/** How long a "call ended" notice stays over the page unless closed sooner. */
const NOTICE_MS = 10_000;

const END_TEXT: Partial<Record<CallEndReason, string>> = {
  hung_up: 'The call ended.',
  left: 'You left the call.',
  no_advisor: 'Your advisor left the call.',
  worker_died: 'The call was interrupted. Your advisor can call again.',
  error: 'The call failed.',
};

export class CobrowseCallPanel extends LitElement {
  static override styles = callPanelStyles;

  static override properties = {
    store: { attribute: false },
  };

  declare store: CallStore | undefined;

  #follow = new CallStoreController(this);

  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The notice the timer runs for (a new notice restarts it). */
  #timedNotice: unknown;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('store')) this.#follow.follow(this.store);
  }

  protected override updated(): void {
    // A notice never stays over the page's buttons for good: it goes by itself.
    const s = this.store?.state;
    const notice = s && !s.inCall && !s.invite ? (s.error ?? s.ended) : null;
    if (notice === this.#timedNotice) return;
    clearTimeout(this.#noticeTimer);
    this.#timedNotice = notice;
    if (notice) this.#noticeTimer = setTimeout(() => this.store?.dismissNotice(), NOTICE_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#noticeTimer);
    this.#timedNotice = undefined;
  }

  override render() {
    const store = this.store;
    if (!store) return nothing;
    const s = store.state;
    if (s.invite) {
      return html`<div class="layer" data-cb-block role="alertdialog" aria-labelledby="call-invite" aria-describedby="call-invite-text">
        <p class="title" id="call-invite">${s.invite.from.name} is calling you</p>
        <p class="text" id="call-invite-text">A video call with your advisor. Your camera and microphone are used only if you accept.</p>
        <div class="actions">
          <button @click=${() => store.decline()}>Decline</button>
          <button class="btn--accept" @click=${() => store.accept()}>Accept</button>
        </div>
      </div>`;
    }
    if (!s.inCall) {
      const ended = s.ended && END_TEXT[s.ended.reason];
      return s.error || ended
        ? html`<div class="layer layer--notice" data-cb-block role="status">
            <p class="text">${s.error ? `Call: ${s.error}` : ended}</p>
            <button class="close" aria-label="Close" title="Close" @click=${() => store.dismissNotice()}>×</button>
          </div>`
        : nothing;
    }
    const media = store.media;
    const muted = media?.isPaused('audio') ?? false;
    const cameraOff = media?.isPaused('video') ?? false;
    return html`<div class="layer" data-cb-block role="region" aria-label="Video call">
      <div class="videos">
        ${[...(media?.remotes.values() ?? [])].map(
          (r) =>
            html`<div class="tile" data-participant=${r.id}>
              <video ${stream(r.stream)} autoplay playsinline></video>
              <span class="tile__name">${store.nameOf(r.id)}${r.audioPaused ? ' (muted)' : ''}</span>
            </div>`,
        )}
        <div class="tile tile--self">
          <video ${stream(media?.localStream)} autoplay playsinline muted .muted=${true}></video>
          <span class="tile__name">You</span>
        </div>
      </div>
      ${s.busy ? html`<p class="text" role="status">Connecting the call…</p>` : nothing}
      <div class="actions">
        <button aria-pressed=${muted ? 'true' : 'false'} @click=${() => store.setMuted(!muted)}>${muted ? 'Unmute' : 'Mute'}</button>
        <button aria-pressed=${cameraOff ? 'true' : 'false'} @click=${() => store.setCameraOff(!cameraOff)}>
          ${cameraOff ? 'Camera on' : 'Camera off'}
        </button>
        <button class="btn--hangup" @click=${() => store.hangUp()}>Hang up</button>
      </div>
    </div>`;
  }
}

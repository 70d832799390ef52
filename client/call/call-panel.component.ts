/**
 * @module client/call/call-panel.component
 * `<cobrowse-advisor-call>`: the advisor's side of a live call, in the live
 * view. "Start call" invites the customer (media starts at once, so it
 * flows as soon as they accept); "Join call" joins one another advisor
 * started. In the call: the customer's and the other advisors' videos,
 * the advisor's own preview, Mute, Camera off and Hang up.
 *
 * Properties: `store` (the live view's {@link CallStore}), `disabled`
 * (not watching right now). Mirrors the store's phase in `data-call`
 * ('none' | 'available' | 'ringing' | 'in-call').
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { CallEndReason } from '../../protocol/live-call.ts';
import { CallStoreController } from '../../recorder/call/call-store-controller.ts';
import type { CallStore } from '../../recorder/call/call-store.ts';
import { stream } from '../../recorder/call/call-video.ts';
import { controls, tokens } from '../styles/shared.styles.ts';
import styles from './call-panel.styles.ts';

const END_TEXT: Record<CallEndReason, string> = {
  hung_up: 'The customer hung up.',
  declined: 'The customer declined the call.',
  left: 'You left the call.',
  customer_left: 'The customer left.',
  no_advisor: 'The call ended.',
  worker_died: 'The call was interrupted (media server restarted). Start it again.',
  room_closed: 'The live session ended.',
  error: 'The call failed.',
};

export default class CobrowseCallPanel extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    store: { attribute: false },
    disabled: { type: Boolean },
  };

  declare store: CallStore | undefined;
  declare disabled: boolean;

  #follow = new CallStoreController(this);

  constructor() {
    super();
    this.disabled = false;
  }

  /** 'none': no call; 'available': a call runs without us; 'ringing': ours, waiting for the customer; 'in-call'. */
  get phase(): 'none' | 'available' | 'ringing' | 'in-call' {
    const s = this.store?.state;
    if (!s) return 'none';
    if (s.inCall) return s.call?.status === 'ringing' ? 'ringing' : 'in-call';
    return s.call ? 'available' : 'none';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('store')) this.#follow.follow(this.store);
  }

  protected override updated(): void {
    if (this.dataset.call !== this.phase) this.dataset.call = this.phase;
  }

  override render() {
    const store = this.store;
    if (!store) return nothing;
    const s = store.state;
    const phase = this.phase;
    const media = store.media;
    const muted = media?.isPaused('audio') ?? false;
    const cameraOff = media?.isPaused('video') ?? false;
    const note = s.error ? `Call failed: ${s.error}` : s.ended && !s.inCall ? END_TEXT[s.ended.reason] : '';
    return html`<section class="call" aria-label="Call">
      <h2 class="call__title">Call</h2>
      ${
        s.inCall
          ? html`<div class="call__videos">
                ${[...(media?.remotes.values() ?? [])].map(
                  (r) =>
                    html`<div class="call__tile" data-participant=${r.id}>
                      <video ${stream(r.stream)} autoplay playsinline></video>
                      <span class="call__name"
                        >${store.nameOf(r.id)}${r.audioPaused ? ' (muted)' : ''}${r.videoPaused ? ' (camera off)' : ''}</span
                      >
                    </div>`,
                )}
                <div class="call__tile call__tile--self">
                  <video ${stream(media?.localStream)} autoplay playsinline muted .muted=${true}></video>
                  <span class="call__name">You</span>
                </div>
              </div>
              ${phase === 'ringing' ? html`<p class="call__note" role="status">Calling the customer…</p>` : nothing}
              <div class="call__actions">
                <button class="btn" type="button" aria-pressed=${muted ? 'true' : 'false'} @click=${() => store.setMuted(!muted)}>
                  ${muted ? 'Unmute' : 'Mute'}
                </button>
                <button
                  class="btn"
                  type="button"
                  aria-pressed=${cameraOff ? 'true' : 'false'}
                  @click=${() => store.setCameraOff(!cameraOff)}
                >
                  ${cameraOff ? 'Camera on' : 'Camera off'}
                </button>
                <button class="btn btn--danger" type="button" @click=${() => store.hangUp()}>Hang up</button>
              </div>`
          : html`<div class="call__actions">
              ${
                phase === 'available'
                  ? html`<button class="btn btn--primary" type="button" ?disabled=${this.disabled} @click=${() => store.join()}>
                      Join call
                    </button>`
                  : html`<button class="btn btn--primary" type="button" ?disabled=${this.disabled} @click=${() => store.start()}>
                      Start call
                    </button>`
              }
            </div>`
      }
      ${note ? html`<p class="call__note" role="status">${note}</p>` : nothing}
    </section>`;
  }
}

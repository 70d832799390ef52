/**
 * @module client/components/video-pip
 * `<cobrowse-video-pip>`: the recorded camera and/or screen of a session as a
 * movable picture-in-picture over the replay, one `<video>` per kind, each
 * shown only while one of its tracks covers the replay's moment and kept in
 * sync with it by {@link VideoSync}. Drag it anywhere inside the stage.
 *
 * Properties in: `tracks` (the session's recorded tracks), `at` (epoch ms the
 * replay shows), `playing`, `rate`, `resolveUrl` (signed track URL → fetchable URL).
 * Parts: `.pip__video[data-kind][data-track-id]` (tests read them).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { MediaTrackInfo, RecordedTrackKind } from '../../../protocol/media.ts';
import { kindsOf } from '../../player/media-timeline.ts';
import { VideoSync } from '../../player/video-sync.ts';
import styles from './video-pip.styles.ts';

export default class CobrowseVideoPip extends LitElement {
  static override styles = styles;
  static override properties = {
    tracks: { attribute: false },
    at: { type: Number },
    playing: { type: Boolean },
    rate: { type: Number },
    resolveUrl: { attribute: false },
    visible: { state: true },
    muted: { state: true },
  };

  declare tracks: readonly MediaTrackInfo[];
  declare at: number;
  declare playing: boolean;
  declare rate: number;
  declare resolveUrl: (url: string) => string;
  declare visible: Partial<Record<RecordedTrackKind, boolean>>;
  declare muted: boolean;

  #syncs = new Map<RecordedTrackKind, VideoSync>();
  #pos = { right: 16, bottom: 16 };
  #drag: { x: number; y: number; right: number; bottom: number } | null = null;

  constructor() {
    super();
    this.tracks = [];
    this.at = 0;
    this.playing = false;
    this.rate = 1;
    this.resolveUrl = (url) => url;
    this.visible = {};
    this.muted = false;
  }

  /** The `<video>` of a kind (camera or screen), once rendered. */
  video(kind: RecordedTrackKind = 'camera'): HTMLVideoElement | null {
    return this.#syncs.get(kind)?.video ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const s of this.#syncs.values()) s.dispose();
    this.#syncs.clear();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('tracks')) {
      for (const [kind, s] of this.#syncs) {
        if (!this.tracks.some((t) => t.kind === kind)) {
          s.dispose();
          this.#syncs.delete(kind);
        }
      }
    }
    for (const el of this.renderRoot.querySelectorAll<HTMLVideoElement>('.pip__video')) {
      const kind = el.dataset.kind as RecordedTrackKind;
      let sync = this.#syncs.get(kind);
      if (!sync || sync.video !== el) {
        sync = new VideoSync(
          el,
          kind,
          (url) => this.resolveUrl(url),
          (visible) => {
            if (this.visible[kind] !== visible) this.visible = { ...this.visible, [kind]: visible };
          },
        );
        this.#syncs.set(kind, sync);
      }
      sync.update({ tracks: this.tracks, at: this.at, playing: this.playing, rate: this.rate });
    }
  }

  #onPointerDown = (e: PointerEvent): void => {
    if ((e.target as HTMLElement).closest('button')) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.#drag = { x: e.clientX, y: e.clientY, ...this.#pos };
  };

  #onPointerMove = (e: PointerEvent): void => {
    const d = this.#drag;
    if (!d) return;
    const box = e.currentTarget as HTMLElement;
    const stage = box.offsetParent as HTMLElement | null;
    const maxRight = Math.max(0, (stage?.clientWidth ?? 0) - box.offsetWidth);
    const maxBottom = Math.max(0, (stage?.clientHeight ?? 0) - box.offsetHeight);
    this.#pos = {
      right: Math.min(maxRight, Math.max(0, d.right - (e.clientX - d.x))),
      bottom: Math.min(maxBottom, Math.max(0, d.bottom - (e.clientY - d.y))),
    };
    box.style.right = `${this.#pos.right}px`;
    box.style.bottom = `${this.#pos.bottom}px`;
  };

  #onPointerUp = (): void => {
    this.#drag = null;
  };

  #toggleMute(): void {
    this.muted = !this.muted;
    for (const s of this.#syncs.values()) s.video.muted = this.muted;
  }

  override render() {
    const kinds = kindsOf(this.tracks);
    if (kinds.length === 0) return nothing;
    const any = kinds.some((k) => this.visible[k]);
    return html`<div
      class="pip"
      ?hidden=${!any}
      style="right:${this.#pos.right}px;bottom:${this.#pos.bottom}px"
      aria-label="Recorded video"
      @pointerdown=${this.#onPointerDown}
      @pointermove=${this.#onPointerMove}
      @pointerup=${this.#onPointerUp}
      @pointercancel=${this.#onPointerUp}
    >
      ${kinds.map(
        (kind) =>
          html`<div class="pip__item pip__item--${kind}" ?hidden=${!this.visible[kind]}>
            <video class="pip__video" data-kind=${kind} .muted=${this.muted}></video>
            <span class="pip__label">${kind === 'camera' ? 'Camera' : 'Screen'}</span>
            <button class="pip__mute" type="button" @click=${() => this.#toggleMute()}>${this.muted ? 'Unmute' : 'Mute'}</button>
          </div>`,
      )}
    </div>`;
  }
}

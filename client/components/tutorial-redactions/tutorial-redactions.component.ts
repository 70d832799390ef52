/**
 * @module client/components/tutorial-redactions
 * `<cobrowse-tutorial-redactions>`: what must not be shown. The scan's
 * findings (`GET /api/tutorials/:id/findings`: e-mails, phone numbers, card
 * numbers, IBANs, the customer's known data) each with "Redact" (the value is
 * replaced everywhere) or "Ignore" (kept on purpose: it no longer blocks
 * publishing); a text to redact by hand; an element picked in the preview
 * (`pickElement()`, hidden on the page shown at the preview's moment,
 * `cursor()`; "Undo" takes it back at once); the redactions made, each
 * removable. The findings are read again after every change of the tutorial.
 *
 * Public API: properties `api`, `tutorial`, `cursor`, `pickElement`.
 *
 * @event cobrowse-tutorial-changed - A change was saved; detail `{ tutorial }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Tutorial, TutorialFinding, TutorialRedaction } from '../../../protocol/tutorials.ts';
import type { ApiClient } from '../../api/api-client.ts';
import type { PickedElement } from '../../lib/element-picker-controller.ts';
import { formatDuration } from '../../lib/format.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { TutorialChangeController } from '../../lib/tutorial-change.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';

/**
 * What the elements picked in this app showed, by redaction id: a node redaction stores only the node
 * and the moment. Kept for the page's life, so the list still names them after the tab was left.
 */
const pickedLabels = new Map<string, string>();

const KIND_OF_REDACTION: Record<TutorialRedaction['kind'], string> = { text: 'Text', node: 'Element', ignore: 'Kept on purpose' };

export default class CobrowseTutorialRedactions extends LitElement {
  static override styles = [tokens, controls, badges, panels, parts];
  static override properties = {
    api: { attribute: false },
    tutorial: { attribute: false },
    cursor: { attribute: false },
    pickElement: { attribute: false },
    findings: { state: true },
    text: { state: true },
    picking: { state: true },
    lastHidden: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorial: Tutorial | null;
  /** null until the first scan answered. */
  declare findings: TutorialFinding[] | null;
  /** The text to redact by hand. */
  declare text: string;
  /** The preview's moment, ms of the tutorial. */
  declare cursor: () => number;
  /** The preview's element picker; null: elements are not offered. */
  declare pickElement: (() => Promise<PickedElement | null>) | null;
  declare picking: boolean;
  /** The element redaction just added (its id and what it was), for Undo. */
  declare lastHidden: { id: string; label: string } | null;
  readonly #change = new TutorialChangeController(this);
  readonly #scan = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorial = null;
    this.findings = null;
    this.text = '';
    this.cursor = () => 0;
    this.pickElement = null;
    this.picking = false;
    this.lastHidden = null;
  }

  override updated(changed: PropertyValues<this>): void {
    const before = changed.get('tutorial');
    // Any change may have changed what shows (a redaction, a removed one, a step's text).
    if (
      changed.has('tutorial') &&
      this.tutorial &&
      (!before || before.updatedAt !== this.tutorial.updatedAt || before.redactions.length !== this.tutorial.redactions.length)
    ) {
      void this.#loadFindings();
    }
  }

  async #loadFindings(): Promise<void> {
    const api = this.api;
    const id = this.tutorial?.id;
    if (!api || !id) return;
    const list = await this.#scan.run((signal) => api.tutorialFindings(id, { signal }));
    if (list) this.findings = list.findings;
  }

  #redact(texts: string[]): Promise<Tutorial | undefined> {
    return this.#change.change((api, id, signal) => api.createRedaction(id, { texts }, { signal }));
  }

  async #redactTyped(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const text = this.text.trim();
    if (text && (await this.#redact([text]))) this.text = '';
  }

  /** Picks an element in the preview and hides it (with its subtree) on the page shown at this moment. */
  async #hideElement(): Promise<void> {
    if (!this.pickElement || !this.tutorial) return;
    this.picking = true;
    const picked = await this.pickElement();
    this.picking = false;
    if (!picked) return;
    const before = new Set(this.tutorial.redactions.map((r) => r.id));
    const atMs = Math.round(this.cursor());
    const changed = await this.#change.change((api, id, signal) =>
      api.createRedaction(id, { nodes: [{ id: picked.nodeId, atMs }] }, { signal }),
    );
    const added = changed?.redactions.find((r) => !before.has(r.id));
    if (!added) return;
    const label = picked.label || picked.selector || `element #${picked.nodeId}`;
    pickedLabels.set(added.id, label);
    this.lastHidden = { id: added.id, label };
  }

  async #undoHide(): Promise<void> {
    const last = this.lastHidden;
    if (!last) return;
    if (await this.#change.change((api, id, signal) => api.deleteRedaction(id, last.id, { signal }))) this.lastHidden = null;
  }

  #describe(r: TutorialRedaction): string {
    if (r.text !== null) return r.text;
    const label = pickedLabels.get(r.id);
    const where = r.atMs === null ? 'every page' : `the page at ${formatDuration(r.atMs)}`;
    return `${label ? `“${label}”` : `element #${r.nodeId}`} on ${where}`;
  }

  #renderFinding(f: TutorialFinding) {
    const busy = this.#change.busy;
    return html`<li class="item" data-finding=${f.value}>
      <span class="badge ${f.status === 'open' ? 'badge--overdue' : ''}">${f.kind}</span>
      <code class="item__grow">${f.value}</code>
      <span class="muted" title="Shows ${f.count} time(s), first at ${formatDuration(f.firstT)}"
        >×${f.count} · ${formatDuration(f.firstT)}</span
      >
      ${
        f.status === 'open'
          ? html`<button
                class="btn btn--small btn--primary"
                type="button"
                aria-label="Redact ${f.value}"
                ?disabled=${busy}
                @click=${() => void this.#redact([f.value])}
              >
                Redact
              </button>
              <button
                class="btn btn--small"
                type="button"
                aria-label="Ignore ${f.value}"
                title="Keep it visible on purpose: it stops blocking publishing"
                ?disabled=${busy}
                @click=${() => void this.#change.change((api, id, signal) => api.createRedaction(id, { ignore: [f.value] }, { signal }))}
              >
                Ignore
              </button>`
          : html`<span class="badge">Ignored</span>`
      }
    </li>`;
  }

  override render() {
    const t = this.tutorial;
    if (!t) return nothing;
    const open = this.findings?.filter((f) => f.status === 'open').length ?? 0;
    return html`<section class="part" aria-labelledby="privacy-title">
      <h2 class="part__title" id="privacy-title">Privacy</h2>
      ${this.#change.error || this.#scan.error ? html`<p class="alert" role="alert">${this.#change.error || this.#scan.error}</p>` : nothing}
      <h3 class="part__title">Found in the recording</h3>
      <p class="part__hint" role="status">
        ${
          this.findings === null
            ? 'Scanning…'
            : open
              ? `${open} value(s) to redact or ignore before publishing.`
              : 'Nothing left to redact: the tutorial can be published.'
        }
      </p>
      <ul class="items" aria-label="Findings">
        ${(this.findings ?? []).map((f) => this.#renderFinding(f))}
      </ul>
      <form class="row-form" aria-label="Redact a text" @submit=${this.#redactTyped}>
        <label class="label">
          Text to redact
          <input
            class="input"
            type="text"
            required
            maxlength="1000"
            .value=${this.text}
            @input=${(e: Event) => (this.text = (e.target as HTMLInputElement).value)}
          />
        </label>
        <button class="btn" type="submit" ?disabled=${this.#change.busy}>Redact text</button>
      </form>
      ${
        this.pickElement
          ? html`<div class="row-form">
              <button
                class="btn"
                type="button"
                aria-pressed=${this.picking ? 'true' : 'false'}
                ?disabled=${this.#change.busy}
                @click=${this.#hideElement}
              >
                ${this.picking ? 'Click it in the preview (Esc: cancel)' : 'Pick an element to hide'}
              </button>
              <span class="part__hint">Its text, attributes, images and everything inside are replaced on that page.</span>
            </div>`
          : nothing
      }
      ${
        this.lastHidden
          ? html`<p class="part__hint undo" role="status">
              Hidden: ${this.lastHidden.label}.
              <button class="btn btn--small" type="button" ?disabled=${this.#change.busy} @click=${this.#undoHide}>Undo</button>
            </p>`
          : nothing
      }
      <h3 class="part__title">Redactions</h3>
      ${
        t.redactions.length
          ? html`<ul class="items" aria-label="Redactions">
              ${t.redactions.map(
                (r) =>
                  html`<li class="item">
                    <span class="badge">${KIND_OF_REDACTION[r.kind]}</span>
                    <code class="item__grow">${this.#describe(r)}</code>
                    <button
                      class="btn btn--small"
                      type="button"
                      aria-label="Remove the redaction ${r.text ?? r.nodeId}"
                      ?disabled=${this.#change.busy}
                      @click=${async () => {
                        if (await this.#change.change((api, id, signal) => api.deleteRedaction(id, r.id, { signal })))
                          if (this.lastHidden?.id === r.id) this.lastHidden = null;
                      }}
                    >
                      Remove
                    </button>
                  </li>`,
              )}
            </ul>`
          : html`<p class="part__hint">No redactions yet.</p>`
      }
    </section>`;
  }
}

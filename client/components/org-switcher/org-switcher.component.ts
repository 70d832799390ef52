/**
 * @module client/components/org-switcher
 * `<cobrowse-org-switcher>`: which organisation the advisor acts in, in the
 * app's bar. A select when they belong to several (each with their role
 * there), the name alone when to one. Choosing only tells the shell, which
 * remembers the choice and sends it with every call.
 *
 * Properties in: `orgs` (the advisor's, `GET /api/orgs`), `orgId` (the current one).
 *
 * @event cobrowse-org-changed - Another organisation was chosen; detail `{ orgId }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { Organisation } from '../../../protocol/audit.ts';
import { emit } from '../../events/index.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './org-switcher.styles.ts';

export default class CobrowseOrgSwitcher extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    orgs: { attribute: false },
    orgId: { type: String, attribute: 'org-id' },
  };

  declare orgs: Organisation[];
  declare orgId: string;

  constructor() {
    super();
    this.orgs = [];
    this.orgId = '';
  }

  #onChange(e: Event) {
    const orgId = (e.target as HTMLSelectElement).value;
    if (orgId !== this.orgId) emit(this, 'cobrowse-org-changed', { orgId });
  }

  override render() {
    if (!this.orgs.length) return nothing;
    const current = this.orgs.find((o) => o.id === this.orgId) ?? this.orgs[0]!;
    if (this.orgs.length === 1) {
      return html`<span class="org" title="Your organisation (role: ${current.role})">${current.name}</span>`;
    }
    return html`<label class="org">
      <span class="visually-hidden">Organisation</span>
      <select class="select org__select" aria-label="Organisation" .value=${current.id} @change=${this.#onChange}>
        ${this.orgs.map((o) => html`<option value=${o.id} ?selected=${o.id === current.id}>${o.name} · ${o.role}</option>`)}
      </select>
    </label>`;
  }
}

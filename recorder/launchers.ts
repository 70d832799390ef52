/**
 * @module recorder/launchers
 * The floating "Get help" and "Ask for help" buttons, defined once: the
 * recorder element shows them while live help's or Ask's code is not loaded
 * yet (a page with the buttons fetches that code only when one is pressed),
 * and the live and ask panels show the very same buttons once it is. A fixed
 * layer bottom-right (full width on phones), reset with `all: initial` so no
 * host page can restyle it, and marked `data-cb-block` so the recording never
 * shows it.
 */
import { css, html } from 'lit';
import { isolatedLayer } from './layer-styles.ts';

export const launcherStyles = css`
  .launcher-dock {
    ${isolatedLayer}
    position: fixed;
    right: 16px;
    bottom: 16px;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 10px;
    max-width: calc(100vw - 32px);
  }
  /* Above the Get help button (48px high, 10px apart). */
  .launcher-dock--raised {
    bottom: 74px;
  }
  .launcher {
    all: unset;
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 48px;
    padding: 0 20px;
    border-radius: 999px;
    font:
      600 15px/1 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
    cursor: pointer;
    white-space: nowrap;
    transition:
      background-color 0.15s,
      box-shadow 0.15s;
  }
  .launcher:focus-visible {
    outline: 3px solid #93c5fd;
    outline-offset: 2px;
  }
  .launcher svg {
    flex: none;
  }
  .launcher--help {
    background: #2563eb;
    color: #fff;
    box-shadow: 0 8px 24px rgb(37 99 235 / 0.4);
  }
  .launcher--help:hover {
    background: #1d4ed8;
  }
  .launcher--ask {
    background: #fff;
    color: #1d4ed8;
    border: 1px solid #bfdbfe;
    box-shadow: 0 8px 24px rgb(17 24 39 / 0.18);
  }
  .launcher--ask:hover {
    background: #eff6ff;
  }

  @media (max-width: 480px) {
    .launcher-dock {
      right: 8px;
      bottom: 8px;
      left: 8px;
      max-width: none;
      align-items: stretch;
    }
    .launcher-dock--raised {
      bottom: 66px;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .launcher {
      transition: none;
    }
  }
`;

const helpIcon = html`<svg
  width="20"
  height="20"
  viewBox="0 0 24 24"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <circle cx="12" cy="12" r="9" />
  <path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14" />
  <circle cx="12" cy="17.5" r=".6" fill="currentColor" />
</svg>`;
const askIcon = html`<svg
  width="20"
  height="20"
  viewBox="0 0 24 24"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M4 5h16v11H8l-4 4z" />
  <path d="M8 9h8M8 12h5" />
</svg>`;

/** The Get help button (needs {@link launcherStyles} in the shadow root). */
export const helpLauncher = (onClick: () => void) =>
  html`<div class="launcher-dock" data-cb-block>
    <button class="launcher launcher--help" @click=${onClick}>${helpIcon}Get help</button>
  </div>`;

/** The Ask for help button; `raised` sits it above the Get help button. */
export const askLauncher = (onClick: () => void, raised: boolean) =>
  html`<div class=${raised ? 'launcher-dock launcher-dock--raised' : 'launcher-dock'} data-cb-block>
    <button class="launcher launcher--ask" @click=${onClick}>${askIcon}Ask for help</button>
  </div>`;

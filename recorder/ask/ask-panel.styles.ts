/**
 * @module recorder/ask/ask-panel.styles
 * The "Ask for help" form (its launcher: `../launchers.ts`): the same look as the live panel
 * (fixed layer bottom-right, white cards, the recorder's blue), reset with
 * `all: initial` so no host page can restyle it. Full width on phones.
 * "These might help" floats above the card (absolutely placed against the
 * fixed layer, outside the card's scroll box), so suggestions coming and
 * going never move the question being typed; the card widens for a tutorial.
 */
import { css } from 'lit';
import { isolatedLayer } from '../layer-styles.ts';

export const askPanelStyles = css`
  :host {
    display: contents;
  }

  .layer {
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
  .layer *,
  .layer *::before,
  .layer *::after {
    box-sizing: border-box;
  }

  .card {
    width: 380px;
    max-width: 100%;
    max-height: calc(100vh - 32px);
    overflow-y: auto;
    padding: 16px;
    border-radius: 14px;
    background: #fff;
    border: 1px solid #e5e7eb;
    box-shadow: 0 12px 32px rgb(17 24 39 / 0.18);
  }
  .card--wide {
    width: 760px;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .hints {
    position: absolute;
    right: 0;
    bottom: calc(100% + 10px);
    width: 100%;
    max-height: 40vh;
    overflow-y: auto;
    padding: 12px;
    border-radius: 14px;
    background: #fff;
    border: 1px solid #e5e7eb;
    box-shadow: 0 12px 32px rgb(17 24 39 / 0.18);
  }
  .hints--inside {
    position: static;
    width: auto;
    max-height: none;
    margin: 0 0 12px;
    padding: 10px;
    box-shadow: none;
    background: #f9fafb;
  }
  .hints__title {
    margin: 0 0 8px;
    font-size: 13px;
    font-weight: 600;
    color: #374151;
  }
  .hints__list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .layer .hint {
    display: flex;
    justify-content: flex-start;
    width: 100%;
    min-height: 36px;
    padding: 8px 10px;
    border-radius: 10px;
    border: 1px solid #dbeafe;
    background: #eff6ff;
    color: #1e3a8a;
    font-weight: 500;
    font-size: 14px;
    line-height: 1.3;
    white-space: normal;
    text-align: left;
  }
  .layer .hint:hover {
    background: #dbeafe;
  }
  .hint__icon {
    display: inline-flex;
    flex: none;
    color: #2563eb;
  }
  .hint__title {
    overflow-wrap: anywhere;
  }

  .viewer__bar {
    margin: 0 0 10px;
  }
  .viewer__tutorial {
    display: block;
    margin: 0 0 10px;
  }
  .viewer__hint {
    margin: 0;
    font-size: 13px;
  }
  .viewer__link {
    color: #1d4ed8;
    text-decoration: underline;
  }

  .card__header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    margin-bottom: 6px;
  }
  .card__title {
    margin: 0;
    font-size: 16px;
    font-weight: 600;
  }
  .card__text {
    margin: 0 0 12px;
    color: #4b5563;
  }
  .card__actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 14px;
  }

  .field {
    display: block;
    margin: 0 0 12px;
  }
  .field__label {
    display: block;
    margin: 0 0 4px;
    font-weight: 600;
    font-size: 13px;
  }
  .field__optional {
    font-weight: 400;
    color: #6b7280;
  }
  .field__input {
    all: unset;
    display: block;
    box-sizing: border-box;
    width: 100%;
    min-height: 36px;
    padding: 8px 10px;
    border: 1px solid #d1d5db;
    border-radius: 10px;
    background: #fff;
    color: #111827;
    font:
      14px/1.4 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
  }
  textarea.field__input {
    min-height: 96px;
    max-height: 40vh;
    white-space: pre-wrap;
    overflow-y: auto;
    resize: vertical;
  }
  select.field__input {
    appearance: auto;
  }
  .field__input:focus {
    border-color: #2563eb;
    box-shadow: 0 0 0 3px rgb(37 99 235 / 0.2);
  }
  .error {
    margin: 0 0 8px;
    color: #b42318;
  }

  .link {
    display: flex;
    gap: 8px;
    margin: 8px 0;
  }
  .link .field__input {
    flex: 1;
    min-width: 0;
    font:
      13px/1.4 ui-monospace,
      'SF Mono',
      Menlo,
      Consolas,
      monospace;
    background: #f9fafb;
  }

  .cases {
    margin: 14px 0 0;
    padding: 12px 0 0;
    border-top: 1px solid #e5e7eb;
  }
  .cases__title {
    margin: 0 0 8px;
    font-size: 13px;
    font-weight: 600;
    color: #374151;
  }
  .cases__list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .case {
    padding: 10px;
    border-radius: 10px;
    background: #f9fafb;
    border: 1px solid #e5e7eb;
  }
  .case__title {
    display: block;
    margin: 0 0 8px;
    overflow-wrap: anywhere;
  }
  .case__actions {
    display: flex;
    flex-wrap: wrap;
    gap: 5px;
  }
  .case__notice {
    margin: 8px 0 0;
    color: #047857;
  }
  .case__notice--error {
    color: #b42318;
  }

  /* :where() keeps the reset at zero specificity, under the variants below. */
  :where(button, a.btn) {
    all: unset;
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 32px;
    padding: 0 14px;
    border-radius: 999px;
    font:
      600 13px/1 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
    cursor: pointer;
    white-space: nowrap;
    transition: background-color 0.15s;
  }
  :where(button, a.btn):focus-visible {
    outline: 3px solid #93c5fd;
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .btn--primary {
    background: #2563eb;
    color: #fff;
  }
  .btn--primary:hover:not(:disabled) {
    background: #1d4ed8;
  }
  .btn--secondary {
    background: #fff;
    color: #111827;
    border: 1px solid #d1d5db;
  }
  .btn--secondary:hover:not(:disabled) {
    background: #f3f4f6;
  }
  .btn--small {
    min-height: 28px;
    padding: 0 9px;
    font-size: 12px;
  }
  .btn--icon {
    padding: 0;
    width: 32px;
    color: #6b7280;
  }
  .btn--icon:hover {
    background: #f3f4f6;
  }
  svg {
    flex: none;
  }

  @media (max-width: 480px) {
    .layer {
      right: 8px;
      bottom: 8px;
      left: 8px;
      max-width: none;
      align-items: stretch;
    }
    .card {
      width: auto;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
  }
`;

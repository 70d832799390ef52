/**
 * @module recorder/live/live-panel.styles
 * The customer's live UI. Everything sits in fixed layers above the page
 * and resets inherited styles (`all: initial`) so no host page can restyle it.
 */
import { css } from 'lit';
import { isolatedLayer } from '../layer-styles.ts';

export const livePanelStyles = css`
  :host {
    display: contents;
  }

  .layer {
    ${isolatedLayer}
    position: fixed;
  }
  .layer *,
  .layer *::before,
  .layer *::after {
    box-sizing: border-box;
  }

  /* ── banner (top centre) ── */
  .banner {
    top: 12px;
    left: 50%;
    transform: translateX(-50%);
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 6px;
    width: max-content;
    max-width: calc(100vw - 24px);
  }
  .banner__row {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 6px 6px 6px 14px;
    border-radius: 999px;
    background: #111827;
    color: #fff;
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.25);
  }
  .banner__row--control {
    background: #7c2d12;
  }
  .banner__dot {
    flex: none;
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: #22c55e;
    box-shadow: 0 0 0 3px rgb(34 197 94 / 0.3);
  }
  .banner__row--control .banner__dot {
    background: #fb923c;
    box-shadow: 0 0 0 3px rgb(251 146 60 / 0.35);
  }
  .banner--small {
    left: auto;
    right: 12px;
    transform: none;
  }
  /* On a phone: the first item of the bottom stack, not a layer over the page's header. */
  .banner--docked {
    position: static;
    transform: none;
    width: auto;
    max-width: none;
    align-items: stretch;
  }
  .banner--docked.banner--small {
    align-items: flex-end;
  }
  .banner__pill {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 9px 10px;
    min-height: 0;
    border-radius: 999px;
    background: #111827;
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.25);
  }
  .banner__dot--control {
    background: #fb923c;
    box-shadow: 0 0 0 3px rgb(251 146 60 / 0.35);
  }
  .btn--fold {
    padding: 0 10px;
    font-size: 16px;
    line-height: 1;
  }
  .banner__text {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  /* ── bottom-right stack ── */
  .dock {
    right: 16px;
    bottom: 16px;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 10px;
    max-width: calc(100vw - 32px);
  }
  .card {
    width: 320px;
    max-width: 100%;
    padding: 16px;
    border-radius: 14px;
    background: #fff;
    border: 1px solid #e5e7eb;
    box-shadow: 0 12px 32px rgb(17 24 39 / 0.18);
  }
  .card__title {
    margin: 0 0 4px;
    font-size: 15px;
    font-weight: 600;
  }
  .card__text {
    margin: 0;
    color: #4b5563;
  }
  .card__text--error {
    color: #b42318;
  }
  .card__actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 14px;
  }
  .code {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    margin: 10px 0 6px;
    padding: 10px 12px;
    border-radius: 10px;
    background: #f3f4f6;
  }
  .code__digits {
    font:
      600 32px/1 ui-monospace,
      'SF Mono',
      Menlo,
      Consolas,
      monospace;
    letter-spacing: 0.18em;
    user-select: all;
    color: #111827;
  }

  /* ── buttons ── */
  button {
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
    transition:
      background-color 0.15s,
      box-shadow 0.15s;
  }
  button:focus-visible {
    outline: 3px solid #93c5fd;
    outline-offset: 2px;
  }
  .btn--primary {
    background: #2563eb;
    color: #fff;
  }
  .btn--primary:hover {
    background: #1d4ed8;
  }
  .btn--secondary {
    background: #fff;
    color: #111827;
    border: 1px solid #d1d5db;
  }
  .btn--secondary:hover {
    background: #f3f4f6;
  }
  .btn--danger {
    background: #dc2626;
    color: #fff;
  }
  .btn--danger:hover {
    background: #b91c1c;
  }
  .btn--light {
    background: rgb(255 255 255 / 0.16);
    color: #fff;
  }
  .btn--light:hover {
    background: rgb(255 255 255 / 0.28);
  }
  .btn--launcher {
    min-height: 48px;
    padding: 0 20px;
    font-size: 15px;
    background: #2563eb;
    color: #fff;
    box-shadow: 0 8px 24px rgb(37 99 235 / 0.4);
  }
  .btn--launcher:hover {
    background: #1d4ed8;
  }
  .btn--icon {
    padding: 0;
    width: 32px;
    min-height: 32px;
    color: #6b7280;
  }
  .btn--icon:hover {
    background: #f3f4f6;
  }
  .badge {
    min-width: 20px;
    height: 20px;
    padding: 0 6px;
    border-radius: 999px;
    background: #ef4444;
    color: #fff;
    font-size: 12px;
    line-height: 20px;
    text-align: center;
  }
  svg {
    flex: none;
  }

  /* ── chat ── */
  .chat {
    display: flex;
    flex-direction: column;
    width: 340px;
    max-width: 100%;
    height: min(420px, calc(100vh - 120px));
    padding: 0;
    overflow: hidden;
  }
  .chat__header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 10px 10px 10px 16px;
    border-bottom: 1px solid #e5e7eb;
    font-weight: 600;
  }
  .chat__log {
    flex: 1;
    overflow-y: auto;
    padding: 12px;
    display: flex;
    flex-direction: column;
    gap: 8px;
    background: #f9fafb;
  }
  .chat__empty {
    margin: auto;
    color: #6b7280;
    text-align: center;
  }
  .msg {
    max-width: 80%;
    padding: 8px 12px;
    border-radius: 14px;
    overflow-wrap: anywhere;
  }
  .msg__text {
    white-space: pre-wrap;
  }
  .msg--advisor {
    align-self: flex-start;
    background: #fff;
    border: 1px solid #e5e7eb;
    border-bottom-left-radius: 4px;
  }
  .msg--customer {
    align-self: flex-end;
    background: #2563eb;
    color: #fff;
    border-bottom-right-radius: 4px;
  }
  .msg__name {
    display: block;
    font-size: 12px;
    font-weight: 600;
    color: #6b7280;
  }
  .chat__form {
    display: flex;
    gap: 8px;
    padding: 10px;
    border-top: 1px solid #e5e7eb;
  }
  .chat__input {
    all: unset;
    box-sizing: border-box;
    flex: 1;
    min-height: 36px;
    max-height: 96px;
    padding: 8px 12px;
    border: 1px solid #d1d5db;
    border-radius: 18px;
    font:
      14px/1.4 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
    color: #111827;
    background: #fff;
    white-space: pre-wrap;
    overflow-y: auto;
  }
  .chat__input:focus {
    border-color: #2563eb;
    box-shadow: 0 0 0 3px rgb(37 99 235 / 0.2);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  @media (max-width: 480px) {
    .dock {
      right: 8px;
      bottom: 8px;
      left: 8px;
      align-items: stretch;
    }
    .card,
    .chat {
      width: auto;
    }
    .banner__text {
      white-space: normal;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
  }
`;

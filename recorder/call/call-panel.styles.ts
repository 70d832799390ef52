/**
 * @module recorder/call/call-panel.styles
 * The customer's call UI: a fixed card at the bottom left (the live dock is
 * at the bottom right), isolated from the host page with `all: initial`.
 */
import { css } from 'lit';
import { recorderFonts } from '../layer-styles.ts';

export const callPanelStyles = css`
  :host {
    display: contents;
  }
  .layer {
    all: initial;
    position: fixed;
    z-index: 2147483646;
    left: 16px;
    bottom: 16px;
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: 8px;
    width: min(340px, calc(100vw - 32px));
    padding: 12px;
    border-radius: 14px;
    background: #111827;
    color: #f9fafb;
    font: 14px/1.45 ${recorderFonts};
    box-shadow: 0 10px 30px rgb(0 0 0 / 0.3);
  }
  .layer * {
    box-sizing: border-box;
  }
  .title {
    margin: 0;
    font-weight: 600;
  }
  .text {
    margin: 0;
    color: #d1d5db;
  }
  .actions {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
    flex-wrap: wrap;
  }
  button {
    all: initial;
    font: inherit;
    cursor: pointer;
    padding: 6px 12px;
    border-radius: 999px;
    background: #374151;
    color: #fff;
  }
  .layer--notice {
    flex-direction: row;
    align-items: center;
    gap: 10px;
  }
  .close {
    padding: 2px 9px;
    font-size: 18px;
    line-height: 1;
  }
  button:focus-visible {
    outline: 2px solid #60a5fa;
    outline-offset: 2px;
  }
  button[aria-pressed='true'] {
    background: #f59e0b;
    color: #111827;
  }
  .btn--accept {
    background: #16a34a;
  }
  .btn--hangup {
    background: #dc2626;
  }
  .videos {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
    gap: 6px;
  }
  .tile {
    position: relative;
    aspect-ratio: 16 / 9;
    border-radius: 8px;
    overflow: hidden;
    background: #000;
  }
  .tile video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    display: block;
  }
  .tile__name {
    position: absolute;
    left: 6px;
    bottom: 4px;
    font-size: 12px;
    color: #fff;
    text-shadow: 0 1px 2px #000;
  }
  .tile--self video {
    transform: scaleX(-1);
  }
`;

/** @module recorder/video/video-indicator.styles  The recording badge: fixed, top-left (the help buttons and the call panel hold the bottom corners, live banners the top centre). */
import { css } from 'lit';
import { recorderFonts } from '../layer-styles.ts';

export const videoIndicatorStyles = css`
  :host {
    display: contents;
  }
  .badge {
    all: initial;
    position: fixed;
    left: 12px;
    top: 12px;
    z-index: 2147483646;
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 6px 6px 12px;
    border-radius: 999px;
    background: #111827;
    color: #fff;
    font: 13px/1.3 ${recorderFonts};
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  }
  .dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: #ef4444;
    animation: pulse 1.6s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .dot {
      animation: none;
    }
  }
  button {
    all: initial;
    cursor: pointer;
    padding: 4px 10px;
    border-radius: 999px;
    background: #374151;
    color: #fff;
    font: inherit;
    font-weight: 600;
  }
  button:hover,
  button:focus-visible {
    background: #4b5563;
    outline: 2px solid #93c5fd;
    outline-offset: 1px;
  }
`;

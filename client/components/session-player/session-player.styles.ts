import { css, unsafeCSS } from 'lit';
import rrwebCss from 'rrweb/dist/style.css?inline';

/** rrweb's own styles (mouse cursor, click ripple, tail): the Replayer lives in our shadow root. */
export const rrwebStyles = unsafeCSS(rrwebCss);

export default css`
  :host {
    display: block;
  }
  .player {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 320px;
    grid-template-rows: auto minmax(0, 1fr);
    gap: 16px;
    height: 100%;
  }
  .player--embedded {
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: minmax(0, 1fr);
  }
  .player__header {
    grid-column: 1 / -1;
    display: flex;
    align-items: center;
    gap: 12px;
    min-width: 0;
  }
  .player__title {
    margin: 0;
    font-size: 18px;
    font-weight: 650;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .player__subtitle {
    color: var(--cb-text-muted);
    font-size: 13px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .player__header-spacer {
    flex: 1;
  }
  .player__tab-count {
    flex: none;
    padding: 2px 8px;
    border-radius: 999px;
    background: var(--cb-accent-soft);
    color: var(--cb-accent-hover);
    font-size: 12px;
    font-weight: 600;
    white-space: nowrap;
  }
  .player__next-tab {
    text-decoration: none;
    white-space: nowrap;
  }
  .player__overlay--soft {
    color: var(--cb-text);
  }
  .player__main {
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    overflow: hidden;
  }
  .player__stage {
    position: relative;
    flex: 1;
    min-height: 320px;
    overflow: hidden;
    background:
      linear-gradient(45deg, #eceef2 25%, transparent 25%) 0 0 / 16px 16px,
      linear-gradient(-45deg, #eceef2 25%, transparent 25%) 0 0 / 16px 16px,
      #f4f5f8;
  }
  .player__mount {
    position: absolute;
    left: 0;
    top: 0;
    transform-origin: 0 0;
    box-shadow: 0 4px 24px rgb(16 24 40 / 18%);
    background: #fff;
  }
  .player__mount iframe {
    display: block;
    border: none;
    background: #fff;
  }
  .player__overlay {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: rgb(245 246 248 / 70%);
    font-size: 14px;
    color: var(--cb-text-muted);
  }
  /* A seek that lands within a blink shows no overlay: it fades in only after 250 ms of loading. */
  .player__overlay--loading {
    animation: player-overlay-in 150ms ease-out 250ms both;
  }
  @keyframes player-overlay-in {
    from {
      opacity: 0;
    }
    to {
      opacity: 1;
    }
  }
  .player__overlay-box {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 12px;
    max-width: 420px;
    text-align: center;
  }
  .player__spinner {
    width: 28px;
    height: 28px;
    border-radius: 50%;
    border: 3px solid #d7daf8;
    border-top-color: var(--cb-accent);
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .player__controls {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 10px 14px 12px;
    border-top: 1px solid var(--cb-border);
  }
  .player__bar {
    display: flex;
    align-items: center;
    gap: 12px;
    flex-wrap: wrap;
  }
  .player__play {
    width: 40px;
    height: 40px;
    border-radius: 50%;
    padding: 0;
  }
  .player__play svg {
    width: 18px;
    height: 18px;
    fill: currentColor;
  }
  .player__time {
    font: 13px/1 var(--cb-mono);
    font-variant-numeric: tabular-nums;
    color: var(--cb-text-muted);
    min-width: 110px;
  }
  .player__time strong {
    color: var(--cb-text);
    font-weight: 600;
  }
  .player__spacer {
    flex: 1;
  }
  .player__speeds {
    display: inline-flex;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    overflow: hidden;
  }
  .player__speed {
    min-width: 40px;
    height: 32px;
    border: none;
    border-right: 1px solid var(--cb-border);
    background: var(--cb-surface);
    color: var(--cb-text);
    font: 500 13px/1 var(--cb-font);
    cursor: pointer;
  }
  .player__speed:last-child {
    border-right: none;
  }
  .player__speed:hover {
    background: #f0f2f5;
  }
  .player__speed[aria-pressed='true'] {
    background: var(--cb-accent);
    color: #fff;
  }
  .player__speed:focus-visible {
    outline: none;
    box-shadow:
      inset 0 0 0 2px var(--cb-accent-hover),
      var(--cb-focus);
  }
  .player__toggle {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    font-size: 13px;
    color: var(--cb-text);
    cursor: pointer;
  }
  .player__toggle input {
    width: 16px;
    height: 16px;
    accent-color: var(--cb-accent);
  }
  .player__toggle input:focus-visible {
    outline: 2px solid var(--cb-accent);
    outline-offset: 2px;
  }
  .player__aside {
    min-height: 0;
    overflow: auto;
    padding: 16px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
  }
  .player__comments {
    padding-bottom: 16px;
    margin-bottom: 16px;
    border-bottom: 1px solid var(--cb-border);
  }
  .player__hint {
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  kbd {
    font: 11px/1 var(--cb-mono);
    padding: 2px 4px;
    border: 1px solid var(--cb-border);
    border-bottom-width: 2px;
    border-radius: 4px;
    background: #fafbfc;
  }
  @media (max-width: 960px) {
    .player {
      grid-template-columns: minmax(0, 1fr);
    }
    .player__aside {
      max-height: 40vh;
    }
  }
  @media (max-width: 640px) {
    /* The header's buttons (next tab, make a tutorial, copy link) go under the title. */
    .player__header {
      flex-wrap: wrap;
    }
    .player__header-spacer {
      display: none;
    }
  }
`;

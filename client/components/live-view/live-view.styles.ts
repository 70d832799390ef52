import { css, unsafeCSS } from 'lit';
import rrwebCss from 'rrweb/dist/style.css?inline';
import { DRAW_FADE_OUT_MS } from '../../../protocol/live-constants.ts';

/** rrweb's own styles (the customer's mouse, click ripple, tail): the Replayer lives in our shadow root. */
export const rrwebStyles = unsafeCSS(rrwebCss);

export default css`
  :host {
    display: block;
  }
  .live {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 320px;
    grid-template-rows: auto minmax(0, 1fr);
    gap: 16px;
    height: 100%;
  }
  .live__header {
    grid-column: 1 / -1;
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .live__title {
    margin: 0;
    font-size: 18px;
    font-weight: 650;
  }
  .live__spacer {
    flex: 1;
  }
  .live__badge {
    padding: 3px 10px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
    text-transform: capitalize;
    background: #eef0f3;
    color: var(--cb-text-muted);
  }
  .live__badge--live {
    background: #e7f8ef;
    color: #067647;
  }
  .live__badge--live::before {
    content: '● ';
  }
  .live__badge--away,
  .live__badge--reconnecting,
  .live__badge--waiting {
    background: #fff4e5;
    color: #b54708;
  }
  .live__badge--declined,
  .live__badge--error {
    background: var(--cb-danger-soft);
    color: var(--cb-danger);
  }
  .live__main {
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    overflow: hidden;
  }
  .live__toolbar {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--cb-border);
    flex-wrap: wrap;
  }
  .live__tools {
    display: flex;
    gap: 4px;
    align-items: center;
  }
  .live__tool {
    min-height: 30px;
    padding: 0 12px;
    border: 1px solid var(--cb-border);
    border-radius: 6px;
    background: var(--cb-surface);
    font: 500 13px/1 var(--cb-font);
    cursor: pointer;
  }
  .live__tool[aria-pressed='true'] {
    background: var(--cb-accent-soft);
    border-color: var(--cb-accent);
    color: var(--cb-accent);
  }
  .live__control {
    display: flex;
    align-items: center;
    gap: 10px;
  }
  .live__control-note {
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .btn--danger {
    border-color: var(--cb-danger);
    color: var(--cb-danger);
  }
  .live__stage {
    position: relative;
    flex: 1;
    min-height: 320px;
    overflow: hidden;
    background:
      linear-gradient(45deg, #eceef2 25%, transparent 25%) 0 0 / 16px 16px,
      linear-gradient(-45deg, #eceef2 25%, transparent 25%) 0 0 / 16px 16px,
      #f4f5f8;
  }
  .live__frame {
    position: absolute;
    top: 0;
    left: 0;
    transform-origin: 0 0;
    box-shadow: var(--cb-shadow);
    background: #fff;
  }
  .live__mount,
  .live__overlay {
    position: absolute;
    inset: 0;
  }
  .live__mount .replayer-wrapper {
    position: relative;
  }
  .live__mount iframe {
    border: 0;
    display: block;
  }
  /* rrweb draws the customer's cursor at the top-left corner until it knows
     where it is: show it only once a pointer event placed it. */
  .live__mount .replayer-mouse:not([style*='left']) {
    visibility: hidden;
  }
  .live__overlay {
    z-index: 3;
    cursor: default;
    outline: none;
  }
  .live__overlay--draw {
    cursor: crosshair;
    touch-action: none;
  }
  .live__overlay--control {
    cursor: pointer;
    box-shadow: inset 0 0 0 3px rgb(79 70 229 / 70%);
  }
  .live__strokes {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  .live__stroke {
    transition: opacity ${DRAW_FADE_OUT_MS}ms ease-out;
  }
  .live__stroke--fading {
    opacity: 0;
  }
  /* The banner and a refusal, stacked over the top of the page. */
  .live__notices {
    position: absolute;
    top: 10px;
    left: 50%;
    transform: translateX(-50%);
    z-index: 5;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 6px;
    width: max-content;
    max-width: 90%;
    pointer-events: none;
  }
  .live__banner {
    padding: 8px 14px;
    border-radius: 8px;
    background: #1b1f27;
    color: #fff;
    font-size: 13px;
    box-shadow: var(--cb-shadow);
    text-align: center;
  }
  .live__banner--away {
    background: #b54708;
  }
  .live__banner--control {
    background: var(--cb-accent);
  }
  /* Under the banner: a refused click or keystroke did nothing on the customer's page. */
  .live__banner--switch {
    background: #175cd3;
  }
  .live__banner--elsewhere {
    background: #b54708;
  }
  .live__tabs {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 6px 12px;
    border-bottom: 1px solid var(--cb-border, #e4e7ec);
    font-size: 13px;
  }
  .live__tabs-label {
    color: var(--cb-muted, #667085);
    margin-right: 4px;
  }
  .live__tab {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 4px 10px;
    border: 1px solid var(--cb-border, #d0d5dd);
    border-radius: 6px;
    background: #fff;
    font: inherit;
    cursor: pointer;
  }
  .live__tab--watching {
    border-color: #175cd3;
    box-shadow: inset 0 0 0 1px #175cd3;
    background: #eff4ff;
  }
  .live__tab-path {
    color: var(--cb-muted, #667085);
    max-width: 220px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .live__follow {
    margin-left: auto;
  }
  .live__refusal {
    padding: 8px 14px;
    border-radius: 8px;
    background: #b42318;
    color: #fff;
    font-size: 13px;
    box-shadow: var(--cb-shadow);
    text-align: center;
  }
  .live__overlay-msg {
    position: absolute;
    inset: 0;
    z-index: 6;
    display: grid;
    place-items: center;
    background: rgb(245 246 248 / 88%);
  }
  .live__overlay-box {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
    max-width: 360px;
    padding: 20px 24px;
    text-align: center;
    font-size: 14px;
    color: var(--cb-text-muted);
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    box-shadow: var(--cb-shadow);
  }
  .live__overlay-box strong {
    color: var(--cb-text);
    font-size: 15px;
  }
  .live__spinner {
    width: 26px;
    height: 26px;
    border: 3px solid var(--cb-accent-soft);
    border-top-color: var(--cb-accent);
    border-radius: 50%;
    animation: live-spin 0.8s linear infinite;
  }
  @keyframes live-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .live__aside {
    display: flex;
    flex-direction: column;
    gap: 16px;
    min-height: 0;
    padding: 14px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
  }
  .live__aside cobrowse-live-chat {
    flex: 1;
    min-height: 0;
  }
  .live__aside-title {
    margin: 0 0 8px;
    font-size: 13px;
    font-weight: 650;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--cb-text-muted);
  }
  .live__viewer-list {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 6px;
    font-size: 14px;
  }
  .live__viewer {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .live__dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: #b8bec9;
  }
  .live__dot--on {
    background: #12b76a;
  }
  .live__muted {
    color: var(--cb-text-muted);
  }
  .live__tag {
    padding: 1px 6px;
    border-radius: 999px;
    background: var(--cb-accent-soft);
    color: var(--cb-accent);
    font-size: 11px;
    font-weight: 600;
  }

  /* Narrow screens (a phone, a split window): the customer's page first, full width; people and chat below it. */
  @media (max-width: 900px) {
    .live {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: auto minmax(60vh, auto) auto;
      height: auto;
    }
    .live__header {
      flex-wrap: wrap;
    }
  }
`;

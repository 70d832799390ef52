/**
 * @module client/tutorial-embed/cobrowse-tutorial.styles
 * The embed's look: self-contained (no app tokens: it lives on other sites'
 * pages), steps beside the stage from 720 px of the element's own width and
 * under it below that (a container query: the embedding column decides, not
 * the window), visible focus on every control.
 */
import { css, unsafeCSS } from 'lit';
import rrwebCss from 'rrweb/dist/style.css?inline';

/** rrweb's own styles (mouse cursor, click ripple): the Replayer lives in our shadow root. */
const rrwebStyles = unsafeCSS(rrwebCss);

export default [
  rrwebStyles,
  css`
    :host {
      --cbt-accent: #4f46e5;
      --cbt-text: #111827;
      --cbt-muted: #4b5563;
      --cbt-line: #e5e7eb;
      --cbt-surface: #ffffff;
      --cbt-radius: 10px;
      display: block;
      container-type: inline-size;
      color: var(--cbt-text);
      font:
        15px/1.45 system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        sans-serif;
    }
    .tutorial {
      border: 1px solid var(--cbt-line);
      border-radius: var(--cbt-radius);
      background: var(--cbt-surface);
      padding: 12px;
    }
    .tutorial__header {
      margin: 0 0 10px;
    }
    .tutorial__title {
      margin: 0;
      font-size: 17px;
      font-weight: 650;
    }
    .tutorial__body {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 12px;
    }
    .tutorial__main {
      min-width: 0;
    }
    .stage {
      position: relative;
      overflow: hidden;
      width: 100%;
      aspect-ratio: 16 / 10;
      background: #f3f4f6;
      border: 1px solid var(--cbt-line);
      border-radius: 6px;
    }
    .stage__mount {
      position: absolute;
      left: 0;
      top: 0;
      transform-origin: 0 0;
      /* The replay is a picture: nothing in it can be clicked, followed or focused. */
      pointer-events: none;
    }
    .stage__mount iframe {
      border: 0;
      background: #fff;
    }
    .stage__overlay {
      position: absolute;
      inset: 0;
      pointer-events: none;
    }
    .stage__loading {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: var(--cbt-muted);
      background: rgba(243, 244, 246, 0.85);
    }
    .target {
      position: absolute;
      box-sizing: border-box;
      border: 2px solid var(--cbt-accent);
      border-radius: 4px;
      box-shadow:
        0 0 0 4px rgba(79, 70, 229, 0.25),
        0 0 0 9999px rgba(17, 24, 39, 0.18);
      transition:
        left 0.2s,
        top 0.2s,
        width 0.2s,
        height 0.2s;
    }
    @media (prefers-reduced-motion: reduce) {
      .target {
        transition: none;
      }
    }
    .annotation {
      position: absolute;
      box-sizing: border-box;
      max-width: min(280px, 70%);
      font-size: 13px;
    }
    .annotation--highlight {
      max-width: none;
      border: 3px dashed #f59e0b;
      border-radius: 6px;
    }
    .annotation__label {
      position: absolute;
      left: 0;
      bottom: 100%;
      margin-bottom: 4px;
      padding: 2px 6px;
      border-radius: 4px;
      background: #f59e0b;
      color: #111827;
      white-space: nowrap;
    }
    .annotation--callout .annotation__text,
    .annotation--arrow .annotation__text {
      display: block;
      padding: 6px 10px;
      border-radius: 8px;
      background: #111827;
      color: #fff;
      box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
    }
    .annotation__arrow {
      display: block;
      width: 28px;
      height: 28px;
      fill: none;
      stroke: #f59e0b;
      stroke-width: 3;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    .annotation--arrow.is-above .annotation__arrow {
      transform: rotate(180deg);
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
      margin: 10px 0 0;
    }
    button,
    select {
      font: inherit;
      color: inherit;
    }
    .control {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      min-width: 40px;
      min-height: 40px;
      padding: 0 12px;
      border: 1px solid var(--cbt-line);
      border-radius: 8px;
      background: #fff;
      cursor: pointer;
    }
    .control svg {
      width: 18px;
      height: 18px;
      fill: currentColor;
    }
    .control--prev svg,
    .control--next svg {
      fill: none;
      stroke: currentColor;
      stroke-width: 2.4;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    .control--play {
      background: var(--cbt-accent);
      border-color: var(--cbt-accent);
      color: #fff;
    }
    .control[aria-pressed='true'] {
      background: #eef2ff;
      border-color: var(--cbt-accent);
      color: #3730a3;
    }
    .control:disabled,
    select:disabled {
      opacity: 0.45;
      cursor: default;
    }
    .speed {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      margin-left: auto;
      color: var(--cbt-muted);
    }
    .speed select {
      min-height: 40px;
      padding: 0 8px;
      border: 1px solid var(--cbt-line);
      border-radius: 8px;
      background: #fff;
    }
    button:focus-visible,
    select:focus-visible {
      outline: 3px solid var(--cbt-accent);
      outline-offset: 2px;
    }
    .caption {
      margin: 10px 0 0;
      min-height: 1.45em;
    }
    .caption__count {
      display: block;
      color: var(--cbt-muted);
      font-size: 13px;
    }
    .caption__title {
      display: block;
    }
    .caption__body {
      display: block;
      color: var(--cbt-muted);
      white-space: pre-wrap;
    }
    .steps {
      min-width: 0;
      max-height: 320px;
      overflow: auto;
      position: relative;
    }
    .steps__chapter {
      margin: 8px 0 4px;
      font-size: 13px;
      font-weight: 650;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      color: var(--cbt-muted);
    }
    .steps__list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .step {
      display: flex;
      gap: 8px;
      width: 100%;
      padding: 8px;
      border: 1px solid transparent;
      border-radius: 8px;
      background: none;
      text-align: left;
      cursor: pointer;
    }
    .step:hover {
      background: #f9fafb;
    }
    .step[aria-current='step'] {
      background: #eef2ff;
      border-color: #c7d2fe;
    }
    .step__number {
      flex: none;
      display: inline-grid;
      place-items: center;
      width: 22px;
      height: 22px;
      border-radius: 50%;
      background: var(--cbt-line);
      font-size: 12px;
      font-weight: 650;
    }
    .step[aria-current='step'] .step__number {
      background: var(--cbt-accent);
      color: #fff;
    }
    @container (min-width: 720px) {
      .tutorial__body {
        grid-template-columns: minmax(0, 1fr) 260px;
      }
      /* Beside the stage the list is as tall as the stage and its controls (its own length does not count), scrolling inside. */
      .steps {
        max-height: none;
        contain: size;
      }
    }
    em {
      font-style: normal;
      font-weight: 650;
    }
    .message {
      padding: 16px;
      border: 1px solid #fcd34d;
      border-radius: var(--cbt-radius);
      background: #fffbeb;
    }
    .message__title {
      display: block;
      font-size: 16px;
    }
    .message__body {
      margin: 4px 0 0;
      color: var(--cbt-muted);
    }
  `,
];

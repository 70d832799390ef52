import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .details {
    display: flex;
    flex-direction: column;
    gap: 18px;
    font-size: 13px;
  }
  .details__section-title {
    margin: 0 0 8px;
    font-size: 12px;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--cb-text-muted);
  }
  .details__list {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 6px 12px;
    margin: 0;
  }
  .details__list dt {
    color: var(--cb-text-muted);
  }
  .details__list dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .details__pages {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .details__page {
    display: flex;
    gap: 8px;
    width: 100%;
    padding: 6px 8px;
    border: none;
    border-radius: 6px;
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: left;
    cursor: pointer;
  }
  .details__page:hover {
    background: #f0f2f5;
  }
  .details__page:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
  .details__page--current {
    background: var(--cb-accent-soft);
    color: var(--cb-accent-hover);
  }
  .details__page-time {
    flex: none;
    font-family: var(--cb-mono);
    color: var(--cb-text-muted);
  }
  .details__page-url {
    overflow-wrap: anywhere;
  }
  .details__tab {
    flex-wrap: wrap;
    column-gap: 8px;
    row-gap: 2px;
    text-decoration: none;
    box-sizing: border-box;
  }
  .details__page--current.details__tab {
    cursor: default;
  }
  .details__tab-number {
    flex: none;
    font-weight: 600;
  }
  .details__tab .details__page-url {
    flex-basis: 100%;
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  .details__problem-kind {
    flex: none;
    font-weight: 600;
  }
  .details__problem--error .details__problem-kind {
    color: var(--cb-danger);
  }
  .details__problem--network .details__problem-kind {
    color: #b45309;
  }
  .details__chat-name {
    flex: none;
    font-weight: 600;
    color: var(--cb-chat);
  }
  .details__chat-msg[data-from='customer'] .details__chat-name {
    color: var(--cb-text);
  }
  .details__chat-text {
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .details__legend {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    color: var(--cb-text-muted);
  }
  .details__swatch {
    display: inline-block;
    width: 8px;
    height: 8px;
    border-radius: 2px;
    margin-right: 5px;
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: block;
    position: relative;
    min-width: 0;
  }
  .search__input {
    width: 100%;
    min-height: 32px;
    font-size: 13px;
  }
  .search__panel {
    position: absolute;
    z-index: 20;
    top: calc(100% + 6px);
    right: 0;
    width: min(520px, 90vw);
    max-height: 70vh;
    overflow: auto;
    padding: 6px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    box-shadow: var(--cb-shadow);
  }
  .search__list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .search__status {
    padding: 10px 12px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .result {
    display: block;
    padding: 8px 10px;
    border-radius: 6px;
    color: var(--cb-text);
    text-decoration: none;
  }
  .result:hover,
  .result:focus-visible {
    background: var(--cb-accent-soft);
    outline: none;
  }
  .result__head {
    display: flex;
    gap: 8px;
    align-items: baseline;
    font-size: 13px;
    font-weight: 600;
  }
  .result__kind {
    flex: none;
    padding: 1px 6px;
    border-radius: 999px;
    font-size: 11px;
    font-weight: 600;
    text-transform: uppercase;
    color: var(--cb-accent);
    background: var(--cb-accent-soft);
  }
  .result__title {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .result__at {
    flex: none;
    margin-left: auto;
    font-weight: 400;
    color: var(--cb-text-muted);
  }
  .result__snippet {
    margin-top: 3px;
    font-size: 12px;
    line-height: 1.45;
    color: var(--cb-text-muted);
  }
  .result__snippet mark {
    padding: 0 1px;
    border-radius: 2px;
    color: var(--cb-text);
    background: #fde68a;
  }
`;

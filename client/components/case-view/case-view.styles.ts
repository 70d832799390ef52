import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .case {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .case__header {
    display: flex;
    align-items: flex-start;
    gap: 12px;
    min-width: 0;
  }
  .case__heading {
    min-width: 0;
    flex: 1;
  }
  .case__title {
    margin: 0 0 6px;
    font-size: 18px;
    font-weight: 650;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .case__subtitle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .case__late {
    color: var(--cb-danger);
    font-weight: 600;
  }
  .case__bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    padding: 10px 12px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
  }
  .case__statuses {
    display: inline-flex;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    overflow: hidden;
  }
  .case__status {
    min-height: 32px;
    padding: 0 12px;
    border: none;
    border-right: 1px solid var(--cb-border);
    background: var(--cb-surface);
    color: var(--cb-text);
    font: 500 13px/1 var(--cb-font);
    cursor: pointer;
  }
  .case__status:last-child {
    border-right: none;
  }
  .case__status:hover:not(:disabled) {
    background: #f0f2f5;
  }
  .case__status[aria-pressed='true'] {
    background: var(--cb-accent);
    color: #fff;
  }
  .case__status:focus-visible {
    outline: none;
    box-shadow:
      inset 0 0 0 2px var(--cb-accent-hover),
      var(--cb-focus);
  }
  .case__actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 10px;
  }
  .case__assignee {
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .case__assignee strong {
    color: var(--cb-text);
  }
  .case__assign {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .case__assign-label {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .case__body {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(340px, 420px);
    gap: 16px;
    align-items: start;
  }
  .case__left,
  .case__right {
    display: flex;
    flex-direction: column;
    gap: 14px;
    min-width: 0;
  }
  .case__player {
    height: clamp(380px, 58vh, 680px);
  }
  .case__player cobrowse-session-player {
    height: 100%;
  }
  .case__thread {
    max-height: 62vh;
    overflow: auto;
  }
  .case__empty {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 12px;
    padding: 24px 0;
  }
  @media (max-width: 1100px) {
    .case__body {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;

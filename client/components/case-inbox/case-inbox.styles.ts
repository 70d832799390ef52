import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .inbox {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .inbox__header {
    display: flex;
    align-items: baseline;
    gap: 12px;
  }
  .inbox__title {
    margin: 0;
    font-size: 20px;
    font-weight: 650;
  }
  .inbox__updated {
    color: var(--cb-text-muted);
    font-size: 13px;
  }
  .inbox__spacer {
    flex: 1;
  }
  .inbox__statuses {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .inbox__status {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    min-height: 32px;
    padding: 0 12px;
    border: 1px solid var(--cb-border);
    border-radius: 999px;
    background: var(--cb-surface);
    color: var(--cb-text);
    font: 500 13px/1 var(--cb-font);
    cursor: pointer;
  }
  .inbox__status:hover {
    background: #f0f2f5;
  }
  .inbox__status[aria-pressed='true'] {
    background: var(--cb-accent);
    border-color: var(--cb-accent);
    color: #fff;
  }
  .inbox__status:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
  .inbox__status-count {
    min-width: 18px;
    padding: 2px 6px;
    border-radius: 999px;
    background: rgb(0 0 0 / 6%);
    font-variant-numeric: tabular-nums;
    font-size: 12px;
    text-align: center;
  }
  .inbox__status[aria-pressed='true'] .inbox__status-count {
    background: rgb(255 255 255 / 22%);
  }
  .inbox__filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px;
    padding: 14px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 10px;
  }
  .inbox__overdue-filter .badge {
    margin-left: 4px;
  }
  .inbox__row {
    cursor: pointer;
  }
  .inbox__row:hover td {
    background: #f7f8ff;
  }
  .inbox__row--overdue td:first-child {
    box-shadow: inset 3px 0 0 var(--cb-danger);
  }
  .inbox__due {
    white-space: nowrap;
    font-size: 13px;
  }
  .inbox__due .badge {
    margin-right: 6px;
  }
  .inbox__row--overdue .inbox__due-text {
    color: var(--cb-danger);
  }
  .inbox__question {
    max-width: 420px;
  }
  .inbox__question .link {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .inbox__sub {
    margin-top: 2px;
    font-size: 12px;
    color: var(--cb-text-muted);
  }
`;

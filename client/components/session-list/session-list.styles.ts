import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .session-list {
    display: flex;
    flex-direction: column;
    gap: 16px;
  }
  .session-list__header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 12px;
  }
  .session-list__title {
    margin: 0;
    font-size: 20px;
    font-weight: 650;
  }
  .session-list__count {
    color: var(--cb-text-muted);
    font-size: 13px;
  }
  .session-list__filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px;
    padding: 14px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 10px;
  }
  .session-list__filter--grow {
    flex: 1 1 220px;
  }
  .session-list__filter--grow .input {
    width: 100%;
  }
  .session-list__filter-actions {
    display: flex;
    gap: 8px;
  }
  .session-list__table-wrap {
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 10px;
    overflow: auto;
  }
  .session-list__table {
    width: 100%;
    border-collapse: collapse;
    font-size: 14px;
  }
  .session-list__table th {
    position: sticky;
    top: 0;
    background: #fafbfc;
    text-align: left;
    font-size: 12px;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--cb-text-muted);
    padding: 10px 14px;
    border-bottom: 1px solid var(--cb-border);
    white-space: nowrap;
  }
  .session-list__table td {
    padding: 11px 14px;
    border-bottom: 1px solid #eef0f3;
    vertical-align: middle;
    white-space: nowrap;
  }
  .session-list__row {
    cursor: pointer;
  }
  .session-list__row:hover td {
    background: #f7f8ff;
  }
  .session-list__row:last-child td {
    border-bottom: none;
  }
  .session-list__num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .session-list__url {
    max-width: 340px;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .session-list__link {
    color: var(--cb-accent);
    text-decoration: none;
    font-weight: 500;
    border-radius: 4px;
  }
  .session-list__link:hover {
    text-decoration: underline;
  }
  .session-list__link:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
  .session-list__muted {
    color: var(--cb-text-muted);
  }
  .session-list__badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 999px;
    background: var(--cb-accent-soft);
    color: var(--cb-accent-hover);
    font-size: 12px;
    font-weight: 500;
  }
  .session-list__tabs {
    margin-right: 6px;
    padding: 1px 8px;
    border: none;
    border-radius: 999px;
    background: var(--cb-accent-soft);
    color: var(--cb-accent-hover);
    font: inherit;
    font-size: 12px;
    font-weight: 600;
    cursor: pointer;
  }
  .session-list__tabs:hover {
    text-decoration: underline;
  }
  .session-list__tabs:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
  .session-list__visit {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 0;
    color: var(--cb-text-muted);
  }
  .session-list__empty {
    padding: 48px 16px;
    text-align: center;
    color: var(--cb-text-muted);
  }
  .session-list__more {
    display: flex;
    justify-content: center;
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .live-list {
    display: flex;
    flex-direction: column;
    gap: 16px;
  }
  .live-list__title {
    margin: 0;
    font-size: 22px;
    font-weight: 650;
  }
  .live-list__code {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px;
    padding: 16px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
  }
  .live-list__code-input {
    width: 160px;
    font: 600 20px/1 var(--cb-mono);
    letter-spacing: 0.2em;
  }
  .live-list__hint {
    flex-basis: 100%;
    margin: 0;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .live-list__header {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .live-list__subtitle {
    margin: 0;
    font-size: 16px;
    font-weight: 650;
  }
  .live-list__count {
    flex: 1;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .live-list__table-wrap {
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    overflow: auto;
  }
  .live-list__table {
    width: 100%;
    border-collapse: collapse;
    font-size: 14px;
  }
  .live-list__table th,
  .live-list__table td {
    padding: 10px 14px;
    text-align: left;
    border-bottom: 1px solid var(--cb-border);
    white-space: nowrap;
  }
  .live-list__table th {
    font-size: 12px;
    font-weight: 600;
    color: var(--cb-text-muted);
    background: #fafbfc;
  }
  .live-list__table tbody tr:last-child td {
    border-bottom: none;
  }
  .live-list__url {
    max-width: 360px;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .live-list__num {
    text-align: right;
  }
  .live-list__status {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .live-list__status::before {
    content: '';
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: #b8bec9;
  }
  .live-list__status--on {
    color: var(--cb-text);
  }
  .live-list__status--on::before {
    background: #12b76a;
  }
  .live-list__help {
    margin-left: 8px;
    padding: 2px 8px;
    border-radius: 999px;
    background: #fff4e5;
    color: #b54708;
    font-size: 12px;
    font-weight: 600;
  }
  .live-list__empty {
    margin: 0;
    padding: 24px;
    text-align: center;
    color: var(--cb-text-muted);
  }
  a.btn {
    text-decoration: none;
  }
`;

/**
 * @module client/styles/case
 * What the async-help screens share (inbox, case view, admin): status badges
 * and the overdue flag, cards, data tables, form rows and tabs, on the
 * tokens of shared.styles.ts.
 */
import { css } from 'lit';

export const badges = css`
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 2px 8px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 550;
    line-height: 18px;
    white-space: nowrap;
    background: #eef0f3;
    color: var(--cb-text-muted);
  }
  .badge--new {
    background: var(--cb-accent-soft);
    color: var(--cb-accent-hover);
  }
  .badge--open {
    background: #e6f6ee;
    color: #0b7a50;
  }
  .badge--waiting_on_customer {
    background: #fff4e0;
    color: #9a5b00;
  }
  .badge--resolved {
    background: #eef0f3;
    color: var(--cb-text-muted);
  }
  .badge--reopened {
    background: #fde8f3;
    color: #a1156a;
  }
  .badge--overdue,
  .badge--failed {
    background: var(--cb-danger-soft);
    color: var(--cb-danger);
  }
  .badge--pending,
  .badge--queued {
    background: #fff4e0;
    color: #9a5b00;
  }
  .badge--ok,
  .badge--sent,
  .badge--delivered {
    background: #e6f6ee;
    color: #0b7a50;
  }
`;

export const panels = css`
  .card {
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    padding: 16px;
  }
  .card__title {
    margin: 0 0 12px;
    font-size: 15px;
    font-weight: 650;
  }
  .muted {
    color: var(--cb-text-muted);
  }
  .table-wrap {
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    overflow: auto;
  }
  .table {
    width: 100%;
    border-collapse: collapse;
    font-size: 14px;
  }
  .table th {
    position: sticky;
    top: 0;
    background: #fafbfc;
    text-align: left;
    font-size: 12px;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--cb-text-muted);
    padding: 10px 12px;
    border-bottom: 1px solid var(--cb-border);
    white-space: nowrap;
  }
  .table td {
    padding: 10px 12px;
    border-bottom: 1px solid #eef0f3;
    vertical-align: middle;
  }
  .table tr:last-child td {
    border-bottom: none;
  }
  .table__empty {
    padding: 28px 16px;
    text-align: center;
    color: var(--cb-text-muted);
    font-size: 14px;
  }
  .form-row {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px;
  }
  .form-row .label--grow {
    flex: 1 1 220px;
  }
  .form-row .label--grow .input {
    width: 100%;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 14px;
    min-height: 36px;
  }
  .check input {
    width: 16px;
    height: 16px;
    accent-color: var(--cb-accent);
  }
  .textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 84px;
    padding: 8px 10px;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    background: var(--cb-surface);
    color: var(--cb-text);
    font: 14px/1.45 var(--cb-font);
    resize: vertical;
  }
  .textarea:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
    border-color: var(--cb-accent);
  }
  .tabs {
    display: flex;
    gap: 2px;
    border-bottom: 1px solid var(--cb-border);
  }
  .tab {
    padding: 8px 12px;
    border: none;
    border-bottom: 2px solid transparent;
    margin-bottom: -1px;
    background: transparent;
    color: var(--cb-text-muted);
    font: 500 14px/1.2 var(--cb-font);
    white-space: nowrap;
    cursor: pointer;
  }
  .tab:hover {
    color: var(--cb-text);
  }
  .tab[aria-selected='true'] {
    color: var(--cb-accent);
    border-bottom-color: var(--cb-accent);
  }
  .tab:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
    border-radius: 6px 6px 0 0;
  }
  .notice {
    padding: 10px 12px;
    border-radius: var(--cb-radius);
    background: #e6f6ee;
    color: #0b5c3d;
    font-size: 14px;
    overflow-wrap: anywhere;
  }
  .panel {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .panel > p {
    margin: 0;
  }
  .panel__num {
    width: 110px;
  }
  .panel__row-actions {
    white-space: nowrap;
    text-align: right;
  }
  .panel__hint {
    margin: 10px 0 0;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .table .input {
    width: 100%;
  }
  .table .panel__num {
    width: 110px;
  }
  .link {
    color: var(--cb-accent);
    text-decoration: none;
    font-weight: 500;
    border-radius: 4px;
  }
  .link:hover {
    text-decoration: underline;
  }
  .link:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
`;

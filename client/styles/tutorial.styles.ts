/**
 * @module client/styles/tutorial
 * What the parts of the tutorial editor share: a part's heading and hint,
 * item lists with their row actions, small buttons.
 */
import { css } from 'lit';

export const parts = css`
  .part {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .part__title {
    margin: 0;
    font-size: 15px;
    font-weight: 650;
  }
  .part__hint {
    margin: 0;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 8px 10px;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    background: var(--cb-surface);
    font-size: 14px;
  }
  .item__grow {
    flex: 1 1 160px;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .btn--small {
    min-height: 28px;
    padding: 0 9px;
    font-size: 13px;
  }
  .row-form {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: flex-end;
  }
  .row-form .label {
    flex: 1 1 180px;
  }
  .row-form .input,
  .row-form .select {
    width: 100%;
  }
`;

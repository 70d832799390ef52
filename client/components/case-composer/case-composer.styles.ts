import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .composer {
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    overflow: hidden;
  }
  .composer .tabs {
    padding: 0 6px;
    background: #fafbfc;
    overflow-x: auto;
  }
  .composer .tab {
    padding: 9px 9px;
    font-size: 13px;
  }
  .composer__panel {
    padding: 12px;
  }
  .composer__form {
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .composer__form--note .textarea {
    background: #fffbea;
    border-style: dashed;
    border-color: #d4a514;
  }
  .composer__actions {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    flex-wrap: wrap;
    gap: 12px;
  }
  .composer__actions .check {
    margin-right: auto;
  }
  .composer__hint {
    margin-right: auto;
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  .composer__actions .check + .composer__hint {
    margin-right: 0;
  }
`;

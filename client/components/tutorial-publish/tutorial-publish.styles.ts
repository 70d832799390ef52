import { css } from 'lit';

export default css`
  .publish {
    box-sizing: border-box;
    width: min(520px, calc(100vw - 24px));
    max-height: calc(100vh - 24px);
    padding: 20px;
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    box-shadow: 0 12px 40px rgb(16 24 40 / 25%);
    color: var(--cb-text);
  }
  .publish::backdrop {
    background: rgb(16 24 40 / 40%);
  }
  .publish__choices {
    display: flex;
    flex-direction: column;
    gap: 8px;
    margin: 0;
    padding: 0;
    border: none;
  }
  .publish__choices legend {
    margin-bottom: 6px;
    font-size: 13px;
    font-weight: 500;
    color: var(--cb-text-muted);
  }
  .publish__choice {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    font-size: 14px;
  }
  .publish__choice input {
    margin-top: 3px;
    accent-color: var(--cb-accent);
  }
  .publish a.btn {
    text-decoration: none;
  }
  .publish__choices legend {
    padding: 0;
  }
  .publish > .part__title {
    margin-bottom: 14px;
  }
  .publish__actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
  }
  .publish__hint {
    margin: 6px 0;
  }
  .publish__values {
    margin: 0;
    padding-left: 18px;
    overflow-wrap: anywhere;
  }
  .publish .label {
    max-width: 260px;
  }
`;

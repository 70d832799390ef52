import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .account {
    max-width: 420px;
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .account__title {
    margin: 0;
    font-size: 22px;
    font-weight: 650;
  }
  .account__who {
    margin: -6px 0 4px;
    font-size: 14px;
    color: var(--cb-text-muted);
  }
  .account__heading {
    margin: 0;
    font-size: 16px;
    font-weight: 600;
  }
  .account__done {
    margin: 0;
    padding: 10px 12px;
    border-radius: var(--cb-radius);
    background: var(--cb-accent-soft);
    font-size: 14px;
  }
  .account__form {
    display: flex;
    flex-direction: column;
    gap: 14px;
    padding: 20px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
  }
  .account__form .input {
    width: 100%;
  }
  .account__form .btn {
    align-self: flex-start;
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .webhooks__form {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .webhooks__form .card__title {
    margin-bottom: 0;
  }
  .webhooks__events {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 0;
    padding: 8px 12px;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
  }
  .webhooks__events legend {
    padding: 0 4px;
    font-size: 13px;
    font-weight: 500;
    color: var(--cb-text-muted);
  }
  .webhooks__submit {
    justify-content: flex-end;
  }
  .webhooks__url {
    max-width: 380px;
    overflow-wrap: anywhere;
  }
  code {
    font: 12px/1.4 var(--cb-mono);
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .forgot__intro,
  .forgot__sent {
    margin: 0;
    font-size: 14px;
    line-height: 1.5;
    color: var(--cb-text-muted);
  }
  .forgot__sent {
    padding: 10px 12px;
    border-radius: var(--cb-radius);
    background: var(--cb-accent-soft);
    color: var(--cb-text);
  }
  .forgot__form {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .forgot__form .input {
    width: 100%;
  }
  .forgot__submit {
    min-height: 40px;
  }
`;

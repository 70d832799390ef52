import { css } from 'lit';

/** Beyond the sign-in card it shares (see the component). */
export default css`
  :host {
    display: block;
  }
  .reset__hint {
    margin: -4px 0 0;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
`;

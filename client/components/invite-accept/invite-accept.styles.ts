import { css } from 'lit';

/** Beyond the sign-in card it shares (see the component). */
export default css`
  :host {
    display: block;
  }
  .invite__facts {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 6px 14px;
    margin: 0 0 18px;
    font-size: 14px;
  }
  .invite__facts dt {
    color: var(--cb-text-muted);
  }
  .invite__facts dd {
    margin: 0;
    font-weight: 500;
    overflow-wrap: anywhere;
  }
  .invite__hint {
    margin: -4px 0 0;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .muted {
    color: var(--cb-text-muted);
  }
`;

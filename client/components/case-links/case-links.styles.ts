import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .links {
    list-style: none;
    margin: 0 0 10px;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 13px;
  }
  .links__item {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  .links__item--revoked {
    color: var(--cb-text-muted);
    text-decoration: line-through;
  }
  .notice {
    margin: 0 0 10px;
    font-size: 13px;
  }
`;

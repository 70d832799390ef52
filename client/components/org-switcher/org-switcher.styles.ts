import { css } from 'lit';

export default css`
  :host {
    display: inline-flex;
    min-width: 0;
  }
  .org {
    display: inline-flex;
    align-items: center;
    min-width: 0;
    max-width: 240px;
    font-size: 13px;
    font-weight: 600;
    color: var(--cb-text);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* The name alone: a block, so a long one ends in an ellipsis rather than being cut mid-letter. */
  span.org {
    display: block;
  }
  .org__select {
    max-width: 240px;
    min-height: 32px;
    font-size: 13px;
  }
`;

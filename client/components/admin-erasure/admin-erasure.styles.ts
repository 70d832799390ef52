import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .erasure__confirm {
    border-color: var(--cb-danger);
  }
  .erasure__counts {
    max-width: 420px;
    margin-bottom: 14px;
  }
  .erasure__counts th {
    text-align: left;
    font-size: 14px;
    font-weight: 500;
    text-transform: none;
    letter-spacing: normal;
    color: var(--cb-text);
    background: none;
  }
  .erasure__n {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .erasure__actions {
    display: flex;
    gap: 8px;
  }
  .erasure__danger {
    background: var(--cb-danger);
    border-color: var(--cb-danger);
    color: #fff;
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .maker {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 10px;
    padding: 10px 12px;
    border: 1px solid #f5d08a;
    border-radius: var(--cb-radius);
    background: #fffaf0;
  }
  .maker__title {
    flex: 1 1 220px;
  }
  .maker__title .input {
    width: 100%;
  }
  .maker__point {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .maker__point output {
    font: 600 13px/1 var(--cb-mono);
    color: var(--cb-text);
  }
  .maker__actions {
    display: flex;
    gap: 8px;
  }
  .maker .alert {
    flex-basis: 100%;
    margin: 0;
  }
`;

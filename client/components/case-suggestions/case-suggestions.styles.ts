import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .suggestions__list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .suggestion {
    padding: 8px 0;
    border-top: 1px solid var(--cb-border);
  }
  .suggestion:first-child {
    border-top: none;
  }
  .suggestion__question {
    font-size: 14px;
    font-weight: 600;
    color: var(--cb-accent);
    text-decoration: none;
  }
  .suggestion__question:hover {
    text-decoration: underline;
  }
  .suggestion__why,
  .suggestion__answer {
    margin: 4px 0 0;
    font-size: 13px;
    line-height: 1.45;
  }
  .suggestion__why {
    color: var(--cb-text-muted);
  }
  .suggestion__why mark {
    padding: 0 1px;
    border-radius: 2px;
    color: var(--cb-text);
    background: #fde68a;
  }
  .suggestion__answer {
    white-space: pre-wrap;
  }
  .suggestion__use {
    margin-top: 6px;
    min-height: 30px;
    font-size: 13px;
  }
`;

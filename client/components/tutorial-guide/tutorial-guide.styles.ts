/**
 * @module client/components/tutorial-guide/styles
 * The editor header's "Written guide" row: a label, two small buttons, a note.
 */
import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .guide {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 8px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .guide__label {
    font-weight: 500;
  }
  .guide__button {
    padding: 2px 10px;
    font-size: 13px;
  }
  .guide__note {
    flex-basis: 100%;
  }
  .guide__error {
    flex-basis: 100%;
    margin: 0;
  }
`;

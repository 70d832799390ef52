import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .context {
    display: flex;
    flex-direction: column;
    gap: 14px;
    font-size: 13px;
  }
  .context__list {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 6px 12px;
    margin: 0;
  }
  .context__list dt {
    color: var(--cb-text-muted);
  }
  .context__list dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .context__subtitle {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 14px 0 8px;
    font-size: 12px;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--cb-text-muted);
  }
  .context__enrichment:first-of-type .context__subtitle {
    margin-top: 0;
  }
  .context__links {
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 8px 14px;
  }
  .context__error {
    margin: 4px 0;
    color: var(--cb-danger);
    overflow-wrap: anywhere;
  }
  .context__sent {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
`;

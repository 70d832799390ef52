import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .admin {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .admin__header {
    display: flex;
    align-items: center;
    gap: 12px;
    min-height: 36px;
  }
  .admin__title {
    margin: 0;
    font-size: 20px;
    font-weight: 650;
  }
  .admin__spacer {
    flex: 1;
  }
  .admin__site {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  /* Nine tabs are wider than a phone: they scroll sideways instead of widening the page. */
  .tabs {
    overflow-x: auto;
    scrollbar-width: thin;
  }
  .admin__panel {
    padding-top: 4px;
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .editor {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .editor__header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 12px;
  }
  .editor__heading {
    flex: 1 1 300px;
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .editor__title {
    margin: 0;
    font-size: 20px;
  }
  .editor__title-input {
    width: 100%;
    font-size: 18px;
    font-weight: 650;
  }
  .editor__subtitle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .editor__url {
    overflow-wrap: anywhere;
  }
  .editor__guide {
    margin-top: 6px;
  }
  .editor__actions {
    display: flex;
    gap: 8px;
  }
  .editor__body {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(320px, 440px);
    gap: 16px;
    align-items: start;
  }
  .editor__preview {
    position: sticky;
    top: 12px;
  }
  .editor__side {
    display: flex;
    flex-direction: column;
    gap: 12px;
    min-width: 0;
  }
  /* Six parts: the tabs wrap onto a second line rather than hide one off the edge. */
  .tabs {
    flex-wrap: wrap;
  }
  @media (max-width: 900px) {
    .editor__body {
      grid-template-columns: minmax(0, 1fr);
    }
    .editor__preview {
      position: static;
    }
  }
  @media (max-width: 480px) {
    /* The five tabs fit a phone's width. */
    .tab {
      padding: 8px 7px;
      font-size: 13px;
    }
  }
`;

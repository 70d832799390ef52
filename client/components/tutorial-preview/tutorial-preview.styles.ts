import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .preview {
    display: flex;
    flex-direction: column;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    overflow: hidden;
  }
  .player__stage {
    height: clamp(240px, 52vh, 560px);
    min-height: 0;
  }
  .preview__controls {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 16px 14px 10px;
    border-top: 1px solid var(--cb-border);
  }
  .preview__bar {
    display: flex;
    align-items: center;
    gap: 12px;
    font-size: 14px;
  }
  .preview__callout {
    margin: 0;
    padding: 8px 10px;
    border-left: 3px solid #b45309;
    background: #fffaf0;
    font-size: 14px;
  }
`;

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
  /* A fixed height: the stage's own rule (flex: 1) assumes a player that fills its host's height. */
  .player__stage {
    flex: none;
    aspect-ratio: 16 / 10;
    max-height: 62vh;
    min-height: 200px;
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
  .preview__time {
    white-space: nowrap;
  }
  .preview__callout {
    margin: 0;
    padding: 8px 10px;
    border-left: 3px solid #b45309;
    background: #fffaf0;
    font-size: 14px;
  }
`;

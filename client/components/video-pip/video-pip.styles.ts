import { css } from 'lit';

export default css`
  :host {
    display: contents;
  }
  .pip {
    position: absolute;
    z-index: 5;
    display: flex;
    flex-direction: column;
    gap: 6px;
    touch-action: none;
    user-select: none;
  }
  .pip[hidden] {
    display: none;
  }
  .pip__item {
    position: relative;
    width: 240px;
    border-radius: 10px;
    overflow: hidden;
    background: #111;
    box-shadow: 0 6px 24px rgba(0, 0, 0, 0.35);
    cursor: grab;
  }
  .pip__item[hidden] {
    display: none;
  }
  .pip__item--screen {
    width: 320px;
  }
  .pip__video {
    display: block;
    width: 100%;
    height: auto;
    pointer-events: none;
  }
  .pip__label {
    position: absolute;
    left: 8px;
    top: 6px;
    font-size: 11px;
    color: #fff;
    background: rgba(0, 0, 0, 0.5);
    border-radius: 4px;
    padding: 1px 6px;
  }
  .pip__mute {
    position: absolute;
    right: 6px;
    bottom: 6px;
    font-size: 12px;
    border: 0;
    border-radius: 6px;
    background: rgba(0, 0, 0, 0.6);
    color: #fff;
    padding: 2px 8px;
    cursor: pointer;
  }
`;

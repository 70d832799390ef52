import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .step {
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 10px;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    background: var(--cb-surface);
  }
  .step--selected {
    border-color: var(--cb-accent);
    box-shadow: 0 0 0 1px var(--cb-accent);
  }
  .step--drop {
    border-style: dashed;
    border-color: var(--cb-accent);
  }
  .step__head {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .step__num {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 24px;
    height: 24px;
    border-radius: 50%;
    background: var(--cb-accent-soft);
    color: var(--cb-accent-hover);
    font-size: 12px;
    font-weight: 650;
  }
  .step__handle {
    cursor: grab;
    color: var(--cb-text-muted);
    user-select: none;
  }
  .step__title {
    flex: 1;
    min-width: 0;
    font-weight: 550;
  }
  .step__title-text {
    flex: 1;
    margin: 0;
    font-size: 14px;
    font-weight: 600;
  }
  .step__time {
    font: 500 12px/1 var(--cb-mono);
  }
  .step__body {
    min-height: 52px;
  }
  .step__body-text {
    margin: 0;
    font-size: 14px;
    white-space: pre-wrap;
  }
  .step__meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  .step__meta .select {
    min-height: 28px;
    font-size: 13px;
  }
  .step__actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .step__page {
    overflow-wrap: anywhere;
  }
`;

/**
 * @module client/styles/shared
 * Design tokens and the few shared control styles (buttons, inputs, focus ring).
 */
import { css } from 'lit';

export const tokens = css`
  :host {
    --cb-font: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    --cb-mono: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    --cb-bg: #f5f6f8;
    --cb-surface: #ffffff;
    --cb-border: #dfe2e8;
    --cb-text: #1b1f27;
    --cb-text-muted: #5a6270;
    --cb-accent: #4f46e5;
    --cb-accent-hover: #4338ca;
    --cb-accent-soft: #eef0ff;
    --cb-danger: #b42318;
    --cb-danger-soft: #fef3f2;
    --cb-click: #e5484d;
    --cb-input: #0f9d6b;
    --cb-nav: #3e63dd;
    --cb-chat: #7c3aed;
    --cb-control: #0891b2;
    --cb-radius: 8px;
    --cb-shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 1px 3px rgb(16 24 40 / 10%);
    --cb-focus: 0 0 0 3px rgb(79 70 229 / 35%);
    font-family: var(--cb-font);
    color: var(--cb-text);
  }
`;

export const controls = css`
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 34px;
    padding: 0 14px;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    background: var(--cb-surface);
    color: var(--cb-text);
    font: 500 14px/1 var(--cb-font);
    cursor: pointer;
    transition:
      background-color 0.12s,
      border-color 0.12s;
  }
  .btn:hover:not(:disabled) {
    background: #f0f2f5;
  }
  .btn:focus-visible,
  .input:focus-visible,
  .select:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
    border-color: var(--cb-accent);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn--primary {
    background: var(--cb-accent);
    border-color: var(--cb-accent);
    color: #fff;
  }
  .btn--primary:hover:not(:disabled) {
    background: var(--cb-accent-hover);
  }
  .btn--ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn--icon {
    width: 36px;
    padding: 0;
  }
  .input,
  .select {
    box-sizing: border-box;
    min-height: 36px;
    padding: 0 10px;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
    background: var(--cb-surface);
    color: var(--cb-text);
    font: 14px/1.2 var(--cb-font);
  }
  .label {
    display: flex;
    flex-direction: column;
    gap: 6px;
    font-size: 13px;
    font-weight: 500;
    color: var(--cb-text-muted);
  }
  .alert {
    padding: 10px 12px;
    border-radius: var(--cb-radius);
    background: var(--cb-danger-soft);
    color: var(--cb-danger);
    font-size: 14px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

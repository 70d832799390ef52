import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .chat {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  .chat__title {
    margin: 0 0 8px;
    font-size: 13px;
    font-weight: 650;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--cb-text-muted);
  }
  .chat__log {
    flex: 1;
    min-height: 80px;
    margin: 0;
    padding: 0;
    list-style: none;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .chat__empty {
    color: var(--cb-text-muted);
    font-size: 13px;
  }
  .chat__msg {
    max-width: 88%;
    align-self: flex-start;
    padding: 6px 10px;
    border-radius: 10px;
    background: #f0f2f5;
    font-size: 14px;
  }
  .chat__msg--mine {
    align-self: flex-end;
    background: var(--cb-accent-soft);
  }
  .chat__msg--pending {
    opacity: 0.6;
  }
  .chat__meta {
    display: flex;
    gap: 6px;
    align-items: baseline;
    font-size: 11px;
    color: var(--cb-text-muted);
  }
  .chat__name {
    font-weight: 600;
    color: var(--cb-text);
  }
  .chat__text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin-top: 2px;
  }
  .chat__form {
    display: flex;
    gap: 8px;
    align-items: flex-end;
    margin-top: 10px;
  }
  .chat__input {
    flex: 1;
    resize: none;
    padding: 8px 10px;
    min-height: 44px;
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .thread {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .thread__msg {
    max-width: 88%;
    padding: 10px 12px;
    border-radius: 12px;
    border: 1px solid var(--cb-border);
    background: #f7f8fa;
    font-size: 14px;
  }
  .thread__msg--customer {
    align-self: flex-start;
    border-bottom-left-radius: 4px;
  }
  .thread__msg--advisor {
    align-self: flex-end;
    background: var(--cb-accent-soft);
    border-color: #d9dcfb;
    border-bottom-right-radius: 4px;
  }
  /* A note must never be mistaken for something the customer read. */
  .thread__msg--note {
    background: #fffbea;
    border: 1px dashed #d4a514;
  }
  .thread__meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 6px;
    margin-bottom: 4px;
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  .thread__meta strong {
    color: var(--cb-text);
    font-weight: 600;
  }
  .thread__kind {
    padding: 0 6px;
    border-radius: 999px;
    background: rgb(0 0 0 / 5%);
  }
  .thread__note-flag {
    margin-bottom: 4px;
    font-size: 12px;
    font-weight: 600;
    color: #8a6a00;
  }
  .thread__body {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.45;
  }
  .thread__attachments {
    display: flex;
    flex-direction: column;
    gap: 6px;
    margin-top: 8px;
  }
  .thread__video {
    width: 100%;
    max-width: 360px;
    border-radius: 8px;
    background: #111;
  }
`;

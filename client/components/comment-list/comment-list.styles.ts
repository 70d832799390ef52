/**
 * @module client/components/comment-list/comment-list.styles
 * The comment list: a compact thread of notes, the open one set apart.
 */
import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .comments__head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  .comments__list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .comment {
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: 8px 10px;
    border: 1px solid var(--cb-border);
    border-left: 3px solid #f59e0b;
    border-radius: var(--cb-radius);
    background: var(--cb-surface);
    font-size: 14px;
  }
  .comment--open {
    background: #fffbeb;
    box-shadow: 0 0 0 2px rgb(245 158 11 / 35%);
  }
  .comment__head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 6px;
  }
  .comment__time {
    font: inherit;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    color: var(--cb-accent);
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
  }
  .comment__time:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
    border-radius: 4px;
  }
  .comment__author {
    font-weight: 600;
  }
  .comment__date {
    font-size: 12px;
  }
  .comment__element {
    align-self: flex-start;
    max-width: 100%;
    padding: 1px 8px;
    border-radius: 999px;
    background: #fef3c7;
    color: #92400e;
    font-size: 12px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .comment__body {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    cursor: pointer;
  }
  .comment__actions,
  .comment-form__actions,
  .comment-form__meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .comment-form {
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 10px;
    border: 1px dashed var(--cb-border);
    border-radius: var(--cb-radius);
  }
  .comment-form .textarea {
    width: 100%;
    box-sizing: border-box;
  }
`;

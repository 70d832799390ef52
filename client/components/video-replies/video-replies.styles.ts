import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .replies {
    margin-top: 16px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .replies__title {
    margin: 0;
    font-size: 14px;
    font-weight: 650;
  }
  .replies__row {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
  }
  .replies__stage {
    position: relative;
    border-radius: 10px;
    overflow: hidden;
    background: #111;
  }
  .replies__stage video {
    display: block;
    width: 100%;
  }
  .replies__countdown {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    font-size: 56px;
    font-weight: 700;
    color: #fff;
    background: rgba(0, 0, 0, 0.45);
  }
  .replies__rec {
    position: absolute;
    left: 8px;
    top: 8px;
    font-size: 12px;
    color: #fff;
    background: #d92d20;
    border-radius: 4px;
    padding: 1px 6px;
  }
  .replies__list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .replies__item video {
    width: 100%;
    border-radius: 8px;
    background: #111;
  }
  .replies__meta {
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  .replies__link {
    font-size: 12px;
    word-break: break-all;
  }
  .replies__error {
    color: var(--cb-danger, #b42318);
    font-size: 13px;
  }
  .input {
    flex: 1;
    min-width: 0;
  }
  .replies__check {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 14px;
    color: var(--cb-text);
  }
  .replies__check input {
    width: 16px;
    height: 16px;
    margin: 0;
    accent-color: var(--cb-accent);
  }
`;

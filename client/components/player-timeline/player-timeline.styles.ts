import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .timeline {
    position: relative;
    height: 28px;
    cursor: pointer;
    touch-action: none;
    user-select: none;
    border-radius: 6px;
  }
  .timeline:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
  .timeline__track {
    position: absolute;
    left: 0;
    right: 0;
    top: 11px;
    height: 6px;
    border-radius: 3px;
    background: #e3e6ec;
    overflow: hidden;
  }
  .timeline__loaded {
    position: absolute;
    top: 0;
    bottom: 0;
    background: #c7cbf5;
  }
  .timeline__progress {
    position: absolute;
    left: 0;
    top: 0;
    bottom: 0;
    background: var(--cb-accent);
  }
  .timeline__range {
    position: absolute;
    top: 0;
    bottom: 0;
    background: rgb(245 158 11 / 55%);
  }
  .timeline__flag {
    position: absolute;
    top: -14px;
    padding: 0 4px;
    border-radius: 3px;
    background: #b45309;
    color: #fff;
    font: 600 10px/14px var(--cb-font);
    pointer-events: none;
    white-space: nowrap;
  }
  .timeline__flag--start {
    transform: translateX(-1px);
  }
  .timeline__flag--end {
    transform: translateX(calc(-100% + 1px));
  }
  .timeline__thumb {
    position: absolute;
    top: 7px;
    width: 14px;
    height: 14px;
    margin-left: -7px;
    border-radius: 50%;
    background: #fff;
    border: 2px solid var(--cb-accent);
    box-sizing: border-box;
    box-shadow: 0 1px 3px rgb(0 0 0 / 25%);
    pointer-events: none;
  }
  .timeline--dragging .timeline__thumb {
    transform: scale(1.2);
  }
  .timeline__marker {
    position: absolute;
    top: 2px;
    width: 3px;
    height: 7px;
    margin-left: -1.5px;
    border-radius: 2px;
    padding: 0;
    border: none;
    cursor: pointer;
  }
  .timeline__marker--click {
    background: var(--cb-click);
  }
  .timeline__marker--input {
    background: var(--cb-input);
  }
  .timeline__marker--navigation {
    top: 0;
    height: 28px;
    width: 2px;
    margin-left: -1px;
    background: var(--cb-nav);
    opacity: 0.55;
  }
  .timeline__marker--error,
  .timeline__marker--network {
    top: 19px;
    width: 5px;
    height: 8px;
    margin-left: -2.5px;
  }
  .timeline__marker--error {
    background: var(--cb-danger);
  }
  .timeline__marker--network {
    background: #d97706;
  }
  /* Live session: chat messages and control hand-overs, in the row below the track too. */
  .timeline__marker--chat,
  .timeline__marker--control {
    top: 19px;
    width: 7px;
    height: 7px;
    margin-left: -3.5px;
    border-radius: 50%;
  }
  .timeline__marker--chat {
    background: var(--cb-chat);
  }
  .timeline__marker--control {
    border-radius: 1px;
    background: var(--cb-control);
  }
  .timeline__marker:hover {
    transform: scaleX(1.8);
  }
  /* Comments: amber pins standing on the track, above the other markers. */
  .timeline__marker--comment {
    top: -9px;
    width: 11px;
    height: 11px;
    margin-left: -5.5px;
    border-radius: 50% 50% 50% 0;
    transform: rotate(-45deg);
    background: #f59e0b;
    box-shadow: 0 0 0 1.5px #fff;
    z-index: 2;
  }
  .timeline__marker--comment:hover {
    transform: rotate(-45deg) scale(1.3);
  }
  .timeline__hover {
    position: absolute;
    bottom: 30px;
    transform: translateX(-50%);
    padding: 3px 6px;
    border-radius: 4px;
    background: #1b1f27;
    color: #fff;
    font: 12px/1.2 var(--cb-mono);
    white-space: nowrap;
    pointer-events: none;
  }
`;

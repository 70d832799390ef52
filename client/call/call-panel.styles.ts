/**
 * @module client/call/call-panel.styles
 * The advisor's call box in the live view's side column.
 */
import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .call {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .call__title {
    margin: 0;
    font-size: 13px;
    font-weight: 650;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--cb-text-muted);
  }
  .call__note {
    margin: 0;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .call__videos {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(120px, 1fr));
    gap: 6px;
  }
  .call__tile {
    position: relative;
    aspect-ratio: 16 / 9;
    border-radius: 6px;
    overflow: hidden;
    background: #000;
  }
  .call__tile video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .call__tile--self video {
    transform: scaleX(-1);
  }
  .call__name {
    position: absolute;
    left: 6px;
    bottom: 3px;
    font-size: 12px;
    color: #fff;
    text-shadow: 0 1px 2px #000;
  }
  .call__actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
`;

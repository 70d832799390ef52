import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .jobs__header {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .jobs__queues {
    flex: 1;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .jobs__title {
    margin: 6px 0 8px;
    font-size: 15px;
    font-weight: 650;
  }
  .jobs__error {
    max-width: 360px;
    overflow-wrap: anywhere;
    font-size: 13px;
  }
`;

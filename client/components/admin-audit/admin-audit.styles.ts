import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .audit__when {
    white-space: nowrap;
  }
  .audit__email {
    font-size: 12px;
  }
  .audit__details {
    max-width: 380px;
    overflow-wrap: anywhere;
    font-size: 13px;
  }
  .audit__target code {
    font-size: 12px;
  }
`;

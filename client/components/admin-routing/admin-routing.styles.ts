import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .routing__email {
    font-size: 12px;
  }
`;

import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .enrichers__form {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .enrichers__form .form-row {
    align-items: flex-start;
  }
  .enrichers__form .card__title {
    margin-bottom: 0;
  }
  .enrichers__headers {
    min-height: 36px;
    height: 60px;
    font-family: var(--cb-mono);
    font-size: 13px;
  }
  .enrichers__form .enrichers__submit {
    align-items: center;
  }
  .admin__spacer {
    flex: 1;
  }
  .enrichers__url {
    max-width: 360px;
    overflow-wrap: anywhere;
  }
  code {
    font: 12px/1.4 var(--cb-mono);
  }
`;

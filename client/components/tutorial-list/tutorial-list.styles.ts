import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .tutorials {
    display: flex;
    flex-direction: column;
    gap: 16px;
    max-width: 1100px;
    margin: 0 auto;
    padding: 24px 20px;
  }
  .tutorials__header {
    display: flex;
    align-items: baseline;
    gap: 12px;
  }
  .tutorials__title {
    margin: 0;
    font-size: 22px;
  }
  .tutorials__count {
    color: var(--cb-text-muted);
    font-size: 14px;
  }
  .tutorials__filters {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: flex-end;
  }
  .tutorials__hint {
    margin: 0;
    font-size: 14px;
    color: var(--cb-text-muted);
  }
  .tutorials__name {
    font-weight: 550;
  }
  @media (max-width: 640px) {
    .tutorials {
      padding: 16px 12px;
    }
    .tutorials__filters .label {
      flex: 1 1 140px;
    }
    .tutorials__filters .select {
      width: 100%;
    }
    .table .tutorials__optional {
      display: none;
    }
  }
`;

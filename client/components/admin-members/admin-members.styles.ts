import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .section__title {
    margin: 4px 0 10px;
    font-size: 15px;
    font-weight: 650;
  }
  .invite {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .access {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 16px;
    margin: 0;
    padding: 0;
    border: none;
  }
  .access__sites {
    display: flex;
    flex-wrap: wrap;
    gap: 0 14px;
    flex-basis: 100%;
    padding-left: 4px;
  }
  .invite__link {
    margin-top: 14px;
    padding: 12px;
    border-radius: var(--cb-radius);
    background: var(--cb-accent-soft);
    font-size: 14px;
  }
  .invite__link p {
    margin: 0 0 8px;
  }
  .invite__copy {
    display: flex;
    gap: 8px;
  }
  .invite__copy .input {
    flex: 1;
    min-width: 0;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 13px;
  }
  .member__name {
    font-weight: 500;
  }
  .member__email {
    font-size: 13px;
    overflow-wrap: anywhere;
  }
  .member--inactive td {
    color: var(--cb-text-muted);
  }
  .member__edit {
    margin-left: 6px;
    min-height: 28px;
    padding: 0 8px;
    font-size: 13px;
  }
  .member__sites {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 220px;
  }
  .member__actions,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 6px;
  }
  .confirm__text {
    font-size: 13px;
    white-space: normal;
    max-width: 260px;
    text-align: right;
  }
  .btn--danger {
    background: var(--cb-danger);
    border-color: var(--cb-danger);
    color: #fff;
  }
  .table select {
    min-width: 120px;
  }
  .badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
  }
  .badge--ok {
    background: #e6f6ee;
    color: #0b7a50;
  }
  .badge--failed {
    background: #fdecec;
    color: #b42318;
  }

  /* Phones: each row a small card (label-less cells stack), no sideways scrolling. */
  @media (max-width: 640px) {
    .table thead {
      display: none;
    }
    .table,
    .table tbody,
    .table tr,
    .table td {
      display: block;
      width: auto;
    }
    .table tr {
      padding: 8px 0;
      border-bottom: 1px solid #eef0f3;
    }
    .table tr:last-child {
      border-bottom: none;
    }
    .table td {
      padding: 4px 12px;
      border-bottom: none;
    }
    .table .panel__row-actions {
      text-align: left;
    }
    .member__actions,
    .confirm {
      justify-content: flex-start;
    }
    .confirm__text {
      text-align: left;
    }
    .invite__copy {
      flex-wrap: wrap;
    }
  }
`;

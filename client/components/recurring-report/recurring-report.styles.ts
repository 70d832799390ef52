import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .recurring {
    display: flex;
    flex-direction: column;
    gap: 14px;
    max-width: 1100px;
    margin: 0 auto;
    padding: 24px 20px;
  }
  .recurring__header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px 16px;
  }
  .recurring__title {
    margin: 0;
    font-size: 22px;
    flex: 1 1 auto;
  }
  .recurring__status,
  .recurring__hint {
    margin: 0;
    font-size: 14px;
    color: var(--cb-text-muted);
  }
  .recurring__groups {
    display: flex;
    flex-direction: column;
    gap: 12px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .recurring__group {
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .recurring__head {
    display: flex;
    align-items: baseline;
    gap: 12px;
  }
  .recurring__label {
    flex: 1 1 auto;
    min-width: 0;
    margin: 0;
    font-size: 16px;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .recurring__count {
    flex: none;
    font-size: 14px;
    font-weight: 600;
    color: var(--cb-accent);
  }
  .recurring__words {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0;
  }
  .recurring__word {
    padding: 2px 8px;
    border-radius: 999px;
    background: var(--cb-accent-soft);
    color: var(--cb-accent-hover);
    font-size: 12px;
  }
  .recurring__facts {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px 28px;
  }
  .bars {
    display: flex;
    align-items: flex-end;
    gap: 3px;
    height: 44px;
    padding-bottom: 2px;
    border-bottom: 1px solid var(--cb-border);
  }
  .bars__week {
    display: flex;
    align-items: flex-end;
    width: 14px;
    height: 100%;
  }
  .bars__bar {
    width: 100%;
    min-height: 3px;
    border-radius: 2px 2px 0 0;
    background: var(--cb-accent);
  }
  .bars__bar--none {
    background: var(--cb-border);
  }
  .recurring__numbers {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 28px;
    margin: 0;
  }
  .recurring__numbers dt {
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  .recurring__numbers dd {
    margin: 2px 0 0;
    font-size: 18px;
    font-weight: 600;
  }
  .recurring__tutorial {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
  }
  .recurring__covered {
    text-decoration: none;
  }
  .recurring__covered:hover {
    text-decoration: underline;
  }
  .recurring__cases {
    margin: 0;
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  @media (max-width: 640px) {
    .recurring {
      padding: 16px 12px;
    }
    .recurring__make {
      width: 100%;
    }
  }
`;

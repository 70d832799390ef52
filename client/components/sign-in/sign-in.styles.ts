import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .sign-in {
    min-height: 100vh;
    display: grid;
    place-items: center;
    background: var(--cb-bg);
    padding: 24px;
    box-sizing: border-box;
  }
  .sign-in__card {
    width: min(380px, 100%);
    box-sizing: border-box;
    padding: 32px;
    background: var(--cb-surface);
    border: 1px solid var(--cb-border);
    border-radius: 12px;
    box-shadow: var(--cb-shadow);
    display: flex;
    flex-direction: column;
    gap: 18px;
  }
  .sign-in__brand {
    display: flex;
    align-items: center;
    gap: 10px;
    font-weight: 650;
    font-size: 15px;
    color: var(--cb-text-muted);
  }
  .sign-in__logo {
    width: 28px;
    height: 28px;
    border-radius: 8px;
    background: var(--cb-accent);
    display: grid;
    place-items: center;
    color: #fff;
    font-size: 15px;
  }
  .sign-in__title {
    margin: 0;
    font-size: 22px;
    font-weight: 650;
  }
  .sign-in__form {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .sign-in__form .input {
    width: 100%;
  }
  .sign-in__submit {
    margin-top: 6px;
    min-height: 40px;
  }
  .sign-in__forgot {
    align-self: center;
    padding: 4px 6px;
    border: 0;
    border-radius: 6px;
    background: none;
    color: var(--cb-accent);
    font: 500 13px var(--cb-font);
    cursor: pointer;
  }
  .sign-in__forgot:hover {
    text-decoration: underline;
  }
  .sign-in__forgot:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
`;

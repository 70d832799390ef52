import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .app {
    min-height: 100vh;
    display: flex;
    flex-direction: column;
    background: var(--cb-bg);
  }
  .app--player {
    height: 100vh;
  }
  .app__bar {
    display: flex;
    align-items: center;
    gap: 16px;
    height: 56px;
    padding: 0 24px;
    background: var(--cb-surface);
    border-bottom: 1px solid var(--cb-border);
    flex: none;
  }
  .app__brand {
    display: flex;
    align-items: center;
    gap: 10px;
    color: var(--cb-text);
    text-decoration: none;
    font-weight: 650;
    font-size: 15px;
    border-radius: 6px;
  }
  .app__brand:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
  .app__logo {
    width: 26px;
    height: 26px;
    border-radius: 7px;
    background: var(--cb-accent);
    display: grid;
    place-items: center;
    color: #fff;
    font-size: 13px;
  }
  .app__nav {
    display: flex;
    gap: 4px;
  }
  .app__link {
    padding: 6px 10px;
    border-radius: 6px;
    color: var(--cb-text-muted);
    text-decoration: none;
    font-size: 14px;
    font-weight: 500;
    white-space: nowrap;
  }
  .app__bar .btn {
    white-space: nowrap;
  }
  .app__link:hover {
    background: #f0f2f5;
  }
  .app__link[aria-current='page'] {
    color: var(--cb-accent);
    background: var(--cb-accent-soft);
  }
  .app__link:focus-visible {
    outline: none;
    box-shadow: var(--cb-focus);
  }
  .app__spacer {
    flex: 1;
  }
  .app__search {
    width: clamp(160px, 18vw, 300px);
  }
  .app__who {
    font-size: 13px;
    color: var(--cb-text-muted);
  }
  .app__main {
    flex: 1;
    min-height: 0;
    padding: 20px 24px 24px;
    box-sizing: border-box;
    width: 100%;
    max-width: 1600px;
    margin: 0 auto;
  }
  .app--player .app__main {
    max-width: none;
  }
  .app__main cobrowse-session-player,
  .app__main cobrowse-live-view {
    height: 100%;
  }

  /* Below the width the whole bar needs: it wraps, its links on a row of their own (scrolling sideways inside it, never the page). */
  @media (max-width: 1180px) {
    .app__bar {
      flex-wrap: wrap;
      height: auto;
      padding: 8px 12px;
      gap: 8px 12px;
    }
    .app__nav {
      order: 3;
      flex: 1 0 100%;
      overflow-x: auto;
    }
  }

  /* Narrow screens: the search box gets a row too, the page scrolls down. */
  @media (max-width: 900px) {
    .app--player {
      height: auto;
      min-height: 100vh;
    }
    .app__search {
      order: 2;
      flex: 1 0 100%;
      width: auto;
    }
    .app__main {
      padding: 12px;
    }
    /* The name is on the Account page; the bar keeps Account and Sign out on one line. */
    .app__who {
      display: none;
    }
  }
`;

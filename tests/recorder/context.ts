/**
 * One Chromium, one ingest stub and one page server per test file.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { startIngestStub, type IngestStub } from './ingest-stub.ts';
import { startPageServer, type PageServer, type PageServerOptions } from './page-server.ts';
import { waitFor } from './rrweb-events.ts';

export interface RecorderTestContext {
  browser: Browser;
  stub: IngestStub;
  pages: PageServer;
  close(): Promise<void>;
}

export async function startRecorderTestContext(pageOptions: PageServerOptions = {}): Promise<RecorderTestContext> {
  const [browser, stub] = await Promise.all([launchChromium(), startIngestStub()]);
  const pages = await startPageServer(pageOptions);
  return {
    browser,
    stub,
    pages,
    async close() {
      await browser.close();
      await Promise.all([stub.close(), pages.close()]);
    },
  };
}

/** A fresh browser context (own storage) with console errors collected. */
export async function newTab(browser: Browser): Promise<{ context: BrowserContext; page: Page; logs: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  return { context, page, logs };
}

/** The session id the element announced (waits for `cobrowse-session`). */
export async function sessionIdOf(page: Page): Promise<string> {
  return waitFor('the cobrowse-session event', async () => {
    const ids = await page.evaluate(() => (window as any).cobrowseEvents as string[]);
    return ids.at(-1);
  });
}

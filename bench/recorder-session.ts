/**
 * @module bench/recorder-session
 * The session id the real recorder on a bench page reports, once it has one
 * (the byte benchmarks read that session's stored chunks).
 */
import type { Page } from 'playwright-core';

export async function sessionOf(page: Page): Promise<string> {
  const recorder = page.locator('cobrowse-recorder');
  for (let i = 0; i < 100; i++) {
    const id = await recorder.evaluate((el: any) => el.sessionId ?? null);
    if (id) return id;
    await page.waitForTimeout(50);
  }
  throw new Error('the recorder never reported a session');
}

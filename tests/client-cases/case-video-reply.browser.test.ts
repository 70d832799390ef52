/**
 * A video reply from the case view, in Chromium with a fake camera: the
 * advisor records in the composer's "Video reply" tab, sends, and the case
 * gets a `video_reply` message with the reply attached (played inline in
 * the thread); the customer's link lists it and serves its video.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CustomerCaseView } from '../../server/protocol/cases.ts';
import { createCase, json } from '../cases/case-helpers.ts';
import { startVideoTestContext, type VideoTestContext } from '../video/video-context.ts';

const REPLIES = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-case-view').shadowRoot
  .querySelector('cobrowse-case-composer').shadowRoot.querySelector('cobrowse-video-replies')`;

describe('video reply from a case', () => {
  let ctx: VideoTestContext;
  let page: Page;

  beforeAll(async () => {
    ctx = await startVideoTestContext();
    page = (await ctx.advisor()).page;
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('records, sends and shows the reply in the thread and on the customer link', async () => {
    const { t } = ctx;
    const created = await createCase(t, { question: 'How do I change my address?', language: 'en' });
    await page.goto(`${t.url}/app/cases/${created.caseId}`);
    await page.getByRole('tab', { name: 'Video reply' }).click();
    await expect.poll(() => page.evaluate(`!!${REPLIES}`), { timeout: 20_000 }).toBe(true);
    const phase = () => page.evaluate(`${REPLIES}.phase`);

    await page.evaluate(`${REPLIES}.countdown = 1`);
    await page.getByRole('button', { name: 'Record a video reply' }).click();
    await expect.poll(phase, { timeout: 20_000 }).toBe('recording');
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(phase, { timeout: 20_000 }).toBe('preview');
    await page.getByLabel('Reply title').fill('Changing your address');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    // The thread gets the reply, playable.
    const message = page.locator('[data-kind="video_reply"]');
    await message.waitFor({ timeout: 30_000 });
    await expect(message.textContent()).resolves.toContain('Changing your address');
    await message.locator('video').waitFor();
    const detail = await json<CaseDetail>(t.api(`/api/cases/${created.caseId}`));
    expect(detail.status).toBe('waiting_on_customer');
    const attachment = detail.thread[0]!.attachments[0]!;
    expect(attachment).toMatchObject({ type: 'media', sessionId: detail.sessionId });

    // The customer sees it through the case link, and can load its video.
    const view = await json<CustomerCaseView>(fetch(`${t.url}/c/${created.linkToken}/api`));
    expect(view.thread).toEqual([expect.objectContaining({ kind: 'video_reply', body: 'Changing your address', attachments: [attachment] })]);
    if (attachment.type !== 'media') throw new Error('not a media attachment');
    const video = await fetch(`${t.url}/c/${created.linkToken}/api/media/${attachment.sessionId}/${attachment.trackId}`);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toMatch(/^video\/webm/);
    expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});

/**
 * A video reply from the case view, in Chromium with a fake camera: the
 * advisor records in the composer's "Video reply" tab, sends, and the case
 * gets a `video_reply` message with the reply attached (played inline in
 * the thread); the customer's link lists it and serves its video, which
 * knows its length and seeks before playing in the thread and on the
 * customer's page (`/c/`). A reply
 * playing in the thread keeps playing while the case view refreshes, even
 * when the server hands out a new signed URL for it.
 */
import type { ElementHandle, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEDIA_URL_BUCKET_MS } from '../../server/media-api/media-url.ts';
import type { ReplyList } from '../../protocol/media.ts';
import type { CaseDetail, CustomerCaseView } from '../../protocol/cases.ts';
import { createCase, json } from '../cases/case-helpers.ts';
import { expectSeekableBeforePlay, seekBeforePlay, startVideoTestContext, type VideoTestContext } from '../video/video-context.ts';

const VIEW = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-case-view')`;
const REPLIES = `${VIEW}.shadowRoot.querySelector('cobrowse-case-composer').shadowRoot.querySelector('cobrowse-video-replies')`;
const THREAD_VIDEO = `${VIEW}.shadowRoot.querySelector('cobrowse-case-thread').shadowRoot.querySelector('video')`;

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
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Opens the case, records a reply of about `ms` in the composer, sends it. */
  async function recordReply(caseId: string, ms: number, title: string) {
    await page.goto(`${ctx.t.url}/app/cases/${caseId}`);
    await page.getByRole('tab', { name: 'Video reply' }).click();
    await expect.poll(() => page.evaluate(`!!${REPLIES}`), { timeout: 20_000 }).toBe(true);
    const phase = () => page.evaluate(`${REPLIES}.phase`);
    await page.evaluate(`${REPLIES}.countdown = 1`);
    await page.getByRole('button', { name: 'Record a video reply' }).click();
    await expect.poll(phase, { timeout: 20_000 }).toBe('recording');
    await page.waitForTimeout(ms);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(phase, { timeout: 20_000 }).toBe('preview');
    await page.getByLabel('Reply title').fill(title);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
  }

  it('records, sends and shows the reply in the thread and on the customer link', async () => {
    const { t } = ctx;
    const created = await createCase(t, { question: 'How do I change my address?', language: 'en' });
    await recordReply(created.caseId, 2500, 'Changing your address');

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
    expect(view.thread).toEqual([
      expect.objectContaining({ kind: 'video_reply', body: 'Changing your address', attachments: [attachment] }),
    ]);
    if (attachment.type !== 'media') throw new Error('not a media attachment');
    const video = await fetch(`${t.url}/c/${created.linkToken}/api/media/${attachment.sessionId}/${attachment.trackId}`);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toMatch(/^video\/webm/);
    expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    // Before anyone plays it, the advisor's inline player and the customer's
    // page both know the reply's length and seek in it.
    const reply = (await json<ReplyList>(t.api(`/api/sessions/${detail.sessionId}/replies`))).replies[0]!;
    const inline = await page.evaluateHandle<HTMLVideoElement>(THREAD_VIDEO);
    expectSeekableBeforePlay(await seekBeforePlay(inline), reply.durationMs / 1000);
    const customer = await ctx.browser.newContext();
    const cpage = await customer.newPage();
    await cpage.goto(`${t.url}/c/${created.linkToken}`);
    const customerVideo = (await cpage.waitForSelector('.attachment--media video')) as ElementHandle<HTMLVideoElement>;
    expectSeekableBeforePlay(await seekBeforePlay(customerVideo), reply.durationMs / 1000);
    await customer.close();
  });

  it('keeps a playing reply playing across refreshes, even when the server signs a new URL', async () => {
    const { t } = ctx;
    const created = await createCase(t, { question: 'Where is my parcel?', language: 'en' });
    await recordReply(created.caseId, 6000, 'Tracking your parcel');
    await page.locator('[data-kind="video_reply"] video').waitFor({ timeout: 30_000 });
    const detail = await json<CaseDetail>(t.api(`/api/cases/${created.caseId}`));

    // Start it (muted: playing needs no user gesture then) and let it run a little.
    await page.evaluate(`(async () => { const v = ${THREAD_VIDEO}; v.muted = true; await v.play(); })()`);
    const state = () =>
      page.evaluate<{ time: number; paused: boolean; src: string }>(
        `(() => { const v = ${THREAD_VIDEO}; return { time: v.currentTime, paused: v.paused, src: v.currentSrc }; })()`,
      );
    await expect.poll(async () => (await state()).time, { timeout: 10_000 }).toBeGreaterThan(0.3);
    const first = await state();
    expect(first.paused).toBe(false);

    // Each refresh happens one URL bucket later (the server's clock, in this
    // process, is moved on), so the reply list really carries a new URL: the
    // page must keep the one it plays, which is still valid.
    const realNow = Date.now.bind(Date);
    const replyUrl = async () => (await json<ReplyList>(t.api(`/api/sessions/${detail.sessionId}/replies`))).replies[0]!.url;
    let prev = first;
    let prevUrl = await replyUrl();
    for (let k = 1; k <= 3; k++) {
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() + k * MEDIA_URL_BUCKET_MS);
      const url = await replyUrl();
      expect(url).not.toBe(prevUrl);
      prevUrl = url;
      const loaded = page.waitForResponse((r) => r.url().includes(`/api/sessions/${detail.sessionId}/replies`));
      await page.evaluate(`${VIEW}.refresh()`);
      await loaded;
      await page.waitForTimeout(400);
      const now = await state();
      expect(now.src, `refresh ${k}`).toBe(first.src);
      expect(now.paused, `refresh ${k}`).toBe(false);
      expect(now.time, `refresh ${k}`).toBeGreaterThan(prev.time);
      prev = now;
    }
  });
});

/**
 * The customer's page behind a case link, in real Chromium (a fresh context:
 * nothing of the site, a phone-sized screen) against the real server: the
 * question, the advisor's answers (text, a video reply that plays, a
 * tutorial link; never an internal note), the video knowing its length and
 * seeking before it plays, a reply the advisor API then
 * sees, and "Continue live". A link opens only its own case (page, API,
 * videos); unknown, expired and revoked links get a clear page with 404 /
 * 410 and none of the case's text. The link API answers CORS only for the
 * site's own origins.
 */
import { mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, ElementHandle, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { caseLinks } from '../../db/schema.ts';
import type { CaseCreated, CaseDetail, CaseLinkCreated, CaseMessage } from '../../protocol/cases.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { frameHue, HUE_PER_SECOND, hueAt, hueDistance, recordWebm } from '../helpers/record-webm.ts';
import { TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { expectSeekableBeforePlay, seekBeforePlay } from '../video/video-context.ts';
import { createCase, json, startCaseServer } from './case-helpers.ts';

const ARTIFACTS = 'tests/.artifacts/cases';

describe.each(testDrivers)('the customer case page on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let mine: CaseCreated;
  let other: CaseCreated;
  let replyId: string;
  let otherReplyId: string;
  let replyMs: number;

  const advisorSays = (caseId: string, body: unknown) =>
    json<CaseMessage>(t.api(`/api/cases/${caseId}/messages`, { method: 'POST', body: JSON.stringify(body) }), 201);
  const detailOf = (caseId: string) => json<CaseDetail>(t.api(`/api/cases/${caseId}`));

  /** Records a few seconds of real WebM (a canvas whose colour follows the clock) and uploads it as a video reply on the case's session. */
  async function uploadReply(page: Page, sessionId: string, id: string) {
    const webm = await recordWebm(page, { ms: 2600, timesliceMs: 500 });
    const base = `/api/sessions/${sessionId}/replies/${id}`;
    await json(
      t.api(base, {
        method: 'PUT',
        body: JSON.stringify({ mimeType: webm.mimeType, startedAt: Date.now(), title: 'How to apply a code' }),
      }),
      201,
    );
    for (const [seq, chunk] of webm.chunks.entries()) {
      const res = await t.api(`${base}/chunks/${seq}?startMs=${chunk.startMs}&durationMs=${chunk.durationMs}`, {
        method: 'PUT',
        headers: { 'content-type': webm.mimeType },
        body: chunk.bytes,
      });
      expect(res.status).toBe(201);
    }
    return webm;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startCaseServer(database);
    browser = await launchChromium();
    const firstUrl = `${TEST_ORIGIN}/checkout?step=2`;
    mine = await createCase(t, {
      sessionId: await t.startSession({ url: firstUrl }),
      question: 'My discount code GARDEN-42 is refused at checkout',
    });
    other = await createCase(t, { question: 'Other customer: my parcel to Utrecht never arrived' });

    const scratch = await browser.newPage();
    await scratch.goto(`${t.url}/healthz`);
    const [mineDetail, otherDetail] = [await detailOf(mine.caseId), await detailOf(other.caseId)];
    replyId = 'reply-mine';
    otherReplyId = 'reply-other';
    replyMs = (await uploadReply(scratch, mineDetail.sessionId!, replyId)).durationMs;
    await uploadReply(scratch, otherDetail.sessionId!, otherReplyId);
    await scratch.close();

    await advisorSays(mine.caseId, { kind: 'internal_note', body: 'SECRET NOTE: customer is on the fraud watchlist' });
    await advisorSays(mine.caseId, { body: 'Sorry about that! Codes only work on full-price items. See https://shop.test/help/codes.' });
    await advisorSays(mine.caseId, {
      kind: 'video_reply',
      body: 'Here is a short video showing where to enter the code.',
      attachments: [{ type: 'media', sessionId: mineDetail.sessionId, trackId: replyId }],
    });
    await advisorSays(mine.caseId, {
      kind: 'tutorial_link',
      body: 'And a tutorial, in case you need it again.',
      attachments: [{ type: 'link', url: 'https://shop.test/tutorials/discounts', title: 'Using discount codes' }],
    });
    await advisorSays(other.caseId, {
      kind: 'video_reply',
      body: 'Other customer answer: the parcel is at the depot',
      attachments: [{ type: 'media', sessionId: otherDetail.sessionId, trackId: otherReplyId }],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('shows the question and the answers, plays the video reply, and sends a reply the advisor sees', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    const res = await page.goto(mine.link);
    expect(res!.status()).toBe(200);
    const headers = res!.headers();
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-robots-tag']).toContain('noindex');
    expect(headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'nonce-[^']+'/);

    await page.getByRole('heading', { name: 'Your question' }).waitFor();
    await page.getByText('My discount code GARDEN-42 is refused at checkout').waitFor();
    await page.getByText('Answered', { exact: true }).waitFor();
    await page.getByText('Codes only work on full-price items').waitFor();
    expect(await page.getByRole('link', { name: 'https://shop.test/help/codes' }).getAttribute('rel')).toContain('noreferrer');
    const tutorial = page.getByRole('link', { name: /Using discount codes/ });
    expect(await tutorial.getAttribute('href')).toBe('https://shop.test/tutorials/discounts');
    expect(await page.content()).not.toContain('SECRET NOTE');
    expect(await page.content()).not.toContain('Other customer');

    // The video reply plays from the link (ranged WebM through /c/:token/api/media/…).
    const video = page.getByLabel('Video reply');
    const width = await video.evaluate(async (v: HTMLVideoElement) => {
      if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
      return v.videoWidth;
    });
    expect(width).toBe(320);
    // Before it is played it knows its length, and a seek lands on the frame of the target time.
    const handle = (await video.elementHandle()) as ElementHandle<HTMLVideoElement>;
    const landed = await seekBeforePlay(handle);
    expectSeekableBeforePlay(landed, replyMs / 1000);
    expect(landed.duration).toBeCloseTo(replyMs / 1000, 2);
    expect(hueDistance(await frameHue(handle), hueAt(landed.target))).toBeLessThan(0.4 * HUE_PER_SECOND);
    await page.screenshot({ path: `${ARTIFACTS}/case-page-phone.png`, fullPage: true, caret: 'initial' });

    await page.getByLabel('Your message').fill('Thanks! It was a sale item. Can I use it next time?');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Sent. An advisor will answer here.').waitFor();
    // The conversation refreshed in place: the reply is there, the status too.
    await page.locator('.msg--customer').getByText('Can I use it next time?').waitFor();
    await page.getByText('An advisor is on it').waitFor();
    const detail = await detailOf(mine.caseId);
    expect(detail.thread.at(-1)).toMatchObject({ from: 'customer', body: 'Thanks! It was a sale item. Can I use it next time?' });
    expect(detail.status).toBe('open');

    // Continue live: the case's advisor (the admin, who answered, just now on the API) is online; the page says where to go.
    await page.getByRole('button', { name: 'Continue live' }).click();
    await page.getByText('Your advisor is online now.').waitFor();
    expect(await page.getByRole('link', { name: 'the site' }).getAttribute('href')).toBe(TEST_ORIGIN);
    expect((await detailOf(mine.caseId)).liveRequestedAt).not.toBeNull();
    await page.screenshot({ path: `${ARTIFACTS}/case-page-phone-after-reply.png`, fullPage: true, caret: 'initial' });

    const wide = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const desk = await wide.newPage();
    await desk.goto(mine.link);
    await desk.getByText('Can I use it next time?').waitFor();
    await desk.screenshot({ path: `${ARTIFACTS}/case-page-desktop.png`, fullPage: true, caret: 'initial' });
    await wide.close();
    await context.close();
    expect(errors).toEqual([]);
  });

  it('a link opens only its own case: page, API and videos', async () => {
    const page = await (await fetch(mine.link)).text();
    expect(page).toContain('GARDEN-42');
    expect(page).not.toContain('Utrecht');
    expect(page).not.toContain(other.caseId);
    const api = await (await fetch(`${mine.link}/api`)).text();
    expect(api).not.toContain('Utrecht');

    const otherSession = (await detailOf(other.caseId)).sessionId!;
    const mineSession = (await detailOf(mine.caseId)).sessionId!;
    // Its own video plays, with Range…
    const own = await fetch(`${mine.link}/api/media/${mineSession}/${replyId}`, { headers: { range: 'bytes=0-99' } });
    expect(own.status).toBe(206);
    expect(own.headers.get('content-type')).toContain('video/webm');
    // …the other case's video does not, nor does an unattached track of its own session.
    expect((await fetch(`${mine.link}/api/media/${otherSession}/${otherReplyId}`)).status).toBe(404);
    expect((await fetch(`${other.link}/api/media/${otherSession}/${otherReplyId}`)).status).toBe(200);
    expect((await fetch(`${mine.link}/api/media/${mineSession}/not-attached`)).status).toBe(404);
    // Another case's id in place of the token opens nothing.
    expect((await fetch(`${t.url}/c/${other.caseId}`)).status).toBe(404);
  });

  it('unknown, expired and revoked links get a clear page with 404 / 410 and none of the case', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 700 } });
    const page = await context.newPage();
    const expectPage = async (url: string, status: number, title: string) => {
      const res = await page.goto(url);
      expect(res!.status()).toBe(status);
      expect(res!.headers()['content-type']).toContain('text/html');
      expect(res!.headers()['cache-control']).toBe('no-store');
      await page.getByRole('heading', { name: title }).waitFor();
      const html = await page.content();
      for (const secret of ['GARDEN-42', 'Utrecht', 'full-price', mine.caseId, other.caseId]) expect(html).not.toContain(secret);
      expect(await page.locator('textarea, video, form').count()).toBe(0);
    };

    await expectPage(`${t.url}/c/${'x'.repeat(43)}`, 404, 'This link does not work');
    await expectPage(`${t.url}/c/short`, 404, 'This link does not work');

    const fresh = await json<CaseLinkCreated>(t.api(`/api/cases/${mine.caseId}/links`, { method: 'POST', body: '{}' }), 201);
    expect((await fetch(fresh.link)).status).toBe(200);
    await json(t.api(`/api/cases/${mine.caseId}/links/${fresh.id}`, { method: 'DELETE' }));
    await expectPage(fresh.link, 410, 'This link was turned off');
    await page.screenshot({ path: `${ARTIFACTS}/case-link-revoked.png`, caret: 'initial' });
    // Revoked means everything behind it: the API and the videos too.
    expect((await fetch(`${fresh.link}/api`)).status).toBe(410);
    const mineSession = (await detailOf(mine.caseId)).sessionId!;
    expect((await fetch(`${fresh.link}/api/media/${mineSession}/${replyId}`)).status).toBe(410);

    await database.db
      .update(caseLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(caseLinks.caseId, other.caseId));
    await expectPage(other.link, 410, 'This link has expired');
    // The first link of the first case still works.
    expect((await fetch(mine.link)).status).toBe(200);
    await context.close();
  });

  it("answers CORS on the link API for the site's origins only", async () => {
    const preflight = (origin: string) =>
      fetch(`${mine.link}/api/messages`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const ok = await preflight(TEST_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect((await preflight('https://evil.test')).status).toBe(403);

    const fromSite = await fetch(`${mine.link}/api`, { headers: { origin: TEST_ORIGIN } });
    expect(fromSite.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const fromElsewhere = await fetch(`${mine.link}/api`, { headers: { origin: 'https://evil.test' } });
    expect(fromElsewhere.status).toBe(200);
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // A refusal is readable by the site (the recorder forgets the link).
    const gone = await fetch(`${other.link}/api`, { headers: { origin: TEST_ORIGIN } });
    expect(gone.status).toBe(410);
    expect(gone.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });
});

/**
 * Advisor video replies end to end: the advisor records a camera message in
 * the session's page (countdown, stop, preview, send), it is stored with the
 * session, and the customer plays it through the customer link in a fresh
 * context that has nothing else of the session: the page names the site
 * and the advisor in the customer's language (German, English) and dates in
 * the customer's format; the preview and the customer's video know their
 * length and seek before playing; revoking the link closes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyList } from '../../protocol/media.ts';
import type { ElementHandle } from 'playwright-core';
import { expectSeekableBeforePlay, probeVideo, seekBeforePlay, startVideoTestContext, type VideoTestContext } from './video-context.ts';

const REPLIES = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player').shadowRoot.querySelector('cobrowse-video-replies')`;

describe('advisor video replies', () => {
  let ctx: VideoTestContext;

  beforeAll(async () => {
    ctx = await startVideoTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('records, previews, sends, and plays for the customer through a revocable link', async () => {
    const { t } = ctx;
    await t.database.db.execute(`update advisors set name = 'Anna Berger' where email = '${t.admin.email}'` as never);
    const sessionId = await t.startSession({ siteKey: t.site.siteKey });
    const { page } = await ctx.advisor();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${t.url}/app/sessions/${sessionId}`);
    await expect.poll(() => page.evaluate(`!!${REPLIES}`), { timeout: 30_000 }).toBe(true);
    const phase = () => page.evaluate(`${REPLIES}.phase`);
    const click = (action: string) => page.evaluate(`${REPLIES}.shadowRoot.querySelector('[data-action="${action}"]').click()`);

    await page.evaluate(`${REPLIES}.countdown = 1`);
    await click('record');
    await expect.poll(phase, { timeout: 20_000 }).toBe('recording');
    await page.waitForTimeout(3000);
    await click('stop');
    await expect.poll(phase, { timeout: 20_000 }).toBe('preview');
    const preview = await page.evaluate(`(async () => {
      const v = ${REPLIES}.shadowRoot.querySelector('.replies__preview');
      if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
      return { width: v.videoWidth };
    })()`);
    expect((preview as { width: number }).width).toBeGreaterThan(0);
    // The preview (a local blob) knows its length and seeks before it plays.
    const previewVideo = await page.evaluateHandle<HTMLVideoElement>(`${REPLIES}.shadowRoot.querySelector('.replies__preview')`);
    expectSeekableBeforePlay(await seekBeforePlay(previewVideo), 3);

    // Re-record once, then send the second take.
    await click('rerecord');
    await expect.poll(phase, { timeout: 20_000 }).toBe('recording');
    await page.waitForTimeout(2500);
    await click('stop');
    await expect.poll(phase, { timeout: 20_000 }).toBe('preview');
    await page.evaluate(`${REPLIES}.title = 'How to finish your order'`);
    await click('send');
    await expect.poll(phase, { timeout: 30_000 }).toBe('idle');
    expect(await page.evaluate(`${REPLIES}.error`), logs.join('\n')).toBe('');

    const list = (await (await t.api(`/api/sessions/${sessionId}/replies`)).json()) as ReplyList;
    expect(list.replies).toHaveLength(1);
    const reply = list.replies[0]!;
    expect(reply.sentAt).not.toBeNull();
    expect(reply.title).toBe('How to finish your order');
    expect(reply.durationMs).toBeGreaterThan(1500);
    // Replies are not recorded session video: the player's picture-in-picture ignores them.
    await expect.poll(() => page.evaluate(`${REPLIES}.replies.length`)).toBe(1);

    await click('link');
    await expect.poll(() => page.evaluate(`${REPLIES}.customerUrl`), { timeout: 10_000 }).toMatch(/\/s\/[A-Za-z0-9_-]+$/);
    const customerUrl = await page.evaluate<string>(`${REPLIES}.customerUrl`);
    await page.close();

    // The customer: a fresh context, no advisor token, only the link, in German.
    const customer = await ctx.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const cpage = await customer.newPage();
    const res = await cpage.goto(customerUrl);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    await expect.poll(() => cpage.locator('article video').count(), { timeout: 20_000 }).toBe(1);
    const text = await cpage.locator('body').innerText();
    expect(await cpage.locator('html').getAttribute('lang')).toBe('de');
    expect(await cpage.locator('h1').innerText()).toBe(`Videoantworten von ${t.site.name}`);
    expect(text).toContain(`Anna Berger vom Support-Team von ${t.site.name} hat diese Videos für Sie aufgenommen.`);
    expect(text).toContain('How to finish your order');
    expect(text).not.toContain(sessionId);
    // The date in the customer's format: day.month.year, hours and minutes, no seconds.
    const sentAt = new Date(reply.sentAt!);
    const meta = await cpage.locator('article .meta').innerText();
    expect(meta).toBe(
      `Anna Berger · ${new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(sentAt)}`,
    );
    expect(meta).toMatch(/ · \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
    // The customer's video knows its length and seeks before it is played.
    const customerVideo = (await cpage.$('article video')) as ElementHandle<HTMLVideoElement>;
    expectSeekableBeforePlay(await seekBeforePlay(customerVideo), reply.durationMs / 1000);
    const src = await cpage.locator('article video').getAttribute('src');
    const played = await probeVideo(cpage, src!);
    expect(played.width).toBeGreaterThan(0);
    expect(played.duration).toBeCloseTo(reply.durationMs / 1000, 2);

    // In English (US) the same page says the same in English, with a US date.
    const english = await ctx.browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
    const epage = await english.newPage();
    await epage.goto(customerUrl);
    await expect.poll(() => epage.locator('article .meta').count(), { timeout: 20_000 }).toBe(1);
    expect(await epage.locator('html').getAttribute('lang')).toBe('en');
    expect(await epage.locator('h1').innerText()).toBe(`Video replies from ${t.site.name}`);
    expect(await epage.locator('body').innerText()).toContain(
      `Anna Berger from the ${t.site.name} support team recorded these videos for you.`,
    );
    const usDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/New_York' }).format(
      sentAt,
    );
    expect(await epage.locator('article .meta').innerText()).toBe(`Anna Berger · ${usDate}`);
    expect(usDate).not.toMatch(/\d:\d{2}:\d{2}/);
    await english.close();

    // Nothing but the replies: the advisor API refuses the customer.
    const token = new URL(customerUrl).pathname.split('/').at(-1)!;
    expect((await fetch(`${t.url}/api/sessions/${sessionId}`)).status).toBe(401);
    expect((await fetch(`${t.url}/s/not-a-real-token-at-all/replies`)).status).toBe(404);

    // Revoked: the link and its media stop working.
    const links = (await (await t.api(`/api/sessions/${sessionId}/reply-links`)).json()) as { links: { id: string }[] };
    expect((await t.api(`/api/sessions/${sessionId}/reply-links/${links.links[0]!.id}`, { method: 'DELETE' })).status).toBe(200);
    const gone = await fetch(`${t.url}/s/${token}/replies`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('link_revoked');
    expect((await fetch(`${t.url}/s/${token}/replies/${reply.replyId}`)).status).toBe(410);
    await customer.close();
  });

  it('expires links and refuses a reply sent before all its chunks are stored', async () => {
    const { t } = ctx;
    const sessionId = await t.startSession({ siteKey: t.site.siteKey });
    const put = await t.api(`/api/sessions/${sessionId}/replies/r1`, {
      method: 'PUT',
      body: JSON.stringify({ mimeType: 'video/webm;codecs=vp8', startedAt: Date.now() }),
    });
    expect(put.status).toBe(201);
    const send = await t.api(`/api/sessions/${sessionId}/replies/r1/send`, { method: 'POST', body: JSON.stringify({ chunks: 2 }) });
    expect(send.status).toBe(409);
    const link = await t.api(`/api/sessions/${sessionId}/reply-links`, { method: 'POST', body: JSON.stringify({ ttlMs: 60_000 }) });
    const created = (await link.json()) as { token: string };
    // Drafts are never shown to the customer.
    const view = (await (await fetch(`${t.url}/s/${created.token}/replies`)).json()) as { replies: unknown[] };
    expect(view.replies).toEqual([]);
    await t.database.db.execute(`update reply_links set expires_at = now() - interval '1 minute'`);
    const expired = await fetch(`${t.url}/s/${created.token}`);
    expect(expired.status).toBe(410);
  });
});

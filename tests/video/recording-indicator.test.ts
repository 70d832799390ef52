/**
 * The customer always knows camera and microphone are being recorded: a
 * badge says so in words while they are, with a Stop button that ends the
 * video and leaves the DOM recording running. The badge is the recorder's
 * own UI, so it is never part of the recording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVideoTestContext, type VideoTestContext } from './video-context.ts';

const BADGE = `document.querySelector('cobrowse-recorder').shadowRoot.querySelector('cobrowse-video-indicator').shadowRoot.querySelector('.badge')`;

describe('recording indicator', () => {
  let ctx: VideoTestContext;

  beforeAll(async () => {
    ctx = await startVideoTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('says which devices are recorded while they are, and Stop ends the video only', async () => {
    const { page, logs } = await ctx.customer(true);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${ctx.pages.url}/refuse.html`);
    const badgeText = () => page.evaluate(`${BADGE}?.textContent.replace(/\\s+/g, ' ').trim() ?? null`);
    await expect.poll(badgeText, { timeout: 20_000 }).toBe('Recording your camera and microphone Stop');
    await page.screenshot({ path: 'tests/.artifacts/recording-indicator.png' }).catch(() => {});

    await page.locator('cobrowse-video-indicator').getByRole('button', { name: 'Stop' }).click();
    await expect.poll(badgeText, { timeout: 10_000 }).toBe(null);
    const states = await page.evaluate<string[]>('window.videoStates.map((d) => d.state)');
    expect(states.at(-1), logs.join('\n')).toBe('stopped');
    // The DOM recording goes on.
    expect(await page.evaluate(`document.querySelector('cobrowse-recorder').recording`)).toBe(true);
    await page.evaluate('window.addMarkers(0, 1)');
    const sessionId = (await page.evaluate<string[]>('window.sessions'))[0]!;
    await expect
      .poll(async () => JSON.stringify(await (await ctx.t.api(`/api/sessions/${sessionId}/export`)).text()).includes('marker-0'), {
        timeout: 15_000,
      })
      .toBe(true);
    // Never in the recording.
    expect(await (await ctx.t.api(`/api/sessions/${sessionId}/export`)).text()).not.toContain('Recording your');
  });
});

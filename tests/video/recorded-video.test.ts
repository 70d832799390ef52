/**
 * Recorded camera video in real Chromium (fake camera) against the real
 * server and disk media store: the stored WebM plays with about the recorded
 * length; the advisor's player shows it in sync with the DOM replay; a
 * refused camera leaves the DOM recording alone; a reload (during an upload
 * outage) loses no chunk that was cut.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionDetail } from '../../protocol/api.ts';
import type { MediaTrackInfo, MediaTrackList } from '../../protocol/media.ts';
import { probeVideo, startVideoTestContext, type VideoTestContext } from './video-context.ts';

const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

async function mediaOf(ctx: VideoTestContext, sessionId: string): Promise<MediaTrackInfo[]> {
  const res = await ctx.t.api(`/api/sessions/${sessionId}/media`);
  if (res.status !== 200) return [];
  return ((await res.json()) as MediaTrackList).tracks;
}

/** Every chunk of the track is in the served stream (seqs 0…n-1, no gap). */
function contiguous(track: MediaTrackInfo): boolean {
  return (
    track.chunks.every((c, i) => c.seq === i && c.byteStart !== null) && track.byteSize === track.chunks.reduce((n, c) => n + c.byteSize, 0)
  );
}

async function waitReady(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => (window as any).ready === true), { timeout: 20_000 }).toBe(true);
}

describe('recorded video', () => {
  let ctx: VideoTestContext;

  beforeAll(async () => {
    ctx = await startVideoTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('records camera video beside the DOM, stores a playable WebM, and plays it in sync in the player', async () => {
    const { page, logs } = await ctx.customer(true);
    await page.goto(`${ctx.pages.url}/index.html`);
    await waitReady(page);
    const sessionId = await page.evaluate(() => (window as any).start() as string);
    await expect.poll(() => page.evaluate(() => (window as any).videoStates as string[]), { timeout: 20_000 }).toContain('recording');
    for (let i = 0; i < 6; i++) {
      await page.evaluate((n) => (window as any).addMarkers(n * 3, 3), i);
      await page.waitForTimeout(800);
    }
    await page.evaluate(async () => {
      await (window as any).rec.stop();
      await (window as any).rec.uploaded();
    });

    const tracks = await mediaOf(ctx, sessionId);
    expect(tracks, logs.join('\n')).toHaveLength(1);
    const track = tracks[0]!;
    expect(track.kind).toBe('camera');
    expect(track.mimeType).toMatch(/^video\/webm/);
    expect(track.chunks.length).toBeGreaterThanOrEqual(3);
    expect(contiguous(track)).toBe(true);

    // The stored stream is a playable WebM of about the recorded length.
    const probe = await ctx.browser.newPage();
    await probe.goto(`${ctx.t.url}/healthz`);
    const played = await probeVideo(probe, `${ctx.t.url}${track.url}`);
    await probe.close();
    expect(played.width).toBeGreaterThan(0);
    expect(played.duration).toBeCloseTo(track.durationMs / 1000, 2);
    expect(played.seekableEnd).toBeCloseTo(played.duration, 2);

    // The advisor's player: a picture-in-picture video that follows the replay.
    const detail = (await (await ctx.t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
    const { page: advisor } = await ctx.advisor();
    await advisor.goto(`${ctx.t.url}/app/sessions/${sessionId}`);
    await expect.poll(() => advisor.evaluate(`${PLAYER}?.state`), { timeout: 30_000 }).toBe('paused');
    const pipVideo = `${PLAYER}.shadowRoot.querySelector('cobrowse-video-pip')?.video('camera')`;
    const sync = (): Promise<{
      trackId?: string;
      diff: number;
      seeking: boolean;
      ready: number;
      paused: boolean;
      rate: number;
      duration: number;
      played: number;
    }> =>
      advisor.evaluate(
        ([player, video, first, startedAt]) => {
          const p = eval(player);
          const v = eval(video) as HTMLVideoElement | null;
          if (!v) return { diff: Infinity, seeking: false, ready: 0, paused: true, rate: 0, duration: NaN, played: 0 };
          const expected = (first + p.currentTime - startedAt) / 1000;
          return {
            trackId: v.dataset.trackId,
            diff: Math.abs(v.currentTime - expected),
            seeking: v.seeking,
            ready: v.readyState,
            paused: v.paused,
            rate: v.playbackRate,
            duration: v.duration,
            played: v.played.length,
          };
        },
        [PLAYER, pipVideo, detail.firstEventTs!, track.startedAt] as const,
      );

    for (const into of [2500, 1200, track.durationMs - 800]) {
      const at = track.startedAt + into - detail.firstEventTs!;
      await advisor.evaluate(([player, ms]) => eval(player as string).seek(ms), [PLAYER, at] as const);
      await expect
        .poll(
          async () => {
            const s = await sync();
            return s.trackId === track.trackId && s.ready >= 1 && !s.seeking && s.diff < 0.2;
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      const landed = await sync();
      expect(landed.paused).toBe(true);
      // Never played, it knows its length: the served WebM carries its Duration.
      expect(landed.played).toBe(0);
      expect(landed.duration).toBeCloseTo(track.durationMs / 1000, 2);
    }

    // The advisor can move the video out of the way: drag it across the stage.
    const pip = advisor.locator('cobrowse-video-pip .pip');
    const before = (await pip.boundingBox())!;
    await advisor.mouse.move(before.x + before.width / 2, before.y + 20);
    await advisor.mouse.down();
    await advisor.mouse.move(before.x + before.width / 2 - 300, before.y - 150, { steps: 8 });
    await advisor.mouse.up();
    const after = (await pip.boundingBox())!;
    expect(before.x - after.x).toBeGreaterThan(250);
    expect(before.y - after.y).toBeGreaterThan(100);

    // Play and speed move the video too; pause stops it.
    await advisor.evaluate(([player, ms]) => eval(player as string).seek(ms), [
      PLAYER,
      track.startedAt + 500 - detail.firstEventTs!,
    ] as const);
    await advisor.evaluate(`${PLAYER}.shadowRoot.querySelectorAll('.player__speed')[1].click()`);
    await advisor.evaluate(`${PLAYER}.play()`);
    await expect.poll(async () => (await sync()).paused, { timeout: 20_000 }).toBe(false);
    // The replay's speed, give or take the small nudge that catches up a drift…
    await expect.poll(async () => Math.abs((await sync()).rate - 2) <= 2 * 0.1 + 1e-9, { timeout: 10_000 }).toBe(true);
    // …which brings the playing video within a tenth of a second of the replay (a seek alone leaves ~0.25 s).
    await expect.poll(async () => (await sync()).diff, { timeout: 10_000 }).toBeLessThan(0.1);
    await advisor.evaluate(`${PLAYER}.pause()`);
    await expect
      .poll(
        async () => {
          const s = await sync();
          return s.paused && !s.seeking && s.diff < 0.2;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await advisor.close();
    await page.close();
  });

  it('goes on recording the DOM alone when the customer refuses the camera', async () => {
    const { page, logs } = await ctx.customer(false);
    await page.goto(`${ctx.pages.url}/refuse.html`);
    await expect
      .poll(() => page.evaluate(() => ((window as any).videoStates as { state: string }[]).map((d) => d.state)), { timeout: 20_000 })
      .toContain('refused');
    const detail = await page.evaluate(() => ((window as any).videoStates as any[]).at(-1));
    expect(detail.failed[0]).toMatchObject({ source: 'camera', reason: 'refused' });
    expect(logs.some((l) => l.includes('no camera video (refused)'))).toBe(true);

    const sessionId = await page.evaluate(() => (window as any).sessions.at(-1) as string);
    await page.evaluate(() => (window as any).addMarkers(0, 5));
    await page.evaluate(async () => {
      const el = document.querySelector('cobrowse-recorder') as any;
      await el.flush();
    });
    expect(await page.evaluate(() => (document.querySelector('cobrowse-recorder') as any).recording)).toBe(true);
    await expect
      .poll(
        async () => {
          const res = await ctx.t.api(`/api/sessions/${sessionId}`);
          return res.status === 200 ? ((await res.json()) as SessionDetail).chunkCount : 0;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    expect(await mediaOf(ctx, sessionId)).toHaveLength(0);
    expect(logs.filter((l) => l.startsWith('pageerror'))).toEqual([]);
    await page.close();
  });

  it('loses no video chunk across a reload, even with uploads failing before it', async () => {
    const { page, logs } = await ctx.customer(true);
    await page.goto(`${ctx.pages.url}/index.html?auto`);
    await waitReady(page);
    const sessionId = await page.evaluate(() => (window as any).rec.sessionId as string);
    await expect.poll(async () => (await mediaOf(ctx, sessionId))[0]?.chunks.length ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const firstTrack = (await mediaOf(ctx, sessionId))[0]!.trackId;

    // An outage of media uploads: chunks pile up in the outbox.
    const blocked = '**/media/**/chunks/**';
    await page.route(blocked, (route) => route.abort());
    await expect.poll(() => page.evaluate(() => (window as any).outboxMedia() as Promise<string[]>), { timeout: 20_000 }).toHaveLength(3);
    const waiting = await page.evaluate(() => (window as any).outboxMedia() as Promise<string[]>);
    expect(waiting.every((k) => k.startsWith(`${firstTrack}/`))).toBe(true);
    await page.unroute(blocked);

    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => (window as any).rec.sessionId)).toBe(sessionId);
    await expect.poll(async () => (await mediaOf(ctx, sessionId)).length, { timeout: 30_000 }).toBe(2);
    await expect.poll(async () => (await mediaOf(ctx, sessionId))[1]!.chunks.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.evaluate(async () => {
      await (window as any).rec.stop();
      await (window as any).rec.uploaded();
    });

    const [before, after] = await mediaOf(ctx, sessionId);
    expect(before!.trackId).toBe(firstTrack);
    // Every chunk that waited in the outbox reached the server, with no gap.
    const stored = new Set(before!.chunks.map((c) => `${before!.trackId}/${c.seq}`));
    for (const key of waiting) expect(stored, logs.join('\n')).toContain(key);
    expect(contiguous(before!)).toBe(true);
    expect(contiguous(after!)).toBe(true);
    expect(after!.startedAt).toBeGreaterThan(before!.startedAt);
    expect(await page.evaluate(() => (window as any).outboxMedia())).toEqual([]);

    const probe = await ctx.browser.newPage();
    await probe.goto(`${ctx.t.url}/healthz`);
    for (const track of [before!, after!]) {
      const played = await probeVideo(probe, `${ctx.t.url}${track.url}`);
      expect(played.duration).toBeGreaterThan(1);
    }
    await probe.close();
    await page.close();
  });
});

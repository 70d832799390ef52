/**
 * cutRange on the real recording, replayed by stock rrweb in real Chromium:
 * a range cut from the middle of a page opens with a full snapshot that
 * shows exactly what the whole recording shows at the in-point (the
 * normalised DOM with typed-into fields and ticks, scroll, size, and the
 * pixels), and then plays the range's own changes on top of it. Also: the
 * range's events are the originals with their timestamps, and bad bounds
 * are refused.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { EventType } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../server/errors.ts';
import { CUT_END_TAG, cutRange } from '../../server/tutorials/transform/index.ts';
import { launchChromium } from '../helpers/browser.ts';
import { demoFlow, timeOf } from './fixture.ts';
import { differingPixels, replayAt, replayPage } from './replay-page.ts';

const ARTIFACTS = 'tests/.artifacts/tutorials';
const events = demoFlow();
const origin = events[0]!.timestamp;

/** In-points in the middle of pages, where the page has changed a lot since its snapshot. */
const IN_POINTS = {
  'index, one product added': timeOf(events, 'Added (1 in cart)') + 300,
  'cart, code refused, second code half typed': timeOf(events, 'This code is not valid.') + 1080,
  'checkout, fields filled, planted account shown': timeOf(events, 'Thank you, your order is placed!') - 700,
} as const;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  page = await replayPage(browser);
});
afterAll(async () => {
  await browser?.close();
});

describe('cutRange', () => {
  for (const [label, inPoint] of Object.entries(IN_POINTS)) {
    it(`opens at the in-point looking like the whole replay there (${label})`, async () => {
      const cut = cutRange(events, inPoint, inPoint + 4000);
      expect(cut[0]).toMatchObject({ type: EventType.Meta, timestamp: origin + inPoint });
      expect(cut[1]).toMatchObject({ type: EventType.FullSnapshot, timestamp: origin + inPoint });

      const whole = await replayAt(page, events, inPoint + 1);
      const opened = await replayAt(page, cut, 1);
      const slug = label.replace(/[^a-z]+/g, '-');
      writeFileSync(`${ARTIFACTS}/cut-${slug}-whole.png`, whole.png);
      writeFileSync(`${ARTIFACTS}/cut-${slug}-cut.png`, opened.png);
      expect(opened.dom).toEqual(whole.dom);
      expect(opened.scroll).toEqual(whole.scroll);
      expect(opened.size).toEqual(whole.size);
      expect(await differingPixels(page, opened.png, whole.png)).toBe(0);

      // The comparison means something: the page's own last snapshot, shown at the in-point, is not it.
      const snapshotIndex = events.findLastIndex((e) => e.type === EventType.FullSnapshot && e.timestamp < origin + inPoint);
      const stale = [events[snapshotIndex - 1]!, events[snapshotIndex]!].map((e) => ({ ...e, timestamp: origin + inPoint }));
      expect(stale[0]!.type).toBe(EventType.Meta);
      expect((await replayAt(page, stale, 1)).dom).not.toEqual(whole.dom);
    });
  }

  it('plays the range: at its end the cut shows what the whole replay shows', async () => {
    const inPoint = IN_POINTS['cart, code refused, second code half typed'];
    const outPoint = timeOf(events, 'Code applied') + 200;
    const cut = cutRange(events, inPoint, outPoint);
    const whole = await replayAt(page, events, outPoint + 1);
    const played = await replayAt(page, cut, outPoint - inPoint + 1);
    expect(played.dom).toContain('Code applied: 10% off at checkout.');
    expect(played.dom).toEqual(whole.dom);
    expect(await differingPixels(page, played.png, whole.png)).toBe(0);
  });

  it('keeps every event of the range as it was, after its opening', () => {
    const inPoint = IN_POINTS['cart, code refused, second code half typed'];
    const outPoint = inPoint + 3000;
    const cut = cutRange(events, inPoint, outPoint);
    const inRange = events.filter((e) => e.timestamp >= origin + inPoint && e.timestamp <= origin + outPoint);
    expect(inRange.length).toBeGreaterThan(5);
    // …then the out-point's mark, so the range lasts as long as it was cut.
    expect(cut.at(-1)).toEqual({
      type: EventType.Custom,
      data: { tag: CUT_END_TAG, payload: { endMs: outPoint } },
      timestamp: origin + outPoint,
    });
    const body = cut.slice(0, -1);
    expect(body.slice(-inRange.length)).toEqual(inRange);
    expect(body.slice(0, -inRange.length).every((e) => e.timestamp === origin + inPoint)).toBe(true);
  });

  it('returns the recording itself from 0, and refuses bounds that are no range', () => {
    expect(cutRange(events)).toEqual(events);
    expect(cutRange(events, 0, 1000).slice(0, -1)).toEqual(events.filter((e) => e.timestamp <= origin + 1000));
    expect(() => cutRange(events, 5000, 1000)).toThrow(ApiError);
    expect(() => cutRange(events, -1)).toThrow(/non-negative/);
    expect(() => cutRange(events, Number.NaN)).toThrow(ApiError);
    expect(cutRange([], 10, 20)).toEqual([]);
  });
});

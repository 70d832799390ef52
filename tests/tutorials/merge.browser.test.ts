/**
 * mergeRanges plays: two ranges cut from the real recording (the cart with
 * the refused code, the checkout being filled), redacted, joined with a
 * gap, replayed by stock rrweb in Chromium. At each range's moments the
 * merged replay shows what the whole recording showed then (the redacted
 * values as their stand-ins); the timeline is the two ranges and the gap.
 */
import { EventType } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../server/errors.ts';
import { cutRange, mergeRanges, redactEvents } from '../../server/tutorials/transform/index.ts';
import { launchChromium } from '../helpers/browser.ts';
import { demoFlow, PLANTED, timeOf } from './fixture.ts';
import { replayAt, replayPage } from './replay-page.ts';

const events = demoFlow();
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await replayPage(browser);
});
afterAll(async () => {
  await browser?.close();
});

describe('mergeRanges', () => {
  const cart = { start: timeOf(events, 'This code is not valid.') - 500, end: timeOf(events, 'Code applied') + 300 };
  const checkout = { start: timeOf(events, PLANTED.iban) + 500, end: timeOf(events, 'Thank you, your order is placed!') + 200 };
  const gap = 800;

  it('joins ranges into one stream that plays each range as recorded', async () => {
    const merged = mergeRanges([cutRange(events, cart.start, cart.end), cutRange(events, checkout.start, checkout.end)], gap);
    expect(merged.filter((e) => e.type === EventType.FullSnapshot)).toHaveLength(2);
    const length = cart.end - cart.start + gap + (checkout.end - checkout.start);
    expect(merged.at(-1)!.timestamp - merged[0]!.timestamp).toBe(length);
    expect(merged.map((e) => e.timestamp)).toEqual([...merged.map((e) => e.timestamp)].sort((a, b) => a - b));

    for (const [at, original] of [
      [200, cart.start + 200], // the refused code
      [cart.end - cart.start, cart.end], // the accepted code
      [cart.end - cart.start + gap + 300, checkout.start + 300], // the checkout, filled in part
      [length, checkout.end], // the confirmation
    ] as const) {
      const shown = await replayAt(page, merged, at + 1);
      const whole = await replayAt(page, events, original + 1);
      expect(shown.dom, `at ${at} ms of the merged stream`).toEqual(whole.dom);
    }
    await replayAt(page, merged, 0);
    expect(await page.evaluate(() => (window as any).replayer.getMetaData().totalTime as number)).toBe(length);
  });

  it('plays redacted ranges, the stand-ins where the values were', async () => {
    const redacted = redactEvents(events, { texts: [PLANTED.holder, PLANTED.email, PLANTED.iban, PLANTED.card] });
    const merged = mergeRanges([cutRange(redacted, cart.start, cart.end), cutRange(redacted, checkout.start, checkout.end)]);
    const shown = await replayAt(page, merged, merged.at(-1)!.timestamp - merged[0]!.timestamp - 400);
    expect(shown.dom).toContain('Account holder: [redacted 1], [email 1]. Refunds go to IBAN [iban 1]');
    for (const value of [PLANTED.holder, PLANTED.email, PLANTED.iban, PLANTED.card]) expect(shown.dom).not.toContain(value);
  });

  it('refuses a range that cannot open on its own, and a negative gap', () => {
    const headless = cutRange(events, cart.start, cart.end).slice(2);
    expect(() => mergeRanges([headless])).toThrow(ApiError);
    expect(() => mergeRanges([events], -5)).toThrow(/non-negative/);
    expect(mergeRanges([[], events])).toEqual(events);
  });
});

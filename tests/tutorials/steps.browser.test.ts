/**
 * The selectors extractSteps proposes find the step's element again: in the
 * real recording replayed by stock rrweb in Chromium, at the step's moment,
 * `document.querySelector(step.selector)` is the node the step names.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSteps } from '../../server/tutorials/transform/index.ts';
import { launchChromium } from '../helpers/browser.ts';
import { demoFlow } from './fixture.ts';
import { nodeIdAt, replayPage } from './replay-page.ts';

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

describe('proposed selectors', () => {
  it('find each step’s element in the replay at the step’s moment', async () => {
    const located = extractSteps(events).filter((s) => s.selector);
    expect(located.length).toBeGreaterThan(10);
    for (const step of located) {
      expect(await nodeIdAt(page, events, step.t, step.selector!), `${step.title} → ${step.selector}`).toBe(step.nodeId);
    }
  });

  it('fall back to names and short nth-of-type paths on a page without ids or test attributes', async () => {
    // The same recording as a site without ids, data attributes or aria-labels would give it.
    const bare = JSON.parse(
      JSON.stringify(events)
        .replaceAll('"id":"', '"x-id":"')
        .replaceAll('"data-add":"', '"x-add":"')
        .replaceAll('"aria-label":"', '"x-label":"'),
    ) as typeof events;
    const located = extractSteps(bare).filter((s) => s.selector);
    const selectors = located.map((s) => s.selector!);
    expect(selectors.some((s) => s.includes(':nth-of-type('))).toBe(true);
    expect(selectors).toContain('input[name="postcode"]');
    expect(selectors.every((s) => !s.includes('#'))).toBe(true);
    for (const step of located) {
      expect(await nodeIdAt(page, bare, step.t, step.selector!), `${step.title} → ${step.selector}`).toBe(step.nodeId);
    }
  });
});

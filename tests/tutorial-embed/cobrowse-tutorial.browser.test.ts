/**
 * `<cobrowse-tutorial>` embedded on a help centre of another origin, in
 * Chromium, against the real server: a tutorial made from the real
 * demo-shop recording and published through the API. It plays; step by step
 * next/previous changes the step and the highlight lies over the step's
 * element in the replay; the keyboard reaches the controls and ←/→ move a
 * step; one view is counted after 3 s on screen (not before) and one
 * completion at the last step; unpublished and expired links say so; at
 * 360 px the steps stack under the stage; and the replay never asks the
 * recorded site for anything. Screenshots at 1280×800 and 360×740 are
 * written to the system's temp folder.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Tutorial, TutorialAnalytics } from '../../protocol/tutorials.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { expectJson, patch, post } from '../tutorials/tutorial-helpers.ts';
import {
  embedState,
  helpCentrePage,
  highlightAndTarget,
  publishDemoTutorial,
  startRecordedSite,
  type RecordedSite,
} from './embed-helpers.ts';

describe.each(testDrivers)('<cobrowse-tutorial> on another origin, $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let pages: PageServer;
  let site: RecordedSite;
  let tutorial: Tutorial;
  let context: BrowserContext;

  beforeAll(async () => {
    database = await driver.open();
    [t, browser, pages, site] = await Promise.all([
      startTestServer({ database }),
      launchChromium(),
      startPageServer(),
      startRecordedSite(),
    ]);
    ({ tutorial } = await publishDemoTutorial(t, site.origin));
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), pages?.close(), site?.close()]);
    await database?.close();
  });

  const analytics = (id: string) => expectJson<TutorialAnalytics>(t.api(`/api/tutorials/${id}/analytics`));

  /** The help centre's page embedding `src`, once the element's first frame is up (or its message shows). */
  async function openEmbed(src: string, path = '/help.html', ctx: BrowserContext = context): Promise<Page> {
    pages.set(path, helpCentrePage(t.url, src));
    const page = await ctx.newPage();
    page.on('pageerror', (err) => console.error('page error:', err));
    await page.goto(`${pages.url}${path}`);
    await expect
      .poll(async () => {
        const s = await embedState(page);
        return s.failure ?? (s.state === 'paused' && s.caption ? 'ready' : s.state);
      })
      .not.toMatch(/^(loading|null)$/);
    return page;
  }

  const button = (page: Page, name: string) => page.locator('cobrowse-tutorial').getByRole('button', { name, exact: true });

  it('plays the replay from the tutorial server, and never contacts the recorded site', async () => {
    const page = await openEmbed(`${t.url}/t/${tutorial.slug}`);
    expect((await embedState(page)).state).toBe('paused');
    await button(page, 'Play').click();
    await expect.poll(async () => (await embedState(page)).state).toBe('playing');
    await expect.poll(async () => (await embedState(page)).currentTime).toBeGreaterThan(500);
    // The current step follows playback.
    await expect.poll(async () => (await embedState(page)).stepIndex, { timeout: 20_000 }).toBeGreaterThanOrEqual(0);
    await button(page, 'Pause').click();
    await expect.poll(async () => (await embedState(page)).state).toBe('paused');
    // The replay shows the recorded shop inside rrweb's sandboxed iframe, scripts off.
    const frame = await page.evaluate(() => {
      const iframe = document.querySelector('cobrowse-tutorial')!.shadowRoot!.querySelector('iframe')!;
      return { sandbox: iframe.getAttribute('sandbox'), text: iframe.contentDocument!.body.textContent ?? '' };
    });
    expect(frame.sandbox).toBe('allow-same-origin');
    expect(frame.text).toContain('Bean & Brew');

    // Every step's moment, through the checkout page that shows the customer's photo and badge.
    await button(page, 'Step by step').click();
    for (let i = 1; i < tutorial.steps.length; i++) {
      await button(page, 'Next step').click();
      await expect.poll(async () => (await embedState(page)).stepIndex).toBe(i);
    }
    const images = await page.evaluate(() =>
      [...document.querySelector('cobrowse-tutorial')!.shadowRoot!.querySelector('iframe')!.contentDocument!.images].map((img) => img.src),
    );
    expect(images.length).toBeGreaterThan(0);
    for (const src of images) expect(src).toMatch(/^data:/);
    await page.waitForTimeout(500);
    expect(site.requests).toEqual([]);

    // Moved elsewhere in the page (a help centre re-rendering its column), it opens the replay again.
    await page.evaluate(() => document.body.prepend(document.querySelector('cobrowse-tutorial')!));
    await expect
      .poll(
        async () =>
          (await embedState(page)).state === 'paused' &&
          (await page.evaluate(() => !!document.querySelector('cobrowse-tutorial')!.shadowRoot!.querySelector('iframe'))),
      )
      .toBe(true);
    await page.close();
  });

  it('step by step: next and previous change the step, the highlight lies over the step’s element', async () => {
    const page = await openEmbed(`${t.url}/t/${tutorial.slug}`);
    await button(page, 'Step by step').click();
    await expect.poll(async () => (await embedState(page)).mode).toBe('steps');
    expect(await button(page, 'Step by step').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await embedState(page)).current).toBe(tutorial.steps[0]!.id);

    const located = tutorial.steps.findIndex((s, i) => i > 0 && s.selector && s.nodeId !== null && s.kind === 'click');
    expect(located).toBeGreaterThan(0);
    for (let i = 1; i <= located; i++) await button(page, 'Next step').click();
    const step = tutorial.steps[located]!;
    await expect.poll(async () => (await embedState(page)).current).toBe(step.id);
    const state = await embedState(page);
    expect(state.caption).toContain(`Step ${located + 1} of ${tutorial.steps.length}`);
    expect(state.caption).toContain(step.title.replaceAll('*', ''));
    // The replay shows the step's moment (paused there), and the highlight is over its element.
    expect(state.state).toBe('paused');
    expect(Math.abs(state.currentTime - step.t)).toBeLessThan(5);
    await expect
      .poll(async () => {
        const { target, highlight } = await highlightAndTarget(page, step.selector!);
        if (!highlight || target.width === 0) return Infinity;
        return Math.max(
          Math.abs(highlight.x - target.x),
          Math.abs(highlight.y - target.y),
          Math.abs(highlight.width - target.width),
          Math.abs(highlight.height - target.height),
        );
      })
      .toBeLessThan(2);

    await button(page, 'Previous step').click();
    await expect.poll(async () => (await embedState(page)).current).toBe(tutorial.steps[located - 1]!.id);
    expect((await embedState(page)).caption).toContain(`Step ${located} of`);
    await page.close();
  });

  it('keyboard: Tab reaches the controls with a visible focus, → and ← move a step, the step is announced', async () => {
    const page = await openEmbed(`${t.url}/t/${tutorial.slug}`);
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'Play'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const active = document.querySelector('cobrowse-tutorial')!.shadowRoot!.activeElement as HTMLElement | null;
        return active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? '';
      });
    }
    expect(focused).toBe('Play');
    const outline = await page.evaluate(() => {
      const active = document.querySelector('cobrowse-tutorial')!.shadowRoot!.activeElement!;
      return { matches: active.matches(':focus-visible'), style: getComputedStyle(active).outlineStyle };
    });
    expect(outline).toEqual({ matches: true, style: 'solid' });
    const live = await page.evaluate(() =>
      document.querySelector('cobrowse-tutorial')!.shadowRoot!.querySelector('.caption')!.getAttribute('aria-live'),
    );
    expect(live).toBe('polite');

    const before = (await embedState(page)).stepIndex;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await embedState(page)).stepIndex).toBe(before + 1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await embedState(page)).stepIndex).toBe(before + 2);
    expect((await embedState(page)).caption).toContain(`Step ${before + 3} of`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await embedState(page)).stepIndex).toBe(before + 1);
    await page.close();
  });

  it('counts one view after 3 s on screen (not before), one completion at the last step, by the embedding origin', async () => {
    const { tutorial: own } = await publishDemoTutorial(t, site.origin, 'Counting views');
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const started = Date.now();
    const page = await openEmbed(`${t.url}/t/${own.slug}`, '/views.html', fresh);
    if (Date.now() - started < 2_000) expect((await analytics(own.id)).views).toBe(0);
    await expect.poll(async () => (await analytics(own.id)).views).toBe(1);
    expect((await analytics(own.id)).completions).toBe(0);

    await page.locator('cobrowse-tutorial').getByRole('button', { name: 'Next step' }).focus();
    await page.keyboard.press('End');
    await expect.poll(async () => (await embedState(page)).stepIndex).toBe(own.steps.length - 1);
    await expect.poll(async () => (await analytics(own.id)).completions).toBe(1);
    // Going back and to the end again, and more time on screen, count nothing more.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(3_500);
    const counted = await analytics(own.id);
    expect(counted).toMatchObject({ views: 1, completions: 1 });
    expect(counted.embeds).toEqual([{ origin: pages.url, views: 1 }]);
    expect(counted.steps.find((s) => s.stepId === own.steps.at(-1)!.id)?.reached).toBe(1);
    await fresh.close();
  });

  it('an unpublished, expired, unknown or members-only link shows a clear message in the element', async () => {
    const { tutorial: gone } = await publishDemoTutorial(t, site.origin, 'Taken down');
    await expectJson(post(t, `/api/tutorials/${gone.id}/unpublish`, {}));
    let page = await openEmbed(`${t.url}/t/${gone.slug}`, '/gone.html');
    expect((await embedState(page)).failure).toBe('unpublished');
    await expect(page.locator('cobrowse-tutorial').getByRole('alert').textContent()).resolves.toContain('no longer available');
    await page.close();

    const { tutorial: old } = await publishDemoTutorial(t, site.origin, 'Past its time');
    await expectJson(patch(t, `/api/tutorials/${old.id}`, { expiresAt: new Date(Date.now() - 1_000).toISOString() }));
    page = await openEmbed(`${t.url}/t/${old.slug}`, '/old.html');
    expect((await embedState(page)).failure).toBe('expired');
    await expect(page.locator('cobrowse-tutorial').getByRole('alert').textContent()).resolves.toContain('has expired');
    await page.close();

    page = await openEmbed(`${t.url}/t/no-such-tutorial`, '/unknown.html');
    expect((await embedState(page)).failure).toBe('not_found');
    await page.close();

    // Members only: an embed carries no token, so it says where to open it.
    const { tutorial: internal } = await publishDemoTutorial(t, site.origin, 'For the team', 'org');
    page = await openEmbed(`${t.url}/t/${internal.slug}`, '/internal.html');
    expect((await embedState(page)).failure).toBe('sign_in');
    await expect(page.locator('cobrowse-tutorial').getByRole('alert').textContent()).resolves.toContain('members only');
    await page.screenshot({ path: join(tmpdir(), 'cobrowse-tutorial-private.png') });
    await page.close();
    expect((await analytics(gone.id)).views).toBe(0);
  });

  it('lays the steps beside the stage at 1280 px and under it at 360 px (screenshots)', async () => {
    const layout = async (page: Page) =>
      page.evaluate(() => {
        const root = document.querySelector('cobrowse-tutorial')!.shadowRoot!;
        const stage = root.querySelector('.stage')!.getBoundingClientRect();
        const steps = root.querySelector('.steps')!.getBoundingClientRect();
        return { stage, steps: steps, pageWidth: document.documentElement.scrollWidth };
      });
    const wide = await openEmbed(`${t.url}/t/${tutorial.slug}`, '/wide.html');
    await button(wide, 'Step by step').click();
    await button(wide, 'Next step').click();
    await wide.waitForTimeout(400);
    const w = await layout(wide);
    expect(w.steps.left).toBeGreaterThanOrEqual(w.stage.right);
    await wide.screenshot({ path: join(tmpdir(), 'cobrowse-tutorial-1280.png') });
    await wide.close();

    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const narrow = await openEmbed(`${t.url}/t/${tutorial.slug}`, '/narrow.html', phone);
    await button(narrow, 'Step by step').click();
    await button(narrow, 'Next step').click();
    await narrow.waitForTimeout(400);
    const n = await layout(narrow);
    expect(n.steps.top).toBeGreaterThanOrEqual(n.stage.bottom);
    expect(n.pageWidth).toBeLessThanOrEqual(360);
    await narrow.screenshot({ path: join(tmpdir(), 'cobrowse-tutorial-360.png'), fullPage: true });
    await phone.close();
  });

  it('the tutorial’s own page (/t/:slug) embeds the element, under its CSP, with the title and the steps once and the step’s callout on top', async () => {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${t.url}/t/${tutorial.slug}`);
    await expect.poll(async () => (await embedState(page)).state).toBe('paused');
    // The title once: the page's heading, not again inside the player.
    expect(await page.getByRole('heading', { name: tutorial.title }).count()).toBe(1);
    expect(await page.getByText(tutorial.title, { exact: true }).count()).toBe(1);
    // The steps once too: the page's plain list (for readers without script) gives way to the player's.
    await expect.poll(() => page.locator('.steps-fallback').isVisible()).toBe(false);
    expect(await page.locator('.steps-fallback li[data-step-id]').count()).toBe(tutorial.steps.length);
    await button(page, 'Step by step').click();
    await button(page, 'Next step').click();
    await expect.poll(async () => (await embedState(page)).current).toBe(tutorial.steps[1]!.id);
    // The second step's callout (added through the API) is drawn on top of the replay.
    await expect
      .poll(() =>
        page.evaluate(() =>
          document.querySelector('cobrowse-tutorial')!.shadowRoot!.querySelector('.annotation--callout')?.textContent?.trim(),
        ),
      )
      .toBe('Click here to add it');
    await page.screenshot({ path: join(tmpdir(), 'cobrowse-tutorial-page.png'), fullPage: true });
    expect(violations).toEqual([]);
    expect(site.requests).toEqual([]);
    await page.close();

    // Without script, the plain list is what there is, and it shows.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await noScript.goto(`${t.url}/t/${tutorial.slug}`);
    expect(await noScript.locator('.steps-fallback').isVisible()).toBe(true);
    expect(await noScript.locator('.steps-fallback li[data-step-id]').count()).toBe(tutorial.steps.length);
    await plain.close();
  });
});

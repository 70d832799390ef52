/**
 * The tutorial editor in the advisor app, in Chromium against a real server
 * (issue 12): an admin makes a tutorial from a recorded session in the
 * player (in and out points set on the timeline), renames and reorders a
 * step (read back through the API), is refused publishing while an e-mail
 * shows (the value listed), redacts it from the findings and publishes (the
 * absolute URL shown); the Tutorials list filters; a `content` member has
 * Tutorials but no live help; an `advisor` reads tutorials without any
 * editing control; the case composer inserts a published tutorial's link;
 * the published tutorial's written guide downloads as Markdown and HTML;
 * step titles are edited as plain words (no `*…*` markers) and read with
 * the element's name emphasised.
 *
 * Needs the built app (dist/client). Screenshots (1280×800 and 390×844) land
 * in tests/.artifacts/client-tutorials/.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { CaseDetail } from '../../protocol/cases.ts';
import type { Tutorial, TutorialList } from '../../protocol/tutorials.ts';
import { createCase } from '../cases/case-helpers.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { accountVisit, createTutorial, expectJson, recordedVisit } from '../tutorials/tutorial-helpers.ts';
import { keepEmphasis, plainTitle } from '../../client/lib/step-title.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client-tutorials');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PUBLIC_URL = 'https://help.cobrowse.test';
const EMAIL = 'kim.private@example.org';
const CONTENT = { email: 'content@tutorials.test', password: 'content-password' };
const ADVISOR = { email: 'advisor@tutorials.test', password: 'advisor-password' };

describe.each(testDrivers)('tutorials in the advisor app on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let admin: Page;
  let sessionId: string;
  let firstEventTs: number;
  let made: Tutorial;
  /** A second tutorial (a content member's draft on another site), for the list filters and the step tools. */
  let draft: Tutorial;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}-${driver.name}.png`), fullPage: true });
  const read = (id: string) => expectJson<Tutorial>(t.api(`/api/tutorials/${id}`));

  async function signIn(who: { email: string; password: string }, viewport = DESKTOP): Promise<Page> {
    const page = await (await browser.newContext({ viewport })).newPage();
    page.on('pageerror', (err) => console.error(`${who.email} pageerror:`, err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    return page;
  }

  /** Clicks the player's timeline at `fraction` of its width (a seek there). */
  async function clickTimeline(page: Page, fraction: number) {
    const slider = page.getByRole('slider', { name: 'Seek' });
    const box = (await slider.boundingBox())!;
    await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    [t, browser] = await Promise.all([startTestServer({ database, publicUrl: PUBLIC_URL }), launchChromium()]);
    await t.createAdvisor(CONTENT.email, CONTENT.password, 'content');
    await t.createAdvisor(ADVISOR.email, ADVISOR.password, 'advisor');
    const visit = await recordedVisit(t, { contact: `Receipts go to ${EMAIL}` });
    sessionId = visit.sessionId;
    firstEventTs = visit.start;
    admin = await signIn(t.admin);
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('makes a tutorial from a recording in the player: start and end set on the timeline', async () => {
    await admin.goto(`${t.url}/app/sessions/${sessionId}`);
    const player = admin.locator('cobrowse-session-player');
    await expect.poll(() => player.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    await admin.getByRole('button', { name: 'Make a tutorial' }).click();
    const maker = admin.getByRole('form', { name: 'Make a tutorial' });

    await clickTimeline(admin, 0.1);
    await maker.getByRole('button', { name: 'Set start' }).click();
    await clickTimeline(admin, 0.92);
    await maker.getByRole('button', { name: 'Set end' }).click();
    const [start, end] = await player.evaluate((el: HTMLElement & { duration: number }) => [el.duration * 0.1, el.duration * 0.92]);
    // Both points show on the timeline, and as times in the form.
    await admin.locator('.timeline__flag--start').waitFor();
    await admin.locator('.timeline__flag--end').waitFor();
    expect(await admin.locator('.timeline__range').count()).toBe(1);
    expect(await maker.getByLabel('Start').textContent()).toMatch(/^0:0\d$/);

    // An end before the start is refused in words.
    await clickTimeline(admin, 0.02);
    await maker.getByRole('button', { name: 'Set end' }).click();
    await maker.getByRole('alert').filter({ hasText: 'after the start' }).waitFor();

    await maker.getByLabel('Tutorial title').fill('Save your account details');
    await shot(admin, 'maker-desktop');
    await admin.setViewportSize(PHONE);
    await shot(admin, 'maker-phone');
    await admin.setViewportSize(DESKTOP);
    await maker.getByRole('button', { name: 'Create' }).click();
    await admin.waitForURL(/\/app\/tutorials\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    const id = admin.url().split('/').pop()!;
    made = await read(id);
    expect(made.title).toBe('Save your account details');
    const source = made.sources[0]!;
    expect(source.sessionId).toBe(sessionId);
    // Where the clicks landed, give or take the slider's rounding (a few pixels of a 4 s recording).
    expect(Math.abs(source.startMs! - (firstEventTs + start))).toBeLessThan(120);
    expect(Math.abs(source.endMs! - (firstEventTs + end))).toBeLessThan(120);
    expect(made.steps.length).toBeGreaterThanOrEqual(2);
    await admin.getByLabel('Tutorial title').waitFor();
  });

  it('renames and reorders a step; the API has both; a step shows its moment in the preview', async () => {
    const first = made.steps[0]!;
    const second = made.steps[1]!;
    // A proposed title's element name is in *…* markers: the input shows the plain words, and an edit keeps the name
    // emphasised (what the public page and the guide show).
    const marked = made.steps.findIndex((s) => /\*[^*]+\*/.test(s.title));
    expect(marked, made.steps.map((s) => s.title).join(' | ')).toBeGreaterThanOrEqual(0);
    const markedTitle = made.steps[marked]!.title;
    const markedInput = admin.getByLabel(`Title of step ${marked + 1}`);
    expect(await markedInput.inputValue()).toBe(plainTitle(markedTitle));
    expect(await markedInput.inputValue()).not.toContain('*');
    // The answer to that save is held back until the same title is being typed again: when it arrives and the list
    // re-renders, what is being typed stays, and its own save lands.
    const stepUrl = (url: URL) => /^\/api\/tutorials\/[^/]+\/steps\/[^/]+$/.test(url.pathname);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await admin.route(stepUrl, async (route) => {
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await markedInput.fill(`${plainTitle(markedTitle)} now`);
    await markedInput.press('Enter');
    await expect.poll(async () => (await read(made.id)).steps[marked]!.title, { timeout: 10_000 }).toBe(`${markedTitle} now`);
    await markedInput.fill(`${plainTitle(markedTitle)} today`);
    const answered = admin.waitForResponse((r) => stepUrl(new URL(r.url())));
    release();
    await answered;
    await admin.unroute(stepUrl);
    await admin.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(await markedInput.inputValue()).toBe(`${plainTitle(markedTitle)} today`);
    await markedInput.press('Enter');
    await expect.poll(async () => (await read(made.id)).steps[marked]!.title, { timeout: 10_000 }).toBe(`${markedTitle} today`);

    const title = admin.getByLabel('Title of step 1');
    // Typed words over a title that emphasised a name they contain keep it emphasised.
    const renamed = keepEmphasis('Open your account page', (await read(made.id)).steps[0]!.title);
    // This rename's answer is held back until the body's save has answered: the older answer arriving last must not
    // show the step without its new body.
    let releaseRename!: () => void;
    const renameHeld = new Promise<void>((resolve) => (releaseRename = resolve));
    await admin.route(
      stepUrl,
      async (route) => {
        const response = await route.fetch();
        await renameHeld;
        await route.fulfill({ response });
      },
      { times: 1 },
    );
    await title.fill('Open your account page');
    await title.press('Enter');
    await expect.poll(async () => (await read(made.id)).steps[0]!.title, { timeout: 10_000 }).toBe(renamed);

    const body = admin.getByLabel('Body of step 1');
    await body.fill('Your details are under Account.');
    const bodyAnswered = admin.waitForResponse((r) => stepUrl(new URL(r.url())));
    await body.blur();
    await bodyAnswered;
    await expect.poll(async () => (await read(made.id)).steps[0]!.body, { timeout: 10_000 }).toBe('Your details are under Account.');
    const renameAnswered = admin.waitForResponse((r) => stepUrl(new URL(r.url())));
    releaseRename();
    await renameAnswered;
    await admin.unroute(stepUrl);
    await admin.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(await body.inputValue()).toBe('Your details are under Account.');
    expect(await title.inputValue()).toBe('Open your account page');

    await admin.getByRole('button', { name: 'Move step 1 down' }).click();
    await expect
      .poll(async () => (await read(made.id)).steps.map((s) => s.id).slice(0, 2), { timeout: 10_000 })
      .toEqual([second.id, first.id]);
    await expect.poll(() => admin.getByLabel('Title of step 2').inputValue()).toBe('Open your account page');
    // The focus followed the moved step.
    expect(
      await admin.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.getAttribute('aria-label');
      }),
    ).toMatch(/^Move step 2 (up|down)$/);

    const preview = admin.locator('cobrowse-tutorial-preview');
    await expect.poll(() => preview.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    const moved = (await read(made.id)).steps[1]!;
    await admin.getByRole('button', { name: 'Show step 2 in the preview' }).click();
    await expect.poll(() => preview.evaluate((el: HTMLElement & { currentTime: number }) => Math.round(el.currentTime))).toBe(moved.t);

    await shot(admin, 'editor-desktop');
    await admin.setViewportSize(PHONE);
    await shot(admin, 'editor-phone');
    await admin.setViewportSize(DESKTOP);
  });

  it('refuses to publish while the e-mail shows (listed), then publishes once it is redacted', async () => {
    await admin.getByRole('button', { name: 'Publish…' }).click();
    const dialog = admin.getByRole('dialog', { name: /Publish/ });
    await dialog.getByLabel(/Public/).check();
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.getByRole('list', { name: 'Values still to redact' }).getByText(EMAIL).waitFor({ timeout: 15_000 });
    expect((await read(made.id)).status).toBe('draft');
    await shot(admin, 'publish-refused-desktop');
    await admin.setViewportSize(PHONE);
    await shot(admin, 'publish-refused-phone');
    await admin.setViewportSize(DESKTOP);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await admin.getByRole('tab', { name: 'Privacy' }).click();
    await admin.getByRole('list', { name: 'Findings' }).getByText(EMAIL).waitFor({ timeout: 15_000 });
    await admin.getByRole('button', { name: `Redact ${EMAIL}` }).click();
    await admin.getByText('Nothing left to redact').waitFor({ timeout: 15_000 });
    expect((await read(made.id)).redactions).toMatchObject([{ kind: 'text', text: EMAIL }]);
    // The preview is read again: the events no longer hold the value.
    const previewEvents = await expectJson<unknown[]>(t.api(`/api/tutorials/${made.id}/events`));
    expect(JSON.stringify(previewEvents)).not.toContain(EMAIL);

    await admin.getByRole('button', { name: 'Publish…' }).click();
    await dialog.getByLabel(/Public/).check();
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    const url = dialog.getByLabel('Tutorial URL');
    await url.waitFor({ timeout: 15_000 });
    const published = await read(made.id);
    expect(published).toMatchObject({ status: 'published', visibility: 'public' });
    expect(await url.inputValue()).toBe(`${PUBLIC_URL}/t/${published.slug}`);
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(`${PUBLIC_URL}/t/${published.slug}`);
    await shot(admin, 'publish-done-desktop');
    await admin.setViewportSize(PHONE);
    await shot(admin, 'publish-done-phone');
    await admin.setViewportSize(DESKTOP);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await admin.getByText(`${PUBLIC_URL}/t/${published.slug}`).waitFor();
    made = published;
  });

  it('downloads the written guide of the published tutorial (Markdown and HTML, with step pictures)', async () => {
    await t.server.jobs.idle({ timeoutMs: 60_000 });
    const guide = admin.getByRole('group', { name: 'Written guide' });
    await guide.waitFor();
    await shot(admin, 'guide-desktop');
    await admin.setViewportSize(PHONE);
    await shot(admin, 'guide-phone');
    await admin.setViewportSize(DESKTOP);
    for (const [format, label] of [
      ['md', 'Markdown'],
      ['html', 'HTML'],
    ] as const) {
      const [download] = await Promise.all([admin.waitForEvent('download'), guide.getByRole('button', { name: label }).click()]);
      expect(download.suggestedFilename()).toBe(`${made.slug}-guide.${format}`);
      const text = await readFile(await download.path(), 'utf8');
      expect(text).toContain(format === 'md' ? '# Save your account details' : '<h1>Save your account details</h1>');
      expect(text).toContain(format === 'md' ? `](<${PUBLIC_URL}/t/${made.slug}/pictures/v1-` : '<img src="data:image/png;base64,');
      expect(text).not.toContain(EMAIL);
    }
    // Every picture was there: no note about missing ones.
    expect(await guide.getByRole('status').count()).toBe(0);
  });

  it('lists the organisation’s tutorials with filters: site, author, status, updated', async () => {
    const outlet = await t.createSite({ name: 'Outlet', allowedOrigins: [TEST_ORIGIN] });
    const outletSession = await t.startSession({ siteKey: outlet.siteKey });
    expect(
      (await t.putChunk(outletSession, 0, accountVisit(Date.now() - 10_000, TEST_ORIGIN), { siteKey: outlet.siteKey })).status,
    ).toBeLessThan(300);
    const contentToken = await t.tokenFor(CONTENT.email, CONTENT.password);
    draft = await createTutorial(t, { sessionId: outletSession, title: 'Outlet returns (draft)' }, contentToken);

    await admin.getByRole('link', { name: 'Tutorials' }).click();
    const table = admin.getByRole('table', { name: 'Tutorials' });
    const titles = async () => (await table.locator('tbody tr a').allTextContents()).map((s) => s.trim());
    await expect.poll(titles, { timeout: 15_000 }).toEqual([draft.title, made.title]);
    const filters = admin.getByRole('search', { name: 'Filter tutorials' });

    await filters.getByLabel('Status').selectOption({ label: 'Published' });
    await expect.poll(titles).toEqual([made.title]);
    await filters.getByLabel('Status').selectOption({ label: 'Draft' });
    await expect.poll(titles).toEqual([draft.title]);
    await filters.getByLabel('Status').selectOption({ label: 'Any status' });
    await filters.getByLabel('Author').selectOption({ label: 'Me' });
    await expect.poll(titles).toEqual([made.title]);
    await filters.getByLabel('Author').selectOption({ label: 'Anyone' });
    await filters.getByLabel('Site').selectOption({ label: 'Outlet' });
    await expect.poll(titles).toEqual([draft.title]);
    await filters.getByLabel('Site').selectOption({ label: 'All sites' });
    const asked: string[] = [];
    admin.on('request', (r) => r.url().includes('/api/tutorials?') && asked.push(r.url()));
    await filters.getByLabel('Updated').selectOption({ label: 'Last 24 hours' });
    await admin.getByText('2 shown').waitFor();
    await expect.poll(titles).toEqual([draft.title, made.title]);
    const since = Number(new URL(asked.at(-1)!).searchParams.get('updatedSince'));
    expect(Math.abs(Date.now() - 86_400_000 - since)).toBeLessThan(60_000);
    await shot(admin, 'list-desktop');
    await admin.setViewportSize(PHONE);
    await shot(admin, 'list-phone');
    await admin.setViewportSize(DESKTOP);

    await table.getByRole('link', { name: draft.title }).click();
    await admin.waitForURL(`${t.url}/app/tutorials/${draft.id}`);
    await admin.getByLabel('Tutorial title').waitFor({ timeout: 15_000 });
    expect(await admin.getByLabel('Tutorial title').inputValue()).toBe(draft.title);
  });

  it('merges, splits, deletes and drags steps; chapters and callouts', async () => {
    const ids = async () => (await read(draft.id)).steps.map((s) => s.id);
    const before = await ids();
    expect(before.length).toBeGreaterThanOrEqual(4);

    await admin.getByRole('button', { name: 'Merge step 1 with the next' }).click();
    await expect.poll(ids, { timeout: 10_000 }).toEqual([before[0], ...before.slice(2)]);

    await admin.getByRole('button', { name: 'Split step 1' }).click();
    await expect.poll(async () => (await ids()).length, { timeout: 10_000 }).toBe(before.length);
    const split = (await read(draft.id)).steps[1]!;
    expect(split.title).toMatch(/\(continued\)$/);
    expect(split.t).toBeGreaterThan((await read(draft.id)).steps[0]!.t);

    await admin.getByRole('button', { name: 'Delete step 2' }).click();
    await expect.poll(ids, { timeout: 10_000 }).toEqual([before[0], ...before.slice(2)]);

    // Drag the last step by its handle onto the top half of the first.
    const rows = admin.getByRole('list', { name: 'Steps' }).locator(':scope > li');
    const last = (await ids()).at(-1)!;
    await rows
      .last()
      .locator('.step__handle')
      .dragTo(rows.first(), { targetPosition: { x: 40, y: 4 } });
    await expect.poll(async () => (await ids())[0], { timeout: 10_000 }).toBe(last);

    // A chapter with the selected step in it, renamed; another step put in it from its row.
    await admin.getByRole('button', { name: 'Show step 1 in the preview' }).click();
    await admin.getByRole('tab', { name: 'Chapters' }).click();
    await admin.getByLabel('New chapter').fill('Getting started');
    await admin.getByRole('button', { name: 'Add chapter with step 1' }).click();
    await expect.poll(async () => (await read(draft.id)).chapters.length, { timeout: 10_000 }).toBe(1);
    const chapter = (await read(draft.id)).chapters[0]!;
    expect((await read(draft.id)).steps[0]!.chapterId).toBe(chapter.id);
    await admin.getByLabel('Title of chapter 1').fill('First things');
    await admin.getByLabel('Title of chapter 1').press('Enter');
    await expect.poll(async () => (await read(draft.id)).chapters[0]!.title, { timeout: 10_000 }).toBe('First things');
    await admin.getByRole('tab', { name: 'Steps' }).click();
    await admin.getByLabel('Chapter of step 2').selectOption({ label: 'First things' });
    await expect.poll(async () => (await read(draft.id)).steps[1]!.chapterId, { timeout: 10_000 }).toBe(chapter.id);

    // A callout at step 1: kept, and shown under the preview at that step.
    await admin.getByRole('tab', { name: 'Callouts' }).click();
    await admin.getByLabel('Callout text').fill('Start on the account page.');
    await admin.getByRole('button', { name: 'Add callout' }).click();
    await expect
      .poll(async () => (await read(draft.id)).annotations, { timeout: 10_000 })
      .toMatchObject([{ stepId: last, kind: 'callout', text: 'Start on the account page.' }]);
    await admin.getByRole('note').filter({ hasText: 'Start on the account page.' }).waitFor({ timeout: 10_000 });

    // A text redacted by hand, then the redaction removed.
    await admin.getByRole('tab', { name: 'Privacy' }).click();
    await admin.getByLabel('Text to redact').fill('All saved');
    await admin.getByRole('button', { name: 'Redact text' }).click();
    await expect
      .poll(async () => (await read(draft.id)).redactions, { timeout: 10_000 })
      .toMatchObject([{ kind: 'text', text: 'All saved' }]);
    await admin.getByRole('button', { name: 'Remove the redaction All saved' }).click();
    await expect.poll(async () => (await read(draft.id)).redactions, { timeout: 10_000 }).toEqual([]);
    await admin.getByRole('tab', { name: 'Steps' }).click();
  });

  it('a content member has Tutorials (and edits them) but no live help', async () => {
    const page = await signIn(CONTENT);
    await page.getByRole('link', { name: 'Tutorials' }).click();
    expect(await page.getByRole('link', { name: 'Join live' }).count()).toBe(0);
    await page.getByRole('table', { name: 'Tutorials' }).getByRole('link', { name: made.title }).click();
    await page.getByLabel('Title of step 1').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Publish again…' }).waitFor();
    await page.goto(`${t.url}/app/live`);
    await page.getByRole('alert').filter({ hasText: 'does not include live help' }).waitFor({ timeout: 15_000 });
    await page.context().close();
  });

  it('an advisor (no tutorials.write) reads tutorials without any editing control', async () => {
    const page = await signIn(ADVISOR);
    await page.getByRole('link', { name: 'Tutorials' }).click();
    await page.getByRole('table', { name: 'Tutorials' }).getByRole('link', { name: made.title }).click();
    await page.getByRole('heading', { name: made.title }).waitFor({ timeout: 15_000 });
    const steps = page.getByRole('list', { name: 'Steps' });
    await steps.getByRole('heading', { name: 'Open your account page' }).waitFor();
    // Titles read as words, the element's name emphasised: no *…* markers.
    expect((await steps.getByRole('heading').allTextContents()).join(' ')).not.toContain('*');
    expect(await steps.getByRole('heading').locator('em').count()).toBeGreaterThan(0);
    for (const control of [
      page.getByLabel('Tutorial title'),
      page.getByLabel(/^Title of step/),
      page.getByRole('button', { name: /^Move step/ }),
    ]) {
      expect(await control.count()).toBe(0);
    }
    for (const name of [/^Publish/, 'Unpublish', /^Delete/, /^Merge/, /^Split/])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    // Comments are every member's, not an edit of the tutorial (docs/comments.md).
    expect(await page.getByRole('tab').allTextContents()).toEqual(
      ['Steps', 'Comments', 'Analytics'].map((s) => expect.stringContaining(s)),
    );
    await page.getByRole('tab', { name: 'Analytics' }).click();
    await page.getByRole('term').filter({ hasText: 'Views' }).waitFor({ timeout: 15_000 });
    // Nor a way to make one from a recording.
    await page.goto(`${t.url}/app/sessions/${sessionId}`);
    await page.getByRole('button', { name: 'Copy link at this time' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Make a tutorial' }).count()).toBe(0);
    await page.context().close();
  });

  it('the case composer finds a published tutorial by title and inserts its link into the answer', async () => {
    const created = await createCase(t);
    await admin.goto(`${t.url}/app/cases/${created.caseId}`);
    await admin.getByRole('tab', { name: 'Answer' }).click({ timeout: 15_000 });
    await admin.getByRole('button', { name: 'Insert tutorial' }).click();
    await admin.getByLabel('Search published tutorials').fill('account det');
    const matches = admin.getByRole('list', { name: 'Matching tutorials' });
    await matches.getByText(made.title).waitFor({ timeout: 15_000 });
    await shot(admin, 'composer-picker-desktop');
    // Drafts are never offered.
    expect(await matches.getByText('Outlet returns').count()).toBe(0);
    await admin.getByRole('button', { name: `Insert ${made.title}` }).click();
    const answer = admin.getByRole('textbox', { name: 'Answer' });
    expect(await answer.inputValue()).toBe(`${made.title}: ${made.url}`);
    await shot(admin, 'composer-desktop');
    await admin.getByRole('button', { name: 'Send answer' }).click();
    await admin.locator('[data-kind="text"]').filter({ hasText: made.url! }).waitFor({ timeout: 15_000 });
    const detail = await expectJson<CaseDetail>(t.api(`/api/cases/${created.caseId}`));
    expect(detail.thread.find((m) => m.from === 'advisor')?.body).toContain(made.url!);
    // The customer's page links it.
    const page = await (await fetch(`${t.url}${new URL(created.link).pathname}`)).text();
    expect(page).toContain(`href="${made.url}"`);
  });

  it('renames the tutorial and unpublishes it: the public page says so', async () => {
    await admin.goto(`${t.url}/app/tutorials/${made.id}`);
    const title = admin.getByLabel('Tutorial title');
    await title.fill('Save your account details, step by step');
    await title.press('Enter');
    await expect.poll(async () => (await read(made.id)).title, { timeout: 10_000 }).toBe('Save your account details, step by step');
    await admin.getByRole('button', { name: 'Unpublish' }).click({ timeout: 15_000 });
    await admin.getByRole('button', { name: 'Publish…' }).waitFor({ timeout: 15_000 });
    expect((await read(made.id)).status).toBe('draft');
    const list = await expectJson<TutorialList>(t.api('/api/tutorials?status=published'));
    expect(list.tutorials.map((x) => x.id)).not.toContain(made.id);
    const gone = await fetch(`${t.url}/t/${made.slug}`);
    expect(gone.status).toBe(410);
  });
});

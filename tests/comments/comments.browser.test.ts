/**
 * Comments and picked elements in the advisor app, in Chromium against a
 * real server on both databases (issue 12, points 8 and 3):
 *
 * - In the player, "Comment here" with an element picked in the replay
 *   (hover outline, click; Esc cancels a pick): the comment is stored with
 *   the element's node id, selector and label, listed, and pinned on the
 *   timeline; its `?t=&comment=` link opens in a fresh page at that moment
 *   with the comment open and its element outlined.
 * - In the tutorial editor's preview, "Pick an element to hide" adds an
 *   element redaction (listed, with Undo that takes it back); once published,
 *   the element's text is nowhere in what `/t/:slug` serves.
 * - In the tutorial editor's Comments tab, a comment on an element picked in
 *   the preview is pinned on the preview's timeline, and its link opens the
 *   editor on that tab, at that moment, the comment open and outlined; the
 *   published tutorial never carries it.
 *
 * Needs the built app (dist/client). Screenshots (1280×800 and 390×844) land
 * in tests/.artifacts/comments/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { CommentList } from '../../protocol/comments.ts';
import type { Tutorial } from '../../protocol/tutorials.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createTutorial, everythingPublished, expectJson, expectNowhere, recordedVisit } from '../tutorials/tutorial-helpers.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'comments');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const CONTACT = 'Call Kim on the back-office line';
const ADVISOR = { email: 'advisor@comments.test', password: 'advisor-password' };

describe.each(testDrivers)('comments and picked elements in the advisor app on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let sessionId: string;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}-${driver.name}.png`), fullPage: true });

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

  /** Where the replayed element with this DOM id is on the page (its centre), through the stage's scaling; waits for the replay to show it. */
  async function elementPoint(stageHost: Locator, domId: string): Promise<{ x: number; y: number }> {
    const find = () =>
      stageHost.evaluate((host: HTMLElement, id: string) => {
        const iframe = host.shadowRoot!.querySelector<HTMLIFrameElement>('.player__mount iframe');
        const el = iframe?.contentDocument?.getElementById(id);
        if (!iframe || !el || host.dataset.state !== 'paused') return null;
        const r = el.getBoundingClientRect();
        const f = iframe.getBoundingClientRect();
        const scale = f.width / iframe.offsetWidth;
        return { x: f.left + (r.left + r.width / 2) * scale, y: f.top + (r.top + r.height / 2) * scale };
      }, domId);
    await expect.poll(find, { timeout: 15_000 }).not.toBeNull();
    return (await find())!;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    [t, browser] = await Promise.all([startTestServer({ database }), launchChromium()]);
    await t.createAdvisor(ADVISOR.email, ADVISOR.password, 'advisor');
    sessionId = (await recordedVisit(t, { contact: CONTACT })).sessionId;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('comments on a picked element in the player; the pin shows; its link opens the moment with the comment open', async () => {
    const page = await signIn(ADVISOR);
    await page.goto(`${t.url}/app/sessions/${sessionId}?t=1500`);
    const player = page.locator('cobrowse-session-player');
    await expect.poll(() => player.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');

    await page.getByRole('button', { name: 'Comment here' }).click();
    const form = page.getByRole('form', { name: 'New comment' });
    await form.getByText('at 0:01').waitFor();
    // Esc cancels a pick: the layer goes, nothing is picked.
    await form.getByRole('button', { name: 'Pick an element' }).click();
    await page.getByRole('application', { name: /Pick an element/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('application', { name: /Pick an element/ }).waitFor({ state: 'detached' });
    expect(await player.getAttribute('data-state')).toBe('paused');

    await form.getByRole('button', { name: 'Pick an element' }).click();
    const save = await elementPoint(player, 'save');
    await page.mouse.move(save.x, save.y);
    // The element under the pointer is outlined and named.
    await page.getByRole('status').filter({ hasText: 'button · Save' }).waitFor();
    expect(await page.locator('.picker__box').count()).toBe(1);
    await shot(page, 'picking-desktop');
    await page.mouse.click(save.x, save.y);
    await form.getByText('◎ Save').waitFor();
    await form.getByLabel('Comment').fill('This is where the discount field rejects the code');
    await form.getByRole('button', { name: 'Save comment' }).click();
    await page.getByRole('list', { name: 'Comments' }).getByText('This is where the discount field rejects the code').waitFor();

    const { comments } = await expectJson<CommentList>(t.api(`/api/sessions/${sessionId}/comments`));
    expect(comments).toHaveLength(1);
    const comment = comments[0]!;
    expect(comment).toMatchObject({ t: 1500, body: 'This is where the discount field rejects the code', authorName: ADVISOR.email });
    expect(comment.element).toEqual({ nodeId: 13, selector: '#save', label: 'Save' });
    // The pin on the timeline, and the saved comment's element outlined.
    await page.locator('.timeline__marker--comment').waitFor();
    await page.locator('[data-outline]').waitFor();
    await shot(page, 'comment-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'comment-phone');
    await page.setViewportSize(DESKTOP);

    // The link, in a fresh page: at that moment, the comment open, its element outlined.
    const fresh = await signIn(ADVISOR);
    await fresh.goto(`${t.url}/app/sessions/${sessionId}?t=${comment.t}&comment=${comment.id}`);
    const again = fresh.locator('cobrowse-session-player');
    await expect.poll(() => again.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    const open = fresh.locator(`[data-comment-id="${comment.id}"]`);
    await expect.poll(() => open.getAttribute('aria-current'), { timeout: 10_000 }).toBe('true');
    await fresh.locator('[data-outline]').waitFor({ timeout: 10_000 });
    expect(Math.round(await again.evaluate((el: HTMLElement & { currentTime: number }) => el.currentTime))).toBe(comment.t);
    // The outline sits on the Save button.
    const outline = (await fresh.locator('[data-outline]').boundingBox())!;
    const target = await elementPoint(again, 'save');
    expect(Math.abs(outline.x + outline.width / 2 - target.x)).toBeLessThan(3);
    expect(Math.abs(outline.y + outline.height / 2 - target.y)).toBeLessThan(3);
    await shot(fresh, 'comment-link-desktop');
    await fresh.setViewportSize(PHONE);
    await shot(fresh, 'comment-link-phone');

    // A click on the pin opens it too (after closing it in the list).
    await fresh.setViewportSize(DESKTOP);
    await open.getByRole('button', { name: '0:01' }).click();
    await expect.poll(() => open.getAttribute('aria-current')).toBe('false');
    await fresh.locator('.timeline__marker--comment').click();
    await expect.poll(() => open.getAttribute('aria-current')).toBe('true');
    await fresh.context().close();
    await page.context().close();
  });

  it('hides an element picked in the tutorial preview (listed, Undo takes it back); once published, its text is nowhere', async () => {
    const made = await createTutorial(t, { sessionId, title: 'Save your details' });
    const page = await signIn(t.admin);
    await page.goto(`${t.url}/app/tutorials/${made.id}?t=1000`);
    const preview = page.locator('cobrowse-tutorial-preview');
    await expect.poll(() => preview.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    await page.getByRole('tab', { name: 'Privacy' }).click();

    const pick = async () => {
      await page.getByRole('button', { name: 'Pick an element to hide' }).click();
      const contact = await elementPoint(preview, 'contact');
      await page.mouse.move(contact.x, contact.y);
      await page
        .getByRole('status')
        .filter({ hasText: `p · ${CONTACT}` })
        .waitFor();
      await page.mouse.click(contact.x, contact.y);
      await page.getByText(`Hidden: ${CONTACT}.`).waitFor({ timeout: 15_000 });
    };
    await pick();
    const redactions = page.getByRole('list', { name: 'Redactions' });
    await redactions.getByText(`“${CONTACT}” on the page at 0:01`).waitFor();
    let tutorial = await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`));
    expect(tutorial.redactions).toMatchObject([{ kind: 'node', nodeId: 15, atMs: 1000 }]);
    await shot(page, 'redact-element-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'redact-element-phone');
    await page.setViewportSize(DESKTOP);

    // Undo takes it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('No redactions yet.').waitFor({ timeout: 15_000 });
    expect((await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`))).redactions).toEqual([]);

    // Picked again, it stays; the preview is read again without the text.
    await expect.poll(() => preview.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    await pick();
    tutorial = await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`));
    expect(tutorial.redactions).toHaveLength(1);
    const previewEvents = await expectJson<unknown[]>(t.api(`/api/tutorials/${made.id}/events`));
    expect(JSON.stringify(previewEvents)).not.toContain(CONTACT);

    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: /Publish/ });
    await dialog.getByLabel(/Public/).check();
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByLabel('Tutorial URL').waitFor({ timeout: 15_000 });
    const published = await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`));
    expect(published.status).toBe('published');
    expectNowhere(await everythingPublished(t, database, made.id, published.slug), [CONTACT]);
    await page.context().close();
  });

  it("comments on an element of the tutorial's preview; the link opens the editor at it; nothing published carries it", async () => {
    const made = await createTutorial(t, { sessionId, title: 'Where the name goes' });
    const page = await signIn(ADVISOR);
    await page.goto(`${t.url}/app/tutorials/${made.id}?t=1200`);
    const preview = page.locator('cobrowse-tutorial-preview');
    await expect.poll(() => preview.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    // An advisor reads tutorials without editing them, and still comments.
    await page.getByRole('tab', { name: 'Comments' }).click();
    await page.getByRole('button', { name: 'Comment here' }).click();
    const form = page.getByRole('form', { name: 'New comment' });
    await form.getByRole('button', { name: 'Pick an element' }).click();
    const name = await elementPoint(preview, 'name');
    await page.mouse.click(name.x, name.y);
    // A field without a label or text is named by its selector.
    await form.getByText('◎ #name').waitFor();
    await form.getByLabel('Comment').fill('Say which name: the one on the card');
    await form.getByRole('button', { name: 'Save comment' }).click();
    await page.getByRole('list', { name: 'Comments' }).getByText('Say which name').waitFor();
    await preview.locator('.timeline__marker--comment').waitFor();
    const { comments } = await expectJson<CommentList>(t.api(`/api/tutorials/${made.id}/comments`));
    expect(comments).toMatchObject([{ t: 1200, targetKind: 'tutorial', element: { nodeId: 12, selector: '#name', label: null } }]);
    await shot(page, 'tutorial-comment-desktop');

    const fresh = await signIn(t.admin);
    await fresh.goto(`${t.url}/app/tutorials/${made.id}?t=1200&comment=${comments[0]!.id}`);
    const again = fresh.locator('cobrowse-tutorial-preview');
    await expect.poll(() => again.getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    expect(await fresh.getByRole('tab', { name: 'Comments' }).getAttribute('aria-selected')).toBe('true');
    await expect
      .poll(() => fresh.locator(`[data-comment-id="${comments[0]!.id}"]`).getAttribute('aria-current'), { timeout: 10_000 })
      .toBe('true');
    await again.locator('[data-outline]').waitFor({ timeout: 10_000 });
    expect(Math.round(await again.evaluate((el: HTMLElement & { currentTime: number }) => el.currentTime))).toBe(1200);
    // On a phone the replay is scaled down: the outline follows it onto the field.
    await fresh.setViewportSize(PHONE);
    const offCentre = async () => {
      const box = (await again.locator('[data-outline]').boundingBox())!;
      const field = await elementPoint(again, 'name');
      return Math.max(Math.abs(box.x + box.width / 2 - field.x), Math.abs(box.y + box.height / 2 - field.y));
    };
    await expect.poll(offCentre, { timeout: 5_000 }).toBeLessThan(3);
    await shot(fresh, 'tutorial-comment-link-phone');

    const published = await expectJson<{ url: string }>(
      t.api(`/api/tutorials/${made.id}/publish`, { method: 'POST', body: JSON.stringify({ visibility: 'public' }) }),
    );
    const slug = new URL(published.url).pathname.split('/').pop()!;
    expectNowhere(await everythingPublished(t, database, made.id, slug), ['Say which name', comments[0]!.id]);
    await fresh.context().close();
    await page.context().close();
  });
});

/**
 * "Ask for help" from `<cobrowse-recorder>` in real Chromium against the real
 * server: the customer clicks around, asks (question, topic, email), and the
 * case exists at once with a recording that already holds those clicks (the
 * page uploads only once a minute, so only the ask flow's flush can have
 * sent them) and none of the form's text. The link is shown, announced and
 * remembered: a later page adds its recording to the case and continues it
 * live (the Get help code appears; the live session is the case's
 * recording). `askForHelp()` works without the form; a revoked link is
 * forgotten.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import type { CaseDetail } from '../../protocol/cases.ts';
import type { LiveSessionSummary } from '../../protocol/live.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { askPage } from './ask-pages.ts';
import { storedChunkTexts } from '../helpers/stored-chunks.ts';

const ARTIFACTS = 'tests/.artifacts/recorder-ask';
const QUESTION = 'My discount code GARDEN-42 is refused at checkout';
const EMAIL = 'fern@example.test';

describe('Ask for help from the recorder', () => {
  let database: Database;
  let t: TestServer;
  let site: Site;
  let pages: PageServer;
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let sessionId: string;
  const logs: string[] = [];

  const recorder = () => page.locator('cobrowse-recorder');
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
  const getCase = async (id: string) => (await (await t.api(`/api/cases/${id}`)).json()) as CaseDetail;
  const storedText = async (id: string) => {
    return (await storedChunkTexts(database, id)).join('\n');
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database });
    pages = await startPageServer();
    site = await t.createSite({ name: 'Garden shop', allowedOrigins: [pages.url] });
    for (const name of ['Shipping', 'Billing']) {
      const res = await t.api('/api/admin/topics', { method: 'POST', body: JSON.stringify({ siteId: site.id, name }) });
      expect(res.status).toBe(201);
    }
    pages.set('/shop.html', askPage(t.url, site.siteKey));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    page = await context.newPage();
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  it('sends the question with the recording of what the customer just did and shows the private link', async () => {
    await page.goto(`${pages.url}/shop.html`);
    await expect.poll(() => recorder().evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 }).toMatch(/^[0-9a-f-]{36}$/);
    sessionId = await recorder().evaluate((el: any) => el.sessionId);
    for (let i = 0; i < 3; i++) await page.locator('#inc').click();
    await page.getByText('tried 3 times').waitFor();
    await shot('0-buttons');

    await page.getByRole('button', { name: 'Ask for help' }).click();
    const form = page.getByRole('dialog', { name: 'Ask for help' });
    await form.waitFor();
    // The Get help button steps aside while the form is open.
    expect(await page.getByRole('button', { name: 'Get help' }).count()).toBe(0);
    const topic = form.getByLabel('Topic (optional)');
    await expect.poll(() => topic.locator('option').allTextContents()).toEqual(['Choose a topic', 'Billing', 'Shipping']);
    // The question box has the focus as soon as the form opens.
    expect(
      await page.evaluate(
        () =>
          (
            document.querySelector('cobrowse-recorder')!.shadowRoot!.querySelector('cobrowse-ask-panel')!.shadowRoot!
              .activeElement as HTMLElement | null
          )?.id,
      ),
    ).toBe('cb-ask-question');

    await form.getByLabel('Your question').fill(QUESTION);
    await topic.selectOption('Billing');
    await form.getByLabel('Email for a notice (optional)').fill(EMAIL);
    await shot('1-ask-form');
    await form.getByRole('button', { name: 'Send question' }).click();

    const link = page.getByLabel('Your private link');
    await expect.poll(() => link.inputValue().catch(() => ''), { timeout: 20_000 }).toMatch(new RegExp(`^${t.url}/c/[A-Za-z0-9_-]{43}$`));
    await page.getByText('You can close this page now').waitFor();
    await shot('2-ask-sent');

    const created = (await page.evaluate(() => (window as any).created)) as {
      caseId: string;
      link: string;
      sessionId: string;
      expiresAt: number;
    }[];
    expect(created).toHaveLength(1);
    expect(created[0]!.link).toBe(await link.inputValue());
    expect(created[0]!.sessionId).toBe(sessionId);
    expect(created[0]!.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    caseId = created[0]!.caseId;

    // Right away, the server has the case and the clicks made before asking.
    const detail = await getCase(caseId);
    expect(detail).toMatchObject({ sessionId, question: QUESTION, topic: 'Billing', customerEmail: EMAIL, status: 'new' });
    const recorded = await storedText(sessionId);
    expect(recorded).toContain('tried 3 times');
    // The form is blocked from the recording: neither the question nor the email is in it.
    expect(recorded).not.toContain('GARDEN-42');
    expect(recorded).not.toContain(EMAIL);

    const stored = await page.evaluate((key) => localStorage.getItem(`cobrowse:cases:${key}`), site.siteKey);
    expect(JSON.parse(stored!)).toEqual([expect.objectContaining({ caseId, sessionId, title: QUESTION })]);
    expect(logs.filter((l) => l.startsWith('pageerror'))).toEqual([]);
    // The panel's shadow DOM is inside the blocked recorder element: rrweb does not observe it
    // (scripts/rrweb-blocked-shadow-roots.ts), so it does not warn about nodes it cannot record.
    expect(logs.filter((l) => l.includes("Couldn't record new node"))).toEqual([]);

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Get help' }).waitFor();
  });

  it('remembers the link: a later page adds its recording to the case', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Ask for help' }).click();
    const entry = page.locator(`li[data-case-id="${caseId}"]`);
    await entry.getByText(QUESTION).waitFor();
    await shot('3-earlier-questions');
    await entry.getByRole('button', { name: 'Add this recording' }).click();
    await entry.getByText('Recording added').waitFor({ timeout: 20_000 });

    const detail = await getCase(caseId);
    expect(detail.thread.at(-1)).toMatchObject({ from: 'customer', attachments: [{ type: 'session', sessionId }] });
    expect(detail.status).toBe('open');
  });

  it('continues live from the case when an advisor is online: the Get help code appears on the case recording', async () => {
    // The advisor is online: they used the advisor API a moment ago.
    expect((await t.api('/api/cases')).status).toBe(200);
    const entry = page.locator(`li[data-case-id="${caseId}"]`);
    await entry.getByRole('button', { name: 'Continue live' }).click();
    const digits = page.locator('.code__digits');
    await expect.poll(() => digits.textContent().catch(() => null), { timeout: 20_000 }).toMatch(/^\d{6}$/);
    // The form closed for the live panel; the Ask for help button steps aside while live.
    expect(await page.getByRole('dialog', { name: 'Ask for help' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Ask for help' }).count()).toBe(0);
    await shot('4-continue-live');

    expect((await getCase(caseId)).liveRequestedAt).not.toBeNull();
    const live = (await (await t.api('/api/live/sessions')).json()) as { sessions: LiveSessionSummary[] };
    expect(live.sessions).toEqual(expect.arrayContaining([expect.objectContaining({ sessionId, helpRequested: true })]));

    await recorder().evaluate((el: any) => el.endLive());
    await page.getByRole('button', { name: 'Ask for help' }).waitFor();
  });

  it('askForHelp() sends a question without the form and announces the case', async () => {
    const detail = await recorder().evaluate((el: any) =>
      el.askForHelp({ question: 'Can I change my delivery address?', topic: 'shipping' }),
    );
    expect(detail).toMatchObject({ sessionId, link: expect.stringMatching(/\/c\/[A-Za-z0-9_-]{43}$/) });
    // (This page was reloaded since the first question: its listener saw only this one.)
    expect(await page.evaluate(() => (window as any).created.map((c: any) => c.caseId))).toEqual([detail.caseId]);
    expect(await getCase(detail.caseId)).toMatchObject({ topic: 'Shipping', question: 'Can I change my delivery address?' });
    expect(await recorder().evaluate((el: any) => el.cases.map((c: any) => c.caseId))).toEqual([detail.caseId, caseId]);

    const refused = await recorder().evaluate((el: any) =>
      el.askForHelp({ question: '   ' }).then(
        () => 'sent',
        (e: Error) => e.message,
      ),
    );
    expect(refused).toBe('Write your question first.');
  });

  it('fits a phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 760 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    await small.goto(`${pages.url}/shop.html`);
    await small.getByRole('button', { name: 'Ask for help' }).click();
    const card = small.getByRole('dialog', { name: 'Ask for help' });
    await card.getByLabel('Your question').waitFor();
    const box = (await card.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.y).toBeGreaterThanOrEqual(0);
    await small.screenshot({ path: `${ARTIFACTS}/5-ask-form-phone.png` });
    await phone.close();
  });

  it('forgets a link the server refuses', async () => {
    for (const l of (await getCase(caseId)).links) {
      expect((await t.api(`/api/cases/${caseId}/links/${l.id}`, { method: 'DELETE' })).status).toBe(200);
    }
    await page.getByRole('button', { name: 'Ask for help' }).click();
    const entry = page.locator(`li[data-case-id="${caseId}"]`);
    await entry.getByRole('button', { name: 'Add this recording' }).click();
    await expect.poll(() => entry.count(), { timeout: 20_000 }).toBe(0);
    await page.getByText('link no longer works').waitFor();
    expect(await recorder().evaluate((el: any) => el.cases.map((c: any) => c.caseId))).not.toContain(caseId);
  });
});

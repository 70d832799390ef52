/**
 * A tutorial from a real recording: Chromium on the demo shop (the server's
 * own /demo, recorded by the real recorder) browses, changes the cart and is
 * shown some private data (an e-mail, an order reference, a loyalty code in
 * its own element). The editor makes a tutorial of the session, gets
 * proposed steps, is refused publishing while the e-mail shows, redacts the
 * text and the element, and publishes: then none of the three appears in
 * any byte the public page, its JSON and its events serve, nor in the
 * version's stored chunks (gunzipped), while the page still shows the steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Database } from '../../db/client.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import type { Tutorial, TutorialFindingList, TutorialPublished } from '../../protocol/tutorials.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../recorder/rrweb-events.ts';
import { createTutorial, everythingPublished, expectJson, expectNowhere, nodeIdOf, patch, post } from './tutorial-helpers.ts';

const SHOWN = {
  email: 'kim.private@example.org',
  reference: 'ORD-99-SECRET',
  loyalty: 'Loyalty code ZX-4471-QQ',
} as const;

describe.each(testDrivers)('a tutorial from a Chromium recording of the demo shop on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let sessionId: string;
  let startMs: number;

  beforeAll(async () => {
    database = await driver.open();
    [t, browser] = await Promise.all([startTestServer({ database }), launchChromium()]);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.url}/demo/`);
    const footer = page.locator('[data-session-id]');
    await waitFor('the session id', async () => /^[0-9a-f-]{36}$/.test((await footer.textContent()) ?? ''));
    sessionId = (await footer.textContent())!;
    startMs = Date.now();
    await page.click('[data-add="beans"]');
    await page.waitForTimeout(300);
    await page.click('[data-add="kettle"]');
    await page.click('#cart-link');
    await page.waitForURL('**/cart.html');
    await page.fill('tr[data-id="kettle"] input', '2');
    await page.press('tr[data-id="kettle"] input', 'Tab');
    // What a shop shows back to its customer: the tutorial must not.
    await page.evaluate((shown) => {
      const p = (id: string, text: string) => {
        const el = document.createElement('p');
        el.id = id;
        el.textContent = text;
        document.querySelector('main')!.append(el);
      };
      p('tut-email', `Receipts go to ${shown.email}`);
      p('tut-reference', `Your reference: ${shown.reference}`);
      p('tut-loyalty', shown.loyalty);
    }, SHOWN);
    await page.waitForTimeout(300);
    await page.click('#to-checkout');
    await page.waitForURL('**/checkout.html');
    await waitFor(
      'the private data and the checkout page in the stored recording',
      async () => {
        const text = await (await t.api(`/api/sessions/${sessionId}/export`)).text();
        return text.includes(SHOWN.loyalty) && text.includes('checkout.html');
      },
      30_000,
    );
    await page.context().close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('proposes steps, refuses to publish the e-mail, and publishes nothing redacted', async () => {
    const made = await createTutorial(t, { sessionId, startMs: startMs - 50, title: 'Change a quantity in the cart' });
    expect(made.status).toBe('draft');
    expect(made.url).toBeNull();
    expect(made.sources).toEqual([{ sessionId, startMs: startMs - 50, endMs: null }]);
    expect(made.steps.length).toBeGreaterThan(1);
    for (const s of made.steps) {
      expect(s.title.length).toBeGreaterThan(0);
      expect(['click', 'input', 'select', 'navigate']).toContain(s.kind);
      expect(s.t).toBeGreaterThanOrEqual(0);
      expect(s.url).toContain('/demo/');
    }
    expect(made.steps.some((s) => s.kind === 'click')).toBe(true);
    expect(made.steps.some((s) => s.url.endsWith('/demo/cart.html'))).toBe(true);

    // The scan finds the e-mail shown on the page; publishing is refused while it shows.
    const { findings } = await expectJson<TutorialFindingList>(t.api(`/api/tutorials/${made.id}/findings`));
    expect(findings.find((f) => f.value.toLowerCase() === SHOWN.email)?.status).toBe('open');
    const refused = await expectJson<ErrorBody>(post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'public' }), 409);
    expect(refused.error.code).toBe('sensitive_data_unredacted');
    expect(JSON.stringify(refused.error.details)).toContain(SHOWN.email);
    expect((await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`))).status).toBe('draft');

    // The editor puts the private texts into a step too (they must leave it as well).
    const first = made.steps[0]!;
    await expectJson<Tutorial>(
      patch(t, `/api/tutorials/${made.id}/steps/${first.id}`, { body: `Check ${SHOWN.reference} and ${SHOWN.loyalty}` }),
    );

    // The element holding the loyalty code, from the editor's preview events.
    const preview = await expectJson<unknown[]>(t.api(`/api/tutorials/${made.id}/events`));
    const loyaltyNode = nodeIdOf(preview, 'tut-loyalty');
    expect(loyaltyNode).toBeTypeOf('number');
    await expectJson<Tutorial>(
      post(t, `/api/tutorials/${made.id}/redactions`, { nodeIds: [loyaltyNode], texts: [SHOWN.email, SHOWN.reference] }),
      201,
    );
    const redactedPreview = JSON.stringify(await expectJson<unknown[]>(t.api(`/api/tutorials/${made.id}/events`)));
    expect(redactedPreview).not.toContain(SHOWN.email);
    expect(redactedPreview).not.toContain(SHOWN.reference);
    expect(redactedPreview).not.toContain(SHOWN.loyalty);

    const { findings: after } = await expectJson<TutorialFindingList>(t.api(`/api/tutorials/${made.id}/findings`));
    expect(after.filter((f) => f.status === 'open')).toEqual([]);
    const published = await expectJson<TutorialPublished>(post(t, `/api/tutorials/${made.id}/publish`, { visibility: 'public' }));
    const slug = (await expectJson<Tutorial>(t.api(`/api/tutorials/${made.id}`))).slug;
    expect(published).toEqual({ url: `${t.server.config.publicUrl}/t/${slug}`, version: 1 });

    const served = await everythingPublished(t, database, made.id, slug);
    expectNowhere(served, [SHOWN.email, SHOWN.reference, SHOWN.loyalty, 'ZX-4471-QQ']);
    // Still a tutorial: the page names it and lists its steps; the events replay the shop.
    const [html, json, events] = served;
    expect(html).toContain('Change a quantity in the cart');
    for (const s of made.steps) expect(html).toContain(`data-step-id="${s.id}"`);
    // Element names are emphasised, not shown with their `*…*` markers.
    expect(html).toMatch(/<span class="step__title">[^<]*<em>[^<*]+<\/em>/);
    expect(html).not.toMatch(/<span class="step__title">[^<]*\*/);
    expect((JSON.parse(json!) as { steps: unknown[] }).steps).toHaveLength(made.steps.length);
    expect(events).toContain('Bean');
    expect((JSON.parse(events!) as { type: number }[]).some((e) => e.type === 2)).toBe(true);
  });
});

/**
 * The demo shop (server/demo) on the real server: a customer browses,
 * fills the cart and checks out; the recording is one session across the
 * three pages, shows the confirmation, and holds none of the private data.
 * Its "Ask for help" form lists the site's topics: the shop is on the
 * server's own origin, where browsers send no `Origin` on a GET.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openDatabase, type Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from './rrweb-events.ts';

const CUSTOMER = {
  name: 'Margarethe Quillfeather',
  email: 'mq-private@example.org',
  street: '17 Hidden Lane',
  postcode: '90210',
  city: 'Secretville',
  card: '4242424242424242',
  expiry: '12/29',
  cvc: '737',
  password: 'Acc0unt-Pa55word-XYZ',
  notes: 'Ring twice, leave at the green gate',
};

let database: Database;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  database = await openDatabase({});
  [server, browser] = await Promise.all([startTestServer({ database }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

describe('demo shop', () => {
  it('records a whole purchase as one session, without the private data', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(`${server.url}/demo/`);
    const footer = page.locator('[data-session-id]');
    await waitFor('the session id in the footer', async () => /^[0-9a-f-]{36}$/.test((await footer.textContent()) ?? ''));
    const sessionId = (await footer.textContent())!;
    expect(await page.evaluate(() => document.querySelector('cobrowse-recorder')!.sessionId)).toBe(sessionId);

    await page.click('[data-add="beans"]');
    await page.click('[data-add="beans"]');
    await page.click('[data-add="kettle"]');
    await page.click('[data-add="mug"]');
    expect(await page.locator('[data-cart-count]').textContent()).toBe('4');

    await page.click('#cart-link');
    await page.waitForURL('**/cart.html');
    expect(await footer.textContent()).toBe(sessionId);
    await page.fill('tr[data-id="kettle"] input', '3');
    await page.press('tr[data-id="kettle"] input', 'Tab');
    await page.click('tr[data-id="mug"] [data-remove]');
    await expect.poll(() => page.locator('#total').textContent()).toBe('€146.00');

    await page.click('#to-checkout');
    await page.waitForURL('**/checkout.html');
    expect(await footer.textContent()).toBe(sessionId);
    for (const field of ['name', 'email', 'street', 'postcode', 'city', 'card', 'expiry', 'cvc', 'password', 'notes'] as const) {
      await page.locator(`#${field}`).pressSequentially(CUSTOMER[field], { delay: 2 });
    }
    await page.click('#place-order');
    await page.locator('#confirmation').waitFor();

    const exported = await waitFor(
      'the confirmation in the stored recording',
      async () => {
        const res = await server.api(`/api/sessions/${sessionId}/export`);
        if (res.status !== 200) return undefined;
        const text = await res.text();
        return text.includes('Thank you, your order is placed!') ? text : undefined;
      },
      30_000,
    );
    const events = JSON.parse(exported) as Array<{ type: number; data: any }>;
    // Three pages, each opening with a snapshot.
    expect(events.filter((e) => e.type === 2).length).toBeGreaterThanOrEqual(3);
    expect(exported).toContain('/demo/cart.html');
    expect(exported).toContain('/demo/checkout.html');
    // Searched in the recording's text, not its numbers: a short secret like
    // the CVC may occur by chance inside a timestamp or a coordinate.
    const text = stringsIn(events).join('\n');
    expect(text).toContain('Bean & Brew');
    for (const [field, value] of Object.entries(CUSTOMER)) {
      expect(text, field).not.toContain(value);
    }
    expect(text).not.toContain('4242');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lists the demo site's topics in the Ask for help form (a same-origin GET, without Origin)", async () => {
    const { sites } = (await (await server.api('/api/sites')).json()) as { sites: Site[] };
    const demo = sites.find((s) => s.siteKey === server.server.bootstrap.demoSiteKey)!;
    for (const name of ['Orders', 'Delivery']) {
      const res = await server.api('/api/admin/topics', { method: 'POST', body: JSON.stringify({ siteId: demo.id, name }) });
      expect(res.status).toBe(201);
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const topicRequests: (string | undefined)[] = [];
    page.on('request', (r) => r.url().endsWith('/ingest/v1/topics') && topicRequests.push(r.headers()['origin']));

    await page.goto(`${server.url}/demo/`);
    await page.evaluate(() => document.querySelector('cobrowse-recorder')!.openAskForm());
    const topic = page.getByRole('dialog', { name: 'Ask for help' }).getByLabel('Topic (optional)');
    await expect
      .poll(() => topic.locator('option').allTextContents(), { timeout: 15_000 })
      .toEqual(['Choose a topic', 'Delivery', 'Orders']);
    // The browser really sent it without Origin (what used to be refused).
    expect(topicRequests).toEqual([undefined]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  return [];
}

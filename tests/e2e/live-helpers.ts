/**
 * Helpers for the live end-to-end test (tests/e2e/live.test.ts): the
 * customer's pages (one-tag install with the Get help button), advisors
 * with display names, and the few things a person does in the two UIs:
 * sign in, join with a code, read the live view's replay, click or draw at
 * a point of the customer's page shown in the live view.
 */
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';

export const PASSWORD_SECRET = 'Tr0ub4dor&3-secret';

/**
 * The host page: a counter, a text field, a password field, a
 * `data-cb-no-control` button (with its own counter, so a click that got
 * through would show), a list, and a link to the second page.
 */
export const shopPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Garden shop</title>
<style>
  body { font: 16px/1.5 Georgia, serif; margin: 0; padding: 24px 48px; background: #fdf6e3; color: #333; }
  h1 { font-size: 36px; margin: 0 0 12px; }
  .row { display: flex; gap: 16px; align-items: center; margin: 10px 0; }
  button { font: inherit; padding: 8px 16px; }
  input { font: inherit; padding: 4px 8px; }
</style>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart help-button flush-interval="300"></cobrowse-recorder>
  <h1 id="title">Garden shop</h1>
  <p id="intro">Seeds, tools and advice for your garden.</p>
  <div class="row"><button id="inc">Add one</button> <span>Count: <b id="count">0</b></span></div>
  <div class="row"><button id="danger" data-cb-no-control>Delete account</button> <span>Deleted: <b id="danger-count">0</b></span></div>
  <div class="row"><label>Name <input id="name" autocomplete="off"></label></div>
  <div class="row"><label>Password <input id="password" type="password" autocomplete="off"></label></div>
  <ul id="list"><li>first</li></ul>
  <a id="next" href="/second.html">Checkout</a>
  <script>
    const bump = (id) => { const c = document.getElementById(id); c.textContent = String(Number(c.textContent) + 1); };
    document.getElementById('inc').onclick = () => bump('count');
    document.getElementById('danger').onclick = () => bump('danger-count');
    window.refused = [];
    document.addEventListener('cobrowse-control-refused', (e) => window.refused.push(e.detail));
  </script>
</body></html>`;

export const secondPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Checkout</title>
<style>body { font: 16px/1.5 Georgia, serif; margin: 0; padding: 24px 48px; background: #eef6ee; }</style>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart help-button flush-interval="300"></cobrowse-recorder>
  <h1 id="title">Checkout</h1>
  <p id="status">Review your order</p>
  <button id="confirm" onclick="document.getElementById('status').textContent = 'Order confirmed'">Confirm</button>
</body></html>`;

export interface Person {
  email: string;
  password: string;
  name: string;
}

/** An advisor with a display name (the test server's helper names them by e-mail). */
export async function insertAdvisor(database: Database, who: Person): Promise<void> {
  const [row] = await database.db
    .insert(advisors)
    .values({ email: who.email, name: who.name, passwordHash: await hashPassword(who.password) })
    .returning();
  await upsertMembership(database.db, { orgId: await defaultOrgId(database.db), advisorId: row!.id, role: 'advisor' });
}

/** Opens the advisor app and signs in through its form. */
export async function signIn(page: Page, serverUrl: string, who: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.goto(`${serverUrl}/app/`);
  await page.getByLabel(/email/i).fill(who.email);
  await page.getByLabel(/password/i).fill(who.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByRole('link', { name: 'Join live' }).waitFor();
}

/** "Join live" → types the code the customer read out → Join. */
export async function joinWithCode(page: Page, code: string): Promise<void> {
  await page.getByRole('link', { name: 'Join live' }).click();
  await page.getByLabel('Code from the customer').fill(code);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

/** The customer presses Get help and reads the 6-digit code off the page. */
export async function getHelpCode(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Get help' }).click();
  const digits = page.locator('cobrowse-recorder .code__digits');
  await expect.poll(() => digits.textContent(), { timeout: 20_000 }).toMatch(/^\d{6}$/);
  return (await digits.textContent())!;
}

export const liveView = (page: Page): Locator => page.locator('cobrowse-live-view');
export const viewState = (page: Page) => liveView(page).getAttribute('data-state');
export const viewControl = (page: Page) => liveView(page).getAttribute('data-control');

/** Text of an element of the customer's page as the live view's replay shows it (null: not there). */
export function replayText(page: Page, selector: string): Promise<string | null> {
  return liveView(page).evaluate(
    (v: any, sel: string) => v.replayIframe?.contentDocument?.querySelector(sel)?.textContent ?? null,
    selector,
  );
}

/** Everything the replay holds of a field: its value, its value attribute, and the whole document's markup. */
export function replayField(page: Page, selector: string) {
  return liveView(page).evaluate((v: any, sel: string) => {
    const doc: Document | undefined = v.replayIframe?.contentDocument;
    const input = doc?.querySelector<HTMLInputElement>(sel);
    return {
      value: input?.value ?? null,
      attribute: input?.getAttribute('value') ?? null,
      html: doc?.documentElement.outerHTML ?? '',
    };
  }, selector);
}

/** The screen point over the live view for a point of the customer's viewport (CSS px). */
export function screenPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return liveView(page).evaluate(
    (v: any, p: { x: number; y: number }) => {
      const o = v.shadowRoot.querySelector('.live__overlay').getBoundingClientRect();
      const vp = v.replay.viewport;
      return { x: o.left + (p.x / vp.width) * o.width, y: o.top + (p.y / vp.height) * o.height };
    },
    { x, y },
  );
}

/** The screen point over the live view at the middle of an element of the replayed page. */
export async function screenPointOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const c = await liveView(page).evaluate((v: any, sel: string) => {
    const el = v.replayIframe?.contentDocument?.querySelector(sel);
    if (!el) throw new Error(`not in the replay: ${sel}`);
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, selector);
  return screenPoint(page, c.x, c.y);
}

/** The advisor clicks on an element of the customer's page in the live view. */
export async function clickInView(page: Page, selector: string): Promise<void> {
  const p = await screenPointOf(page, selector);
  await page.mouse.click(p.x, p.y);
}

/** The `cobrowse-control-refused` details the host page collected. */
export const refused = (page: Page) => page.evaluate(() => (window as any).refused as { action: string; reason: string }[]);

/** The recorder's live state as the customer's element reports it. */
export const customerLive = (page: Page) => page.locator('cobrowse-recorder').evaluate((el: any) => el.live ?? null);

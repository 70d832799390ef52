/**
 * The foundation end to end, as a site owner and an advisor would use it:
 * a site registered through the API, a page on another origin carrying the
 * one-tag install, a customer who types (a password too), clicks, adds and
 * removes nodes, loses the network, reloads and goes to a second page; then
 * an advisor who signs in to the advisor app and replays it, checked against
 * what the customer's page showed at several moments. Also: nothing private
 * in the stored bytes, no chunk lost, and the export replays in stock rrweb.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { eventChunks } from '../../db/schema.ts';
import type { SessionDetail, SessionPage, Site } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { storedChunkTexts } from '../helpers/stored-chunks.ts';

const SECRETS = {
  name: 'Alice Zephyrine',
  password: 'S3cret-Passw0rd!',
  notes: 'Deliver to the blue door',
  maskedText: 'IBAN-DE89-3704-0044',
  blockedText: 'BLOCKED-LOYALTY-CODE',
} as const;

const page1 = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Account</title>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart></cobrowse-recorder>
  <h1 id="title">Your account</h1>
  <label>Name <input id="name" autocomplete="off"></label>
  <label>Password <input id="password" type="password"></label>
  <label>Notes <textarea id="notes"></textarea></label>
  <p data-cb-mask id="iban">${SECRETS.maskedText}</p>
  <div data-cb-block id="loyalty">${SECRETS.blockedText}</div>
  <button id="add">Add item</button> <button id="remove">Remove item</button>
  <ul id="list"><li>item 1</li><li>item 2</li></ul>
  <a id="next" href="/second.html">Continue</a>
  <script>
    let n = 2;
    document.getElementById('add').onclick = () => {
      const li = document.createElement('li');
      li.textContent = 'item ' + ++n;
      document.getElementById('list').append(li);
    };
    document.getElementById('remove').onclick = () => document.querySelector('#list li:last-child')?.remove();
  </script>
</body></html>`;

const page2 = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Second</title>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart></cobrowse-recorder>
  <h1 id="title">Order summary</h1>
  <p id="status">pending</p>
  <button id="confirm" onclick="document.getElementById('status').textContent = 'confirmed'">Confirm</button>
</body></html>`;

/** What the customer's page showed at a moment, to compare with the replay at that moment. */
interface Checkpoint {
  label: string;
  ts: number;
  dom: PageState;
}
interface PageState {
  title: string | null;
  items: string[];
  status: string | null;
}

function readState(doc: Document): PageState {
  return {
    title: doc.querySelector('#title')?.textContent ?? null,
    items: [...doc.querySelectorAll('#list li')].map((li) => li.textContent ?? ''),
    status: doc.querySelector('#status')?.textContent ?? null,
  };
}

describe('record a page on another origin, replay it in the advisor app', () => {
  let database: Database;
  let t: TestServer;
  let site: Site;
  let pages: PageServer;
  let browser: Browser;
  let sessionId: string;
  const checkpoints: Checkpoint[] = [];

  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({ database });
    pages = await startPageServer();
    // Registered the way a site owner would: through the API, for the page server's origin.
    site = await t.createSite({ name: 'Customer site', allowedOrigins: [pages.url] });
    pages.set('/account.html', page1(t.url, site.siteKey));
    pages.set('/second.html', page2(t.url, site.siteKey));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  /** `pause: false` when the test must act at once (reload or close right after the change). */
  const checkpoint = async (page: Page, label: string, { pause = true } = {}) => {
    // Let the mutation reach rrweb (a microtask) and the frame settle before stamping the time.
    const { ts, dom } = await page.evaluate(
      (readStateSource) =>
        new Promise<{ ts: number; dom: PageState }>((resolve) =>
          requestAnimationFrame(() =>
            setTimeout(() => resolve({ ts: Date.now(), dom: new Function(`return (${readStateSource})`)()(document) })),
          ),
        ),
      readState.toString(),
    );
    checkpoints.push({ label, ts, dom });
    // Keep the next change well clear of this moment.
    if (pause) await page.waitForTimeout(700);
  };

  it('records a customer through typing, an outage, a reload and a navigation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${pages.url}/account.html`);

    const recorder = page.locator('cobrowse-recorder');
    await expect.poll(() => recorder.evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 }).toMatch(/^[0-9a-f-]{36}$/);
    sessionId = await recorder.evaluate((el: any) => el.sessionId);
    await checkpoint(page, 'loaded');

    await page.fill('#name', SECRETS.name);
    await page.fill('#password', SECRETS.password);
    await page.click('#add');
    await page.click('#add');
    await checkpoint(page, 'two items added');
    await page.click('#remove');
    await checkpoint(page, 'one item removed');

    // The network goes away: recording goes on, chunks wait in the outbox.
    await context.setOffline(true);
    await page.click('#add');
    await page.click('#add');
    await checkpoint(page, 'added while offline');
    await page.waitForTimeout(2500);
    await context.setOffline(false);

    // Changes made right before a reload must survive it.
    await page.fill('#notes', SECRETS.notes);
    await page.click('#remove');
    await checkpoint(page, 'removed just before reload', { pause: false });
    await page.reload();
    await expect
      .poll(() => page.locator('cobrowse-recorder').evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 })
      .toBe(sessionId);
    await checkpoint(page, 'after reload');

    await page.click('#next');
    await page.waitForURL('**/second.html');
    await expect
      .poll(() => page.locator('cobrowse-recorder').evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 })
      .toBe(sessionId);
    await checkpoint(page, 'second page');
    await page.click('#confirm');
    await checkpoint(page, 'confirmed', { pause: false });

    // Closing the tab right away: the last events still reach the server.
    // (The context, i.e. the browser profile, stays: closing it would tear
    // down its network stack, which a closed tab in a real browser does not.)
    expect(errors).toEqual([]);
    await page.close();
    await expect
      .poll(
        async () => {
          const detail = (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
          return detail.lastEventTs ?? 0;
        },
        { timeout: 45_000, interval: 500 },
      )
      // The click's mutation is stamped a frame before the checkpoint.
      .toBeGreaterThanOrEqual(checkpoints.at(-1)!.ts - 300);
    await context.close();
  });

  it('stores every chunk once, numbered without gaps', async () => {
    const rows = await database.db
      .select({ seq: eventChunks.seq })
      .from(eventChunks)
      .where(eq(eventChunks.sessionId, sessionId))
      .orderBy(asc(eventChunks.seq));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i));
  });

  it('keeps typed, masked and blocked content out of every stored byte', async () => {
    const stored = (await storedChunkTexts(database, sessionId)).join('\n');
    expect(stored).toContain('item 1'); // the recording itself is there…
    for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret); // …the secrets are not
    const exported = await (await t.api(`/api/sessions/${sessionId}/export`)).text();
    for (const secret of Object.values(SECRETS)) expect(exported).not.toContain(secret);
  });

  it('lists the session for the advisor and replays what the customer saw at each moment', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${t.url}/app/`);
    await page.getByLabel(/email/i).fill(t.admin.email);
    await page.getByLabel(/password/i).fill(t.admin.password);
    await page.getByRole('button', { name: /sign in/i }).click();

    const list = (await (await t.api(`/api/sessions?siteId=${site.id}`)).json()) as SessionPage;
    expect(list.sessions.map((s) => s.id)).toEqual([sessionId]);
    const row = page.getByText('/account.html').first();
    await row.waitFor();
    await row.click();

    const player = page.locator('cobrowse-session-player');
    await expect.poll(() => player.getAttribute('data-state'), { timeout: 30_000 }).toMatch(/paused|playing|ended/);
    const detail = (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
    const origin = detail.firstEventTs!;
    expect(detail.pages.map((p) => new URL(p.url).pathname)).toEqual(['/account.html', '/second.html']);

    for (const cp of checkpoints) {
      // At the checkpoint's own moment: the change was stamped before it, and
      // a reload or close right after it must not be in the picture yet.
      const replayed = await replayedStateAt(player, cp.ts - origin);
      expect.soft(replayed, `replay at "${cp.label}"`).toEqual(cp.dom);
    }
    // And backwards: seeking to an earlier moment rebuilds that moment.
    const first = checkpoints[1]!;
    expect(await replayedStateAt(player, first.ts - origin)).toEqual(first.dom);
    await page.screenshot({ path: 'tests/.artifacts/e2e/advisor-replay.png' });
    await context.close();
  });

  it('exports a plain rrweb event array that stock rrweb replays', async () => {
    const events = (await (await t.api(`/api/sessions/${sessionId}/export`)).json()) as { type: number; timestamp: number }[];
    expect(events[0]).toMatchObject({ type: 4 }); // Meta
    expect(events[1]).toMatchObject({ type: 2 }); // FullSnapshot
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
    const rrwebUmd = join(dirname(createRequire(import.meta.url).resolve('rrweb')), 'rrweb.umd.cjs');
    await page.addScriptTag({ content: readFileSync(rrwebUmd, 'utf8') });
    const last = checkpoints.at(-1)!;
    const state = await page.evaluate(
      ({ events, offset, readStateSource }) => {
        const replayer = new (window as any).rrweb.Replayer(events, { root: document.getElementById('root') });
        replayer.pause(offset);
        return new Function(`return (${readStateSource})`)()(replayer.iframe.contentDocument);
      },
      // +1: rrweb applies only the events strictly before a pause offset.
      { events, offset: last.ts - events[0]!.timestamp + 1, readStateSource: readState.toString() },
    );
    expect(state).toEqual(last.dom);
    await context.close();
  });
});

async function replayedStateAt(player: Locator, sessionMs: number): Promise<PageState> {
  await player.evaluate((el: any, ms: number) => el.seek(ms), sessionMs);
  await expect.poll(() => player.getAttribute('data-state'), { timeout: 20_000 }).toMatch(/paused|ended/);
  return player.evaluate(
    (el: any, readStateSource: string) => new Function(`return (${readStateSource})`)()(el.iframe.contentDocument as Document) as PageState,
    readState.toString(),
  );
}

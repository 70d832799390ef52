/**
 * cutRange against a page that changes in every way rrweb records, recorded
 * live by the real recorder in Chromium (no fixture): nodes moved and
 * replaced, style properties set and removed (rrweb's style diffs),
 * attributes removed, text edited, CSS rules inserted (CSSOM), an adopted
 * style sheet, a scrolled box and window, typed and ticked fields, a
 * select, a same-origin iframe and an open shadow root changed after load.
 * Cut at moments between the changes, the cut's opening shows what the
 * whole replay shows there: the same normalised DOM (iframe and shadow
 * content included) and the same pixels.
 */
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { cutRange } from '../../server/tutorials/transform/index.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { waitFor } from '../recorder/rrweb-events.ts';
import { differingPixels, replayAt, replayPage } from './replay-page.ts';

const churnPage = (server: string, siteKey: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Churn</title>
<style id="rules">body { font: 16px sans-serif; margin: 0; } .box { border: 2px solid #333; margin: 8px; }</style>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart></cobrowse-recorder>
  <h1 id="title" title="Original title" style="margin: 4px; color: blue">Churn page</h1>
  <ul id="list"><li>one</li><li>two</li><li>three</li></ul>
  <div id="replace"><p>old content</p></div>
  <p id="text">first text</p>
  <div id="scroller" class="box" style="height: 80px; overflow: auto"><div style="height: 400px">tall content<br>more</div></div>
  <label>Name <input id="name"></label>
  <label><input type="checkbox" id="agree"> Agree</label>
  <label>Size <select id="size"><option>S</option><option>M</option><option>L</option></select></label>
  <iframe id="frame" srcdoc="<p id=inner>inside the frame</p>" style="width: 300px; height: 80px"></iframe>
  <shadow-card id="card"></shadow-card>
  <div style="height: 1500px" class="box">spacer</div>
  <script>
    customElements.define('shadow-card', class extends HTMLElement {
      constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<b>shadow text</b>'; }
    });
  </script>
</body></html>`;

/** The page's changes, each run in the page; the test notes a moment after each. */
const CHANGES: Record<string, () => void> = {
  moveAndReplace: () => {
    const list = document.getElementById('list')!;
    list.insertBefore(list.lastElementChild!, list.firstElementChild);
    list.append(Object.assign(document.createElement('li'), { textContent: 'four' }));
    document.getElementById('replace')!.innerHTML = '<p>new <em>content</em></p><p>second</p>';
  },
  styleAndAttributes: () => {
    const title = document.getElementById('title')!;
    title.style.setProperty('color', 'rgb(200, 0, 0)');
    title.style.removeProperty('margin');
    title.style.setProperty('padding', '6px', 'important');
    title.removeAttribute('title');
    title.setAttribute('data-state', 'changed');
    (document.getElementById('text')!.firstChild as Text).data = 'second text';
  },
  cssom: () => {
    const sheet = (document.getElementById('rules') as HTMLStyleElement).sheet!;
    sheet.insertRule('#list li { background: rgb(255, 230, 200); }', sheet.cssRules.length);
    const adopted = new CSSStyleSheet();
    adopted.replaceSync('#text { text-decoration: underline; }');
    document.adoptedStyleSheets = [adopted];
  },
  frameAndShadow: () => {
    const inner = (document.getElementById('frame') as HTMLIFrameElement).contentDocument!;
    inner.getElementById('inner')!.textContent = 'changed inside the frame';
    inner.body.append(Object.assign(inner.createElement('em'), { textContent: 'added inside' }));
    document.getElementById('card')!.shadowRoot!.append(Object.assign(document.createElement('i'), { textContent: ' more shadow' }));
  },
  scroll: () => {
    document.getElementById('scroller')!.scrollTop = 120;
    window.scrollTo(0, 300);
  },
};

let database: Database;
let t: TestServer;
let pages: PageServer;
let browser: Browser;
let replay: Page;
let events: eventWithTime[];
const moments: { label: string; t: number }[] = [];

beforeAll(async () => {
  database = await openDatabase({});
  t = await startTestServer({ database });
  pages = await startPageServer();
  const site = await t.createSite({ name: 'Churn', allowedOrigins: [pages.url] });
  pages.set('/churn.html', churnPage(t.url, site.siteKey));
  browser = await launchChromium();
  replay = await replayPage(browser);

  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${pages.url}/churn.html`);
  const sessionId = await waitFor('the recording session', () =>
    page.locator('cobrowse-recorder').evaluate((el: HTMLElement & { sessionId?: string }) => el.sessionId),
  );
  await page.waitForTimeout(800);
  const note = async (label: string) => {
    const at = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(Date.now())))));
    moments.push({ label, t: at });
    await page.waitForTimeout(500);
  };
  for (const [label, change] of Object.entries(CHANGES)) {
    await page.evaluate(`(${change.toString()})()`);
    await note(label);
  }
  await page.locator('#name').pressSequentially('Zebulon', { delay: 20 });
  await page.check('#agree');
  await page.selectOption('#size', 'L');
  await note('fields');
  // The same clock as the page's (one machine): the removal's event is stamped after this.
  const removedAt = Date.now();
  await page.evaluate(() => document.getElementById('list')!.firstElementChild!.remove());
  await note('after');
  await page.close();

  events = await waitFor(
    'the last change in the stored recording',
    async () => {
      const res = await t.api(`/api/sessions/${sessionId}/export`);
      const exported = res.status === 200 ? ((await res.json()) as eventWithTime[]) : [];
      // The removal itself (the moment noted after it can be far later on a loaded machine).
      const removal = exported.some(
        (e) =>
          e.type === EventType.IncrementalSnapshot &&
          e.data.source === IncrementalSource.Mutation &&
          e.data.removes.length > 0 &&
          e.timestamp >= removedAt,
      );
      return removal ? exported : undefined;
    },
    30_000,
  );
  await context.close();
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await t?.close();
  await database?.close();
});

describe('cutRange on a page that changes in every way rrweb records', () => {
  it('recorded one page, its changes after the snapshot', () => {
    expect(events.filter((e) => e.type === EventType.FullSnapshot)).toHaveLength(1);
    expect(moments.map((m) => m.label)).toEqual([...Object.keys(CHANGES), 'fields', 'after']);
  });

  it('opens each cut looking like the whole replay at its in-point', async () => {
    const origin = events[0]!.timestamp;
    for (const moment of moments) {
      const inPoint = moment.t - origin;
      const cut = cutRange(events, inPoint);
      const whole = await replayAt(replay, events, inPoint + 1);
      const opened = await replayAt(replay, cut, 1);
      expect(opened.dom, moment.label).toEqual(whole.dom);
      expect(opened.scroll, moment.label).toEqual(whole.scroll);
      expect(await differingPixels(replay, opened.png, whole.png), moment.label).toBe(0);
    }
    // The last moment shows every change.
    const last = await replayAt(replay, events, moments.at(-1)!.t - origin + 1);
    for (const text of [
      'second text',
      'changed inside the frame',
      'added inside',
      'more shadow',
      'data-state="changed"',
      '.checked=true',
      '.value="*******"',
      // A masked select's value matches no option: the replay shows none, the cut too.
      '.selectedIndex=-1',
    ]) {
      expect(last.dom).toContain(text);
    }
    expect(last.scroll.y).toBeGreaterThan(200);
  });
});

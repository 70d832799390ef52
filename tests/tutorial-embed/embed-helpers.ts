/**
 * Shared by the `<cobrowse-tutorial>` tests: the "recorded site" (a server
 * standing where the demo-shop recording was made, counting every request it
 * gets: a published replay must make none), a tutorial published through the
 * real API from that recording, a help-centre page embedding it, and
 * readers of the element's state from inside its shadow root.
 */
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SessionImport } from '../../protocol/api.ts';
import type { Tutorial, TutorialFindingList, TutorialPublished, TutorialVisibility } from '../../protocol/tutorials.ts';
import type { TestServer } from '../helpers/server.ts';
import { demoFlow } from '../tutorials/fixture.ts';
import { createTutorial, expectJson, post } from '../tutorials/tutorial-helpers.ts';

/** Where tests/fixtures/tutorial-demo-flow.json.gz was recorded (a test server's port: read from its first page). */
export function fixtureOrigin(events: { type: number; data: unknown }[]): string {
  const meta = events.find((e) => e.type === 4) as { data: { href: string } } | undefined;
  if (!meta) throw new Error('the fixture has no Meta event');
  return new URL(meta.data.href).origin;
}

export interface RecordedSite {
  origin: string;
  /** Every path asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A server at the recording's (rewritten) origin that answers everything and remembers being asked. */
export async function startRecordedSite(): Promise<RecordedSite> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The demo-shop recording, as if made at `origin` just now, imported as a
 * session, made a tutorial (proposed steps), a callout on its second step,
 * its findings redacted, and published (`public` unless told).
 */
export async function publishDemoTutorial(
  t: TestServer,
  origin: string,
  title = 'Buying a kettle',
  visibility: TutorialVisibility = 'public',
) {
  const events = demoFlow();
  const shift = Date.now() - 5_000 - events.at(-1)!.timestamp;
  const moved = JSON.parse(JSON.stringify(events).replaceAll(fixtureOrigin(events), origin)) as typeof events;
  for (const e of moved) e.timestamp += shift;
  const imported = await expectJson<SessionImport>(
    t.api(`/api/sessions/import?siteId=${t.site.id}`, {
      method: 'POST',
      body: gzipSync(JSON.stringify(moved)),
      headers: { 'content-type': 'application/gzip' },
    }),
    201,
  );
  const made = await createTutorial(t, { sessionId: imported.sessions[0]!.sessionId, title });
  expect(made.steps.length).toBeGreaterThan(3);
  const path = `/api/tutorials/${made.id}`;
  const second = made.steps[1]!;
  await expectJson(post(t, `${path}/annotations`, { stepId: second.id, kind: 'callout', text: 'Click here to add it' }), 201);
  const { findings } = await expectJson<TutorialFindingList>(t.api(`${path}/findings`));
  const open = findings.filter((f) => f.status === 'open').map((f) => f.value);
  if (open.length) await expectJson(post(t, `${path}/redactions`, { texts: open }), 201);
  const published = await expectJson<TutorialPublished>(post(t, `${path}/publish`, { visibility }));
  const tutorial = await expectJson<Tutorial>(t.api(path));
  return { tutorial, published };
}

/** A help-centre page (on another origin) embedding the tutorial the way the docs say. */
export function helpCentrePage(serverUrl: string, src: string, intro = 'How to buy a kettle') {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Help centre</title>
    <style>body { font-family: sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px; }</style>
    <script type="module" src="${serverUrl}/tutorial.js"></script>
  </head>
  <body>
    <h1>${intro}</h1>
    <p>Watch it done once, step by step.</p>
    <cobrowse-tutorial src="${src}"></cobrowse-tutorial>
    <p>Still stuck? Write to us.</p>
  </body>
</html>`;
}

export interface EmbedState {
  state: string | null;
  stepIndex: number;
  currentTime: number;
  mode: string;
  caption: string;
  current: string | null;
  failure: string | null;
}

/** What the element shows now, read from its shadow root. */
export function embedState(page: Page): Promise<EmbedState> {
  return page.evaluate(() => {
    const el = document.querySelector('cobrowse-tutorial') as HTMLElement & { stepIndex: number; currentTime: number; mode: string };
    const root = el.shadowRoot!;
    return {
      state: el.getAttribute('data-state'),
      stepIndex: el.stepIndex,
      currentTime: el.currentTime,
      mode: el.mode,
      caption: root.querySelector('.caption')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      current: root.querySelector('[aria-current="step"]')?.getAttribute('data-step-id') ?? null,
      failure: root.querySelector('[data-failure]')?.getAttribute('data-failure') ?? null,
    };
  });
}

/**
 * The highlight's box and the step's element's box, both in the page's
 * pixels: the element found by the step's selector in the replay's iframe
 * (same-origin: rrweb's sandbox allows it), mapped through the iframe's scale.
 */
export function highlightAndTarget(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const root = document.querySelector('cobrowse-tutorial')!.shadowRoot!;
    const iframe = root.querySelector('iframe')!;
    const frame = iframe.getBoundingClientRect();
    const scale = frame.width / iframe.offsetWidth;
    const el = iframe.contentDocument!.querySelector(sel)!;
    const r = el.getBoundingClientRect();
    const h = root.querySelector('.target')?.getBoundingClientRect();
    const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
    return {
      target: box(frame.left + r.left * scale, frame.top + r.top * scale, r.width * scale, r.height * scale),
      highlight: h ? box(h.left, h.top, h.width, h.height) : null,
    };
  }, selector);
}

/**
 * @module server/tutorials/guide/step-picture-renderer
 * Draws the written guide's picture of each step: headless Chromium
 * (playwright-core, the system's binary) replays a published version's own
 * redacted events with rrweb's Replayer, paused at each step's moment, the
 * step's element outlined, fitted into {@link PICTURE_SIZE}, and takes a PNG.
 *
 * The rendering browser never contacts anything: the page is built from
 * memory (`setContent`, the Replayer's script inlined), and every request it
 * would make — the recorded site's images, stylesheets, fonts, frames — is
 * aborted by a context-wide route and counted in `blockedRequests` (`data:`
 * addresses never reach the network), and no host name resolves. Scripts of the recorded page never
 * run: rrweb's iframe is sandboxed without `allow-scripts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import type { StepBox } from '../../../protocol/tutorials-constants.ts';

/** Scribe's format, and the size a help centre shows. */
export const PICTURE_SIZE = { width: 1280, height: 800 } as const;

/** What the renderer needs of a step. */
export interface StepTarget {
  id: string;
  /** ms since the first event. */
  t: number;
  nodeId: number | null;
  selector: string | null;
  box: StepBox | null;
}

export interface RenderedPicture {
  stepId: string;
  png: Buffer;
  width: number;
  height: number;
}

export interface RenderResult {
  pictures: RenderedPicture[];
  /** Every address the replay tried to reach (all refused). */
  blockedRequests: string[];
}

/** Whether a browser is there to render with. */
export const chromiumAvailable = (path: string | undefined): path is string => !!path && existsSync(path);

const ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--no-first-run',
  '--mute-audio',
  // NOTE: no name resolves, so not even a DNS lookup of the recorded site leaves the machine (prefetches included).
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

let replayerScript: string | undefined;
/** rrweb's browser bundle, read once (the Replayer; the same file the advisor app's player is built from). */
const rrwebUmd = () =>
  (replayerScript ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('rrweb')), 'rrweb.umd.cjs'), 'utf8'));

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  html, body { margin: 0; width: ${PICTURE_SIZE.width}px; height: ${PICTURE_SIZE.height}px; overflow: hidden; background: #f3f4f6; }
  #stage { position: absolute; left: 0; top: 0; transform-origin: 0 0; background: #fff; }
  #stage iframe { border: 0; display: block; }
  #mark { position: absolute; display: none; box-sizing: border-box; border: 3px solid #2563eb; border-radius: 6px;
    background: rgba(37, 99, 235, 0.12); box-shadow: 0 0 0 4px rgba(37, 99, 235, 0.25); pointer-events: none; z-index: 10; }
</style></head><body><div id="stage"></div><div id="mark"></div></body></html>`;

/** Renders one PNG per step (in the order given) from `events`; throws when the browser cannot start. */
export async function renderStepPictures(executablePath: string, events: unknown[], steps: StepTarget[]): Promise<RenderResult> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // NOTE: Chromium's own sandbox cannot start as root (containers); it then runs without it. The page it
    // renders is ours and holds no running script of the recorded site (see the module comment).
    args: [...ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });
  const blockedRequests: string[] = [];
  try {
    const context = await browser.newContext({ viewport: PICTURE_SIZE, deviceScaleFactor: 1, serviceWorkers: 'block' });
    await context.route('**/*', async (route) => {
      blockedRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ content: rrwebUmd() });
    await page.evaluate(startReplay, events);
    const pictures: RenderedPicture[] = [];
    for (const step of steps) {
      await page.evaluate(showStep, { ...step, picture: PICTURE_SIZE });
      pictures.push({ stepId: step.id, png: await page.screenshot({ type: 'png' }), ...PICTURE_SIZE });
    }
    return { pictures, blockedRequests };
  } finally {
    await browser.close();
  }
}

/** The Replayer rrweb's bundle puts on `window`, as far as these functions use it. */
interface PageReplayer {
  pause(offsetMs: number): void;
  iframe: HTMLIFrameElement;
  getMirror(): { getNode(id: number): Node | null };
}
type PageWindow = Window & {
  rrweb: { Replayer: new (events: unknown[], options: object) => PageReplayer };
  guideReplayer?: PageReplayer;
};

/** In the page: one Replayer over the events, into `#stage`. */
function startReplay(events: unknown[]): void {
  const w = window as unknown as PageWindow;
  w.guideReplayer = new w.rrweb.Replayer(events, {
    root: document.getElementById('stage'),
    mouseTail: false,
    showWarning: false,
    triggerFocus: false,
    UNSAFE_replayCanvas: false,
  });
}

/** In the page: the replay at the step's moment, fitted and centred, its element outlined. */
async function showStep(step: StepTarget & { picture: { width: number; height: number } }): Promise<void> {
  const w = window as unknown as PageWindow;
  const replayer = w.guideReplayer!;
  // rrweb applies the events strictly before the pause point: +1 shows the page as the step's event left it.
  replayer.pause(step.t + 1);
  const frame = replayer.iframe;
  const width = Number(frame.width) || step.picture.width;
  const height = Number(frame.height) || step.picture.height;
  const scale = Math.min(step.picture.width / width, step.picture.height / height);
  const left = (step.picture.width - width * scale) / 2;
  const top = (step.picture.height - height * scale) / 2;
  const stage = document.getElementById('stage')!;
  stage.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
  stage.style.width = `${width}px`;
  stage.style.height = `${height}px`;
  const doc = frame.contentDocument;
  // Images the events carry inline (data:) decode asynchronously; the others were refused.
  if (doc)
    await Promise.race([
      Promise.all([...doc.images].map((img) => img.decode().catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 500)),
    ]);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

  const visible = (node: Node | null | undefined): DOMRect | null => {
    if (!node || node.nodeType !== 1 || !node.isConnected) return null;
    const rect = (node as Element).getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 ? rect : null;
  };
  let rect = step.nodeId === null ? null : visible(replayer.getMirror().getNode(step.nodeId));
  if (!rect && step.selector && doc) {
    try {
      rect = visible(doc.querySelector(step.selector));
    } catch {
      // A selector this document cannot parse: try the box.
    }
  }
  const pad = 4;
  const box = rect
    ? { x: rect.left - pad, y: rect.top - pad, width: rect.width + 2 * pad, height: rect.height + 2 * pad }
    : step.box
      ? { x: step.box.x - 14, y: step.box.y - 14, width: Math.max(step.box.width, 0) + 28, height: Math.max(step.box.height, 0) + 28 }
      : null;
  const mark = document.getElementById('mark')!;
  if (!box) {
    mark.style.display = 'none';
    return;
  }
  mark.style.display = 'block';
  mark.style.left = `${left + box.x * scale}px`;
  mark.style.top = `${top + box.y * scale}px`;
  mark.style.width = `${box.width * scale}px`;
  mark.style.height = `${box.height * scale}px`;
  mark.style.borderRadius = rect ? '6px' : '50%';
}

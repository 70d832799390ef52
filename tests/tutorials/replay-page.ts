/**
 * Stock rrweb's Replayer in real Chromium, for the tutorial transform tests:
 * a blank page with rrweb's UMD bundle, replaying an event array paused at
 * a moment, read back as what a viewer sees: a normalised serialisation of
 * the replayed document (elements, attributes, texts, and the form fields'
 * live values and ticks, which the DOM's attributes do not show), the
 * window's scroll and size, and a screenshot of the replay.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { eventWithTime } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';

const rrwebUmd = readFileSync(join(dirname(createRequire(import.meta.url).resolve('rrweb')), 'rrweb.umd.cjs'), 'utf8');

export interface ReplayedView {
  dom: string;
  scroll: { x: number; y: number };
  size: { width: number; height: number };
  png: Buffer;
}

export async function replayPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.setContent('<!doctype html><html><body style="margin:0"><div id="root"></div></body></html>');
  await page.addScriptTag({ content: rrwebUmd });
  return page;
}

/**
 * `events` replayed and paused at `offsetMs` (ms after the first event).
 * rrweb applies the events strictly before the pause point, so a caller
 * wanting "the page at t" passes t + 1.
 */
export async function replayAt(page: Page, events: eventWithTime[], offsetMs: number): Promise<ReplayedView> {
  // As plain JSON: playwright's argument types recurse too deep into rrweb's event union.
  const plain: unknown[] = events;
  const view = await page.evaluate(
    async ({ events, offsetMs }) => {
      const root = document.getElementById('root')!;
      const w = window as unknown as { rrweb: { Replayer: new (e: unknown[], o: unknown) => any }; replayer?: any };
      w.replayer?.pause();
      root.replaceChildren();
      const replayer = new w.rrweb.Replayer(events, { root, mouseTail: false, showWarning: false, triggerFocus: false });
      w.replayer = replayer;
      replayer.pause(offsetMs);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const iframe = replayer.iframe as HTMLIFrameElement;
      const doc = iframe.contentDocument!;
      const serialize = (node: Node, depth: number): string => {
        const pad = ' '.repeat(depth);
        if (node.nodeType === Node.TEXT_NODE) {
          const parent = node.parentElement?.tagName;
          if (parent === 'TEXTAREA') return '';
          const text = (node.textContent ?? '').replace(/\s+/g, ' ');
          return text.trim() ? `${pad}"${text}"\n` : '';
        }
        if (node.nodeType === Node.COMMENT_NODE || node.nodeType !== Node.ELEMENT_NODE) return '';
        // Checked by tag name: the replayed nodes belong to the replay frame's window, where this window's
        // HTMLInputElement & co. are other classes (instanceof would always be false).
        const el = node as HTMLElement;
        const tag = el.tagName;
        const attributes = [...el.attributes].map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
        if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT')
          attributes.push(`.value=${JSON.stringify((el as HTMLInputElement).value)}`);
        const input = el as HTMLInputElement;
        if (tag === 'INPUT' && (input.type === 'checkbox' || input.type === 'radio')) attributes.push(`.checked=${input.checked}`);
        if (tag === 'SELECT') attributes.push(`.selectedIndex=${(el as HTMLSelectElement).selectedIndex}`);
        if (el.scrollTop || el.scrollLeft) attributes.push(`.scroll=${el.scrollLeft},${el.scrollTop}`);
        // rrweb's own style sheet rules in <head> differ in nothing the customer saw.
        const children = [...el.childNodes, ...(el.shadowRoot ? [...el.shadowRoot.childNodes] : [])];
        // A same-origin frame's document, as the viewer sees it.
        const frame = tag === 'IFRAME' ? (el as HTMLIFrameElement).contentDocument?.documentElement : undefined;
        if (frame) children.push(frame);
        return `${pad}<${el.tagName.toLowerCase()} ${attributes.join(' ')}>\n${children.map((c) => serialize(c, depth + 1)).join('')}`;
      };
      return {
        dom: serialize(doc.documentElement, 0),
        scroll: { x: iframe.contentWindow!.scrollX, y: iframe.contentWindow!.scrollY },
        size: { width: iframe.clientWidth, height: iframe.clientHeight },
      };
    },
    { events: plain, offsetMs },
  );
  const png = await page.locator('#root iframe').screenshot();
  return { ...view, png };
}

/** The rrweb node id of the replayed element a selector finds (null when none), with the replay paused at `offsetMs`. */
export async function nodeIdAt(page: Page, events: eventWithTime[], offsetMs: number, selector: string): Promise<number | null> {
  await replayAt(page, events, offsetMs);
  return page.evaluate((selector) => {
    const replayer = (window as unknown as { replayer: any }).replayer;
    const el = (replayer.iframe as HTMLIFrameElement).contentDocument!.querySelector(selector);
    return el ? (replayer.getMirror().getId(el) as number) : null;
  }, selector);
}

/** How many pixels differ between two PNGs of the same size (decoded by the browser). */
export async function differingPixels(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([a, b]) => {
      const decode = async (data: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height);
      };
      const [pa, pb] = await Promise.all([decode(a), decode(b)]);
      if (pa.width !== pb.width || pa.height !== pb.height) return Number.POSITIVE_INFINITY;
      let n = 0;
      for (let i = 0; i < pa.data.length; i += 4) {
        if (pa.data[i] !== pb.data[i] || pa.data[i + 1] !== pb.data[i + 1] || pa.data[i + 2] !== pb.data[i + 2]) n++;
      }
      return n;
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

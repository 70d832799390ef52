/**
 * @module recorder/page-content-options
 * What rrweb records of a page beyond its DOM and CSS: `<canvas>` pictures
 * (opt-in) and fonts a script adds (`new FontFace(…)` +
 * `document.fonts.add`).
 *
 * - Canvas: off by default. A canvas's pixels are not in the DOM; with
 *   `canvas` on, rrweb samples every canvas `fps` times a second (default 2)
 *   as a WebP picture (`quality`, default 0.6) in a worker, and records only
 *   pictures that changed. Pictures can show anything the page draws, masked
 *   fields' text included if the page paints it, so a site turns it on
 *   knowingly; a canvas inside `[data-cb-block]` is never recorded.
 * - Fonts: rrweb's `collectFonts` records each font a script adds, by URL
 *   (made absolute here, since the replay runs on another origin) or as its
 *   bytes; a font given as bytes larger than {@link MAX_INLINE_FONT_CHARS}
 *   once encoded is left out (the replay falls back to another font) rather
 *   than holding up a chunk.
 */
import type { recordOptions } from 'rrweb';
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';

export interface CanvasOptions {
  /** Pictures a second per canvas. Default 2. */
  fps?: number;
  /** WebP quality, 0…1. Default 0.6. */
  quality?: number;
}

export interface ResolvedCanvas {
  fps: number;
  quality: number;
}

export const CANVAS_DEFAULTS: ResolvedCanvas = { fps: 2, quality: 0.6 };
/** rrweb writes a font's bytes as a JSON array of numbers: about 3.6 characters a byte. */
export const MAX_INLINE_FONT_CHARS = 1_000_000;

export function resolveCanvas(canvas: boolean | CanvasOptions | undefined): ResolvedCanvas | false {
  if (!canvas) return false;
  const given = canvas === true ? {} : canvas;
  const fps = given.fps && given.fps > 0 ? Math.min(given.fps, 30) : CANVAS_DEFAULTS.fps;
  const quality = given.quality && given.quality > 0 && given.quality <= 1 ? given.quality : CANVAS_DEFAULTS.quality;
  return { fps, quality };
}

type Sampling = NonNullable<recordOptions<eventWithTime>['sampling']>;
type ContentOptions = Pick<recordOptions<eventWithTime>, 'recordCanvas' | 'dataURLOptions' | 'collectFonts'> & { sampling: Sampling };

/** rrweb's options for canvas and fonts; `sampling`: the recording's other sampling settings, kept. */
export function pageContentOptions(canvas: ResolvedCanvas | false, sampling: Sampling): ContentOptions {
  return {
    collectFonts: true,
    ...(canvas
      ? {
          recordCanvas: true,
          sampling: { ...sampling, canvas: canvas.fps },
          dataURLOptions: { type: 'image/webp', quality: canvas.quality },
        }
      : { recordCanvas: false, sampling }),
  };
}

/** A font event made fit for a replay elsewhere: its URLs absolute; `false` to leave it out (too large). */
export function fitFontEvent(event: eventWithTime, base: string): boolean {
  if (event.type !== EventType.IncrementalSnapshot || event.data.source !== IncrementalSource.Font) return true;
  const data = event.data;
  if (data.buffer) return data.fontSource.length <= MAX_INLINE_FONT_CHARS;
  data.fontSource = data.fontSource.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (match, quote: string, url: string) => {
    try {
      return `url(${quote}${new URL(url, base).href}${quote})`;
    } catch {
      return match;
    }
  });
  return true;
}

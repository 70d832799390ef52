/**
 * @module client/player/canvas-replay-plugin
 * Shows a recording's `<canvas>` pictures in the replay without letting the
 * replayed page run scripts.
 *
 * rrweb's Replayer draws canvases only with `UNSAFE_replayCanvas`, which
 * gives the replay iframe `allow-scripts`. Without it (our player) the
 * replay document has scripting disabled, and there a `<canvas>` is not a
 * canvas at all: HTML renders its fallback content instead (an empty inline
 * box), whatever is drawn into it. So this plugin gives each recorded canvas
 * the box it had (its own size, unless the page's CSS sizes it) and shows
 * its picture as that box's CSS background: a snapshot's `rr_dataURL` when its canvas is
 * built, and the pictures the recorder samples (`record-canvas`: each a
 * `clearRect` + `drawImage` of a WebP, see recorder/page-content-options.ts)
 * as they come, the latest one winning. Other canvas commands (rrweb's
 * unsampled mode, which our recorder does not use) are left out.
 */
import type { ReplayPlugin } from 'rrweb';
import { EventType, IncrementalSource, type canvasMutationCommand, type eventWithTime } from '@rrweb/types';

interface EncodedBlob {
  rr_type: 'Blob';
  type?: string;
  data: { rr_type: 'ArrayBuffer'; base64: string }[];
}

/** The picture of a sampled frame: `drawImage(ImageBitmap(Blob(ArrayBuffer)), …)`, if `commands` are one. */
function sampledPicture(commands: canvasMutationCommand[]): EncodedBlob | null {
  const draw = commands.find((c) => c.property === 'drawImage');
  const bitmap = draw?.args[0] as { rr_type?: string; args?: EncodedBlob[] } | undefined;
  const blob = bitmap?.rr_type === 'ImageBitmap' ? bitmap.args?.[0] : undefined;
  return blob?.rr_type === 'Blob' ? blob : null;
}

function decode(blob: EncodedBlob): Blob {
  const parts = blob.data.map(({ base64 }) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  return new Blob(parts, { type: blob.type ?? 'image/webp' });
}

function isCanvas(node: unknown): node is HTMLCanvasElement {
  return (node as Node | null)?.nodeName === 'CANVAS';
}

/**
 * The replay's CSS for recorded canvases (the Replayer's `insertStyleRules`:
 * first in the replay's `<head>`, so the page's own CSS still wins): the
 * fallback box is given the canvas's size from its `width`/`height`
 * attributes (typed `attr()`; where a browser lacks it, {@link fitBox} sets
 * it on the element).
 */
export const CANVAS_BOX_RULES = [
  'canvas { display: inline-block; width: attr(width px, 300px); aspect-ratio: attr(width type(<number>), 300) / attr(height type(<number>), 150); }',
];

const typedAttr = typeof CSS !== 'undefined' && CSS.supports('width', 'attr(width px, 300px)');

/** Where typed `attr()` is missing: the canvas's own size, on the element. */
function fitBox(canvas: HTMLCanvasElement): void {
  if (typedAttr) return;
  canvas.style.setProperty('width', `${canvas.width}px`);
  canvas.style.setProperty('aspect-ratio', `${canvas.width} / ${canvas.height}`);
}

export function canvasReplayPlugin(): ReplayPlugin {
  /** The blob URL each canvas shows, revoked when a newer picture replaces it. */
  const shown = new WeakMap<HTMLCanvasElement, string>();
  const show = (canvas: HTMLCanvasElement, url: string) => {
    const old = shown.get(canvas);
    if (old?.startsWith('blob:')) URL.revokeObjectURL(old);
    shown.set(canvas, url);
    if (!old) fitBox(canvas);
    canvas.style.setProperty('background', `url("${url}") 0 0 / 100% 100% no-repeat`, 'important');
  };

  return {
    onBuild(node, { replayer }) {
      if (!isCanvas(node)) return;
      const meta = replayer.getMirror().getMeta(node);
      const dataURL = meta && 'attributes' in meta ? meta.attributes.rr_dataURL : undefined;
      if (typeof dataURL === 'string' && dataURL.startsWith('data:image/')) show(node, dataURL);
    },
    handler(event: eventWithTime, _isSync, { replayer }) {
      if (event.type !== EventType.IncrementalSnapshot || event.data.source !== IncrementalSource.CanvasMutation) return;
      const data = event.data;
      const picture = 'commands' in data ? sampledPicture(data.commands) : null;
      const canvas = picture && replayer.getMirror().getNode(data.id);
      if (picture && isCanvas(canvas)) show(canvas, URL.createObjectURL(decode(picture)));
    },
  };
}

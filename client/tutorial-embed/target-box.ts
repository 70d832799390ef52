/**
 * @module client/tutorial-embed/target-box
 * Where a step's (or an annotation's) element is in the replay, in the
 * recorded viewport's CSS pixels: the element itself as the Replayer built it
 * (rrweb node id, read through its mirror; the page as replayed, scrolled
 * or not), else the step's selector in the replayed page, else the box the
 * step recorded.
 */
import type { Replayer } from 'rrweb';
import type { StepBox } from '../../protocol/tutorials.ts';

export interface TargetInput {
  nodeId: number | null;
  selector?: string | null;
  box?: StepBox | null;
}

function elementBox(el: Element | null | undefined): StepBox | null {
  if (!el || !el.isConnected || typeof el.getBoundingClientRect !== 'function') return null;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return null;
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

export function targetBox(replayer: Replayer | null, target: TargetInput): StepBox | null {
  if (replayer) {
    if (target.nodeId !== null) {
      const node = replayer.getMirror().getNode(target.nodeId);
      const box = elementBox(node && node.nodeType === 1 ? (node as Element) : null);
      if (box) return box;
    }
    if (target.selector) {
      try {
        const box = elementBox(replayer.iframe.contentDocument?.querySelector(target.selector));
        if (box) return box;
      } catch {
        // A selector this browser does not parse: the recorded box below.
      }
    }
  }
  return target.box ?? null;
}

/**
 * Synthetic rrweb pages for the asset tests: a Meta event and a full
 * snapshot whose body holds the elements a test names, with fresh node ids.
 */
import type { eventWithTime } from '@rrweb/types';

export interface Node {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, string>;
  childNodes?: Node[];
  textContent?: string;
  isStyle?: boolean;
}

let nextId = 10;
export const el = (tagName: string, attributes: Record<string, string>, childNodes: Node[] = []): Node => ({
  type: 2,
  id: nextId++,
  tagName,
  attributes,
  childNodes,
});

/** A page (Meta + full snapshot) whose body holds `children`. */
export function page(href: string, children: Node[], ts = Date.now()): eventWithTime[] {
  const body = el('body', {}, children);
  const events: unknown[] = [
    { type: 4, timestamp: ts, data: { href, width: 800, height: 600 } },
    {
      type: 2,
      timestamp: ts + 1,
      data: { node: { type: 0, id: 1, childNodes: [el('html', {}, [el('head', {}), body])] }, initialOffset: { left: 0, top: 0 } },
    },
  ];
  return events as eventWithTime[];
}

/** A text node (`isStyle`: the text of a `<style>`). */
export const textNode = (textContent: string, isStyle = false): Node => ({
  type: 3,
  id: nextId++,
  textContent,
  ...(isStyle ? { isStyle } : {}),
});

/**
 * rrweb events of a small checkout page, built without a browser, for the
 * scripted customer of the live tests: a Meta + full snapshot whose node ids
 * are known (so control commands can be checked), and the mutations and
 * mouse moves the customer's recorder would send after it.
 */
import type { eventWithTime } from '@rrweb/types';

const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3 } as const;

/** Mirror ids of the page's interesting nodes. */
export const IDS = { body: 5, status: 8, statusText: 9, pay: 10, name: 12, notes: 14 } as const;
export const VIEWPORT = { width: 1000, height: 700 } as const;
/** Where the Pay button and the name field are, in the customer's viewport. */
export const PAY_BOX = { x: 100, y: 200, width: 200, height: 60 } as const;
export const NAME_BOX = { x: 100, y: 320, width: 300, height: 36 } as const;

const el = (id: number, tagName: string, attributes: Record<string, string | number>, childNodes: unknown[] = []) => ({
  type: NodeType.Element,
  tagName,
  attributes,
  childNodes,
  id,
});
const text = (id: number, textContent: string) => ({ type: NodeType.Text, textContent, id });
const box = (b: { x: number; y: number; width: number; height: number }) =>
  `position:absolute;left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px;margin:0;box-sizing:border-box`;

/** Meta + full snapshot of the page showing `status`. */
export function snapshot(ts: number, status: string): eventWithTime[] {
  const node = {
    type: NodeType.Document,
    id: 1,
    childNodes: [
      { type: NodeType.DocumentType, name: 'html', publicId: '', systemId: '', id: 2 },
      el(3, 'html', {}, [
        el(4, 'head', {}, []),
        el(IDS.body, 'body', { style: 'margin:0;font-family:sans-serif;background:#fffdf5' }, [
          el(6, 'h1', { style: 'margin:20px 100px' }, [text(7, 'Checkout')]),
          el(IDS.status, 'p', { id: 'status', style: 'margin:0 100px;font-size:24px' }, [text(IDS.statusText, status)]),
          el(IDS.pay, 'button', { id: 'pay', style: `${box(PAY_BOX)};font-size:20px` }, [text(11, 'Pay now')]),
          el(IDS.name, 'input', { id: 'name', type: 'text', value: '', style: box(NAME_BOX) }),
          el(
            IDS.notes,
            'div',
            { id: 'notes', style: 'position:absolute;left:100px;top:400px;width:400px;height:120px;overflow:auto;border:1px solid #ccc' },
            [el(15, 'div', { style: 'height:600px' }, [text(16, 'Long notes…')])],
          ),
        ]),
      ]),
    ],
  };
  return [
    { type: 4, data: { href: 'http://shop.test/checkout', ...VIEWPORT }, timestamp: ts },
    { type: 2, data: { node, initialOffset: { top: 0, left: 0 } }, timestamp: ts } as eventWithTime,
  ];
}

/** The status text changes (a DOM mutation). */
export function statusChange(ts: number, status: string): eventWithTime {
  return {
    type: 3,
    data: { source: 0, texts: [{ id: IDS.statusText, value: status }], attributes: [], removes: [], adds: [] },
    timestamp: ts,
  };
}

/** The customer's mouse moved to (x, y) (one position). */
export function mouseMove(ts: number, x: number, y: number): eventWithTime {
  return { type: 3, data: { source: 1, positions: [{ x, y, id: IDS.body, timeOffset: 0 }] }, timestamp: ts };
}

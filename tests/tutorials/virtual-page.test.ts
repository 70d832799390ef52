/**
 * The parts of VirtualPage the recordings in this folder reach only by
 * chance: rrweb's style diffs (`{ color: 'red', margin: false, top: [v,
 * 'important'] }`) written back as text, and adds that arrive before their
 * parent or next sibling (rrweb's replayer holds them back until those
 * are there), applied to the real recording's first page.
 */
import { EventType, IncrementalSource, NodeType, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { applyStyleDiff, parseStyle } from '../../server/tutorials/transform/style-attribute.ts';
import { attributeOf, textOf, VirtualPage } from '../../server/tutorials/transform/virtual-page.ts';
import { demoFlow, elementIdOf } from './fixture.ts';

describe('style diffs', () => {
  it('set, replace, prioritise and remove properties, keeping the order', () => {
    expect(applyStyleDiff('margin: 4px; color: blue', { color: 'red', margin: false, top: ['0px', 'important'] })).toBe(
      'color: red; top: 0px !important;',
    );
    expect(applyStyleDiff('background: url("a;b.png") no-repeat', { color: 'red' })).toBe(
      'background: url("a;b.png") no-repeat; color: red;',
    );
    expect([...parseStyle('a: 1 !important;; b:2;junk')]).toEqual([
      ['a', { value: '1', important: true }],
      ['b', { value: '2', important: false }],
    ]);
  });
});

describe('VirtualPage', () => {
  it('places adds that come before their parent or next sibling, as the replayer does', () => {
    const events = demoFlow();
    const page = new VirtualPage();
    const firstChange = events.findIndex((e) => e.type === EventType.IncrementalSnapshot);
    for (const event of events.slice(0, firstChange)) page.apply(event);
    const list = elementIdOf(events, 'id', 'products');
    const at = events[firstChange - 1]!.timestamp;
    // A list item whose text comes first, and a second item placed before the first, in one mutation.
    const mutation: eventWithTime = {
      type: EventType.IncrementalSnapshot,
      timestamp: at,
      data: {
        source: IncrementalSource.Mutation,
        texts: [],
        attributes: [{ id: list, attributes: { style: { outline: ['1px solid red', 'important'] } } }],
        removes: [],
        adds: [
          { parentId: 9002, nextId: null, node: { type: NodeType.Text, textContent: 'second', id: 9003 } },
          { parentId: list, nextId: 9001, node: { type: NodeType.Element, tagName: 'p', attributes: {}, childNodes: [], id: 9002 } },
          { parentId: 9001, nextId: null, node: { type: NodeType.Text, textContent: 'first', id: 9004 } },
          { parentId: list, nextId: null, node: { type: NodeType.Element, tagName: 'p', attributes: {}, childNodes: [], id: 9001 } },
          { parentId: 424242, nextId: null, node: { type: NodeType.Text, textContent: 'orphan', id: 9005 } },
        ],
      },
    };
    page.apply(mutation);
    const products = page.get(list)!;
    expect(products.children.slice(-2).map((c) => textOf(c))).toEqual(['second', 'first']);
    expect(page.get(9005)).toBeUndefined(); // its parent never came
    expect(attributeOf(products, 'style')).toBe('outline: 1px solid red !important;');
    // The rebuilt snapshot holds them with their ids.
    expect(JSON.stringify(page.serialize())).toContain('"textContent":"second","id":9003');
  });
});

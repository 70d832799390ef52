/**
 * The embed's pure parts: the events rewritten so a replay fetches nothing
 * from the recorded site (on the real demo-shop recording and on each kind
 * of event that can carry an address), the element's `src` read as a
 * tutorial's addresses, and the steps walked (the step at a moment while
 * playing, annotations per step, chapters, emphasised names).
 */
import { describe, expect, it } from 'vitest';
import { EventType, type eventWithTime } from '@rrweb/types';
import { OFFLINE_IMAGE, offlineCss, offlineEvents } from '../../shared/offline-events.ts';
import { tutorialUrls } from '../../client/tutorial-embed/tutorial-source.ts';
import { annotationsOf, followPlayback, stepGroups, stepIndexAt, titleParts } from '../../client/tutorial-embed/tutorial-steps.ts';
import type { PublicTutorial, PublishedStep } from '../../protocol/tutorials.ts';
import { demoFlow, stringsIn } from '../tutorials/fixture.ts';
import { fixtureOrigin } from './embed-helpers.ts';

const SERVER = 'https://help.example.com';
/** The recorded site: the demo shop's origin in the fixture. */
const SHOP = fixtureOrigin(demoFlow());

describe('offlineEvents', () => {
  it('leaves no address of the recorded site in the demo-shop recording that would be fetched', () => {
    const events = demoFlow();
    // What the Replayer builds pages from (the recorder's own context events, failed requests among them, are only listed).
    const photos = (list: eventWithTime[]) =>
      stringsIn(list.filter((e) => e.type === EventType.FullSnapshot || e.type === EventType.IncrementalSnapshot)).filter((s) =>
        s.includes(`${SHOP}/demo/photos/`),
      );
    const before = photos(events);
    expect(before.length).toBeGreaterThan(0);
    const after = offlineEvents(events, SERVER);
    expect(photos(after)).toEqual([]);
    expect(after).toHaveLength(events.length);
    // Pure: the events given are unchanged.
    expect(photos(events)).toEqual(before);
  });

  it('rewrites every kind of event that can carry an address, keeping data:, fragments and the server', () => {
    const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({
      type: 2,
      id,
      tagName,
      attributes,
      childNodes,
    });
    const events = [
      {
        type: 2,
        timestamp: 1,
        data: {
          node: {
            type: 0,
            id: 1,
            childNodes: [
              el(2, 'html', {}, [
                el(3, 'head', {}, [
                  el(4, 'link', { rel: 'preload', href: `${SHOP}/font.woff2` }),
                  el(5, 'meta', { 'http-equiv': 'refresh', content: `0;url=${SHOP}/away` }),
                  el(6, 'style', {}, [
                    { type: 3, id: 7, isStyle: true, textContent: `b{background:url(${SHOP}/b.png)}@import "${SHOP}/x.css";` },
                  ]),
                ]),
                el(8, 'body', { style: `background: url('${SHOP}/bg.png')` }, [
                  el(9, 'img', { src: `${SHOP}/a.png`, srcset: `${SHOP}/a@2x.png 2x` }),
                  el(10, 'img', { src: 'data:image/png;base64,AAAA' }),
                  el(11, 'a', { href: `${SHOP}/next` }),
                  el(12, 'a', { href: '#top' }),
                  el(13, 'img', { src: `${SERVER}/placeholder.png` }),
                  el(14, 'iframe', { src: `${SHOP}/frame.html` }),
                  el(15, 'form', { action: `${SHOP}/post` }),
                ]),
              ]),
            ],
          },
          initialOffset: { left: 0, top: 0 },
        },
      },
      {
        type: 3,
        timestamp: 2,
        data: {
          source: 0,
          adds: [{ parentId: 8, nextId: null, node: el(20, 'video', { poster: `${SHOP}/p.jpg` }) }],
          attributes: [
            { id: 9, attributes: { src: `${SHOP}/b.png` } },
            { id: 8, attributes: { style: { 'background-image': `url(${SHOP}/c.png)`, color: 'red' } } },
          ],
          texts: [{ id: 7, value: `i{background:url("${SHOP}/d.png")}` }],
          removes: [],
        },
      },
      { type: 3, timestamp: 3, data: { source: 8, id: 6, adds: [{ rule: `p{background:url(${SHOP}/e.png)}`, index: 0 }] } },
      {
        type: 3,
        timestamp: 4,
        data: { source: 13, id: 6, index: [0], set: { property: 'background', value: `url(${SHOP}/f.png)`, priority: undefined } },
      },
      { type: 3, timestamp: 5, data: { source: 10, family: 'Shop', fontSource: `url(${SHOP}/font.woff2)`, buffer: false } },
      { type: 3, timestamp: 6, data: { source: 10, family: 'Inline', fontSource: 'AAAA', buffer: true } },
    ] as unknown as eventWithTime[];
    const out = offlineEvents(events, SERVER);
    const text = JSON.stringify(out);
    expect(text).not.toContain(SHOP);
    expect(text).toContain('data:image/png;base64,AAAA');
    expect(text).toContain('"#top"');
    expect(text).toContain(`${SERVER}/placeholder.png`);
    expect(text).toContain(JSON.stringify(OFFLINE_IMAGE));
    expect(text).toContain('"color":"red"');
    // The font only named by address is left out; the inlined one stays.
    expect(out).toHaveLength(events.length - 1);
    expect(text).toContain('"family":"Inline"');
  });

  it('offlineCss keeps local urls and empties the others', () => {
    expect(offlineCss(`a{b:url("data:image/png;base64,x")}c{d:url(${SHOP}/e.png)}`, SERVER)).toBe(
      'a{b:url("data:image/png;base64,x")}c{d:url("data:,")}',
    );
    expect(offlineCss('p{color:red}', SERVER)).toBe('p{color:red}');
  });
});

describe('tutorialUrls', () => {
  it('reads the page or its tutorial.json, absolute or relative to the embedding page', () => {
    const page = `${SERVER}/t/abc`;
    const expected = { page, json: `${page}/tutorial.json`, views: `${page}/views`, origin: SERVER };
    expect(tutorialUrls(`${SERVER}/t/abc`, 'https://shop.example/help')).toEqual(expected);
    expect(tutorialUrls(`${SERVER}/t/abc/`, 'https://shop.example/help')).toEqual(expected);
    expect(tutorialUrls(`${SERVER}/t/abc/tutorial.json`, 'https://shop.example/help')).toEqual(expected);
    expect(tutorialUrls('/t/abc/tutorial.json', `${SERVER}/t/abc`)).toEqual(expected);
  });

  it('refuses what is not a tutorial address', () => {
    for (const src of ['', 'javascript:alert(1)', `${SERVER}/app/`, `${SERVER}/t/`, 'http://[bad']) {
      expect(tutorialUrls(src, 'https://shop.example/'), src).toBeNull();
    }
  });
});

describe('walking the steps', () => {
  const step = (id: string, t: number, chapterId: string | null = null): PublishedStep => ({
    id,
    t,
    title: `Click *${id}*`,
    body: '',
    kind: 'click',
    url: '',
    pageTitle: null,
    nodeId: null,
    selector: null,
    box: null,
    chapterId,
  });
  const steps = [step('a', 100, 'c1'), step('b', 500, 'c1'), step('c', 500), step('d', 900, 'c2')];
  const tutorial: PublicTutorial = {
    slug: 's',
    title: 'T',
    version: 1,
    publishedAt: '',
    steps,
    chapters: [
      { id: 'c1', title: 'First' },
      { id: 'c2', title: 'Second' },
    ],
    annotations: [
      { id: 'x', stepId: 'b', t: null, nodeId: null, kind: 'callout', text: 'on b' },
      { id: 'y', stepId: null, t: 950, nodeId: null, kind: 'arrow', text: 'in d' },
      { id: 'z', stepId: null, t: 600, nodeId: null, kind: 'highlight', text: 'in c' },
    ],
    eventsUrl: '/t/s/events',
  };

  it('finds the step at a moment; playback only moves it forward unless time went back before it', () => {
    expect(stepIndexAt(steps, 50)).toBe(-1);
    expect(stepIndexAt(steps, 100)).toBe(0);
    expect(stepIndexAt(steps, 700)).toBe(2);
    expect(followPlayback(steps, 0, 600)).toBe(2);
    // Next onto the first of two steps at one moment stays there while paused at it.
    expect(followPlayback(steps, 1, 500)).toBe(1);
    expect(followPlayback(steps, 3, 200)).toBe(0);
  });

  it('gives each step its annotations, groups steps by chapter and emphasises names', () => {
    expect(annotationsOf(tutorial, 1).map((a) => a.id)).toEqual(['x']);
    expect(annotationsOf(tutorial, 2).map((a) => a.id)).toEqual(['z']);
    expect(annotationsOf(tutorial, 3).map((a) => a.id)).toEqual(['y']);
    expect(stepGroups(tutorial).map((g) => [g.chapter?.title ?? null, g.steps.map((s) => s.index)])).toEqual([
      ['First', [0, 1]],
      [null, [2]],
      ['Second', [3]],
    ]);
    expect(titleParts('Enter your name in *Full name*')).toEqual([
      { text: 'Enter your name in ', emphasised: false },
      { text: 'Full name', emphasised: true },
    ]);
  });
});

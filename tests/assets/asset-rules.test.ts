/**
 * The pure parts of asset capture: which addresses a recording's events
 * fetch (and which they only link to), how CSS addresses resolve and are
 * swapped, and which destinations a capture refuses before connecting.
 */
import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { fetchAsset, refusal } from '../../server/assets/asset-fetch.ts';
import { assetContentType } from '../../server/assets/asset-types.ts';
import { cssUrls, mapCssUrls } from '../../server/assets/css-urls.ts';
import { eventUrls, mapEventUrls } from '../../server/assets/event-urls.ts';

const SITE = 'https://shop.example';

describe('CSS addresses', () => {
  it('finds url() in every quoting and @import in both forms, resolved against the stylesheet', () => {
    const css = `@import "base.css"; @import url('print.css') print;
      @font-face { src: url(../fonts/a.woff2) format("woff2"), url( "data:font/woff2;base64,AAAA" ) }
      .a { background: url(#grad) } .b { cursor: url("https://cdn.example/c.cur"), auto }`;
    expect(cssUrls(css, `${SITE}/css/site.css`)).toEqual([
      `${SITE}/css/print.css`,
      `${SITE}/fonts/a.woff2`,
      'https://cdn.example/c.cur',
      `${SITE}/css/base.css`,
    ]);
  });

  it('swaps only what the mapper answers, keeping fragments and everything else', () => {
    const css = `.i { background: url(/sprite.svg#star) } .j { background: url(/other.png) }`;
    const out = mapCssUrls(css, `${SITE}/`, (url) => (url === `${SITE}/sprite.svg` ? 'COPY' : undefined));
    expect(out).toBe(`.i { background: url("COPY#star") } .j { background: url(/other.png) }`);
  });
});

describe('addresses in recorded events', () => {
  const events = [
    { type: 4, timestamp: 1, data: { href: `${SITE}/shop/`, width: 800, height: 600 } },
    {
      type: 2,
      timestamp: 2,
      data: {
        initialOffset: { left: 0, top: 0 },
        node: {
          type: 0,
          id: 1,
          childNodes: [
            { type: 2, id: 2, tagName: 'link', attributes: { rel: 'stylesheet', href: `${SITE}/a.css` }, childNodes: [] },
            { type: 2, id: 3, tagName: 'a', attributes: { href: `${SITE}/next` }, childNodes: [] },
            { type: 2, id: 4, tagName: 'script', attributes: { src: `${SITE}/app.js` }, childNodes: [] },
            { type: 2, id: 5, tagName: 'img', attributes: { src: 'img/p.png', srcset: 'img/p.png 1x, img/p2.png 2x' }, childNodes: [] },
            { type: 2, id: 6, tagName: 'video', attributes: { poster: `${SITE}/poster.jpg` }, childNodes: [] },
            { type: 2, id: 7, tagName: 'img', attributes: { src: 'data:image/png;base64,AAAA' }, childNodes: [] },
          ],
        },
      },
    },
    {
      type: 3,
      timestamp: 3,
      data: {
        source: 0,
        texts: [],
        removes: [],
        adds: [],
        attributes: [
          { id: 6, attributes: { poster: `${SITE}/poster2.jpg` } },
          { id: 5, attributes: { style: { 'background-image': `url("${SITE}/bg.png")` } } },
        ],
      },
    },
    { type: 3, timestamp: 4, data: { source: 8, id: 9, adds: [{ rule: `.z { background: url(${SITE}/rule.png) }` }] } },
  ] as unknown as eventWithTime[];

  it('lists what a replay fetches (not links, not scripts, not data:), relative ones against the page', () => {
    expect(eventUrls(events).sort()).toEqual(
      [
        `${SITE}/a.css`,
        `${SITE}/shop/img/p.png`,
        `${SITE}/shop/img/p2.png`,
        `${SITE}/poster.jpg`,
        `${SITE}/poster2.jpg`,
        `${SITE}/bg.png`,
        `${SITE}/rule.png`,
      ].sort(),
    );
  });

  it('rewrites them without touching the input', () => {
    const before = JSON.stringify(events);
    const out = JSON.stringify(mapEventUrls(events, (url) => `https://cobrowse.example/assets/${url.split('/').pop()}`));
    expect(JSON.stringify(events)).toBe(before);
    expect(out).toContain('"srcset":"https://cobrowse.example/assets/p.png 1x, https://cobrowse.example/assets/p2.png 2x"');
    expect(out).toContain(`"href":"${SITE}/next"`);
    expect(out).toContain(`"src":"${SITE}/app.js"`);
    expect(out).toContain('url(\\"https://cobrowse.example/assets/rule.png\\")');
    expect(out).not.toMatch(/shop\.example\/(a\.css|poster|bg|rule)/);
  });
});

describe('malformed events (ingest checks only their envelope)', () => {
  it('pass through untouched, naming nothing', () => {
    const weird = [
      { type: 2, timestamp: 1, data: {} },
      { type: 2, timestamp: 1, data: null },
      { type: 2, timestamp: 1, data: { node: { type: 2, tagName: 5, attributes: 'x', childNodes: 'y' } } },
      { type: 3, timestamp: 1, data: { source: 0 } },
      { type: 3, timestamp: 1, data: { source: 0, adds: [null, { node: null }], attributes: [{ id: 1, attributes: null }], texts: 'x' } },
      { type: 3, timestamp: 1, data: { source: 8, adds: [null, 4] } },
      { type: 3, timestamp: 1, data: { source: 13, set: null } },
      { type: 3, timestamp: 1, data: { source: 15, styles: 'x' } },
      { type: 4, timestamp: 1, data: { href: 5 } },
    ] as unknown as eventWithTime[];
    expect(eventUrls(weird)).toEqual([]);
    expect(mapEventUrls(weird, () => 'https://elsewhere.example/')).toEqual(weird);
  });
});

describe('where capture may connect', () => {
  it('only the site’s own origins, exactly', () => {
    const policy = { origins: [SITE, 'http://127.0.0.1:8080'] };
    expect(refusal(new URL(`${SITE}/a.png`), policy)).toBeUndefined();
    expect(refusal(new URL('http://127.0.0.1:8080/a.png'), policy)).toBeUndefined();
    expect(refusal(new URL('http://shop.example/a.png'), policy)).toMatch(/not an allowed origin/);
    expect(refusal(new URL(`${SITE}:8443/a.png`), policy)).toMatch(/not an allowed origin/);
    expect(refusal(new URL('http://127.0.0.1:8081/a.png'), policy)).toMatch(/not an allowed origin/);
    expect(refusal(new URL('https://user:pw@shop.example/a.png'), policy)).toMatch(/credentials/);
  });

  it('never a link-local (cloud metadata) address, even as the site’s origin', async () => {
    const policy = { origins: ['http://169.254.169.254', 'http://[fe80::1]'] };
    expect(refusal(new URL('http://169.254.169.254/latest/meta-data/'), policy)).toMatch(/local address/);
    expect(refusal(new URL('http://[fe80::1]/x.png'), policy)).toMatch(/local address/);
    const fetched = await fetchAsset('http://169.254.169.254/latest/meta-data/', { ...policy, maxBytes: 1000, timeoutMs: 1000 });
    expect(fetched).toEqual({ ok: false, error: expect.stringMatching(/local address/) });
  });
});

describe('what is kept', () => {
  it('stylesheets, images and fonts (octet-stream fonts by their signature), nothing else', () => {
    const bytes = new Uint8Array([0, 0, 0, 0]);
    expect(assetContentType('text/css; charset=iso-8859-1', bytes)).toBe('text/css; charset=utf-8');
    expect(assetContentType('image/webp', bytes)).toBe('image/webp');
    expect(assetContentType('application/font-woff', bytes)).toBe('font/woff');
    expect(assetContentType('application/octet-stream', new TextEncoder().encode('wOF2....'))).toBe('font/woff2');
    expect(assetContentType('application/octet-stream', new TextEncoder().encode('<html>'))).toBeUndefined();
    for (const type of ['text/html', 'text/javascript', 'application/json', 'video/mp4', 'text/plain']) {
      expect(assetContentType(type, bytes)).toBeUndefined();
    }
  });
});

/**
 * The written guide's documents, pure: titles and bodies come from the
 * recorded page's text, so nothing in them may become Markdown or HTML
 * markup (links, images, headings, tags); chapters are headings where their
 * first step is; the notice says why pictures are missing.
 */
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, guideHtml, guideMarkdown, PICTURE_NOTICES, type GuideInput } from '../../server/tutorials/guide/guide-document.ts';
import type { PublishedStep, TutorialSnapshot } from '../../protocol/tutorials.ts';

const step = (id: string, title: string, body = '', chapterId: string | null = null): PublishedStep => ({
  id,
  title,
  body,
  kind: 'click',
  t: 0,
  url: 'http://shop.test/',
  pageTitle: null,
  nodeId: null,
  selector: null,
  box: null,
  chapterId,
});

const EVIL = 'Click *[win](javascript:alert(1))* <img src=x onerror=alert(1)> # _x_ `y` ![i](http://e/x.png) &amp; 1. | ~~s~~';
const snapshot: TutorialSnapshot = {
  title: 'Pay # *now* <b>',
  steps: [
    step('00000000-0000-4000-8000-000000000001', EVIL, 'Line one\n# not a heading\n\n[link](http://evil.test)', 'c1'),
    step('00000000-0000-4000-8000-000000000002', 'Click *Pay*', '', 'c1'),
    step('00000000-0000-4000-8000-000000000003', 'Go to *Done*', '', 'c2'),
  ],
  chapters: [
    { id: 'c1', title: 'Paying <i>' },
    { id: 'c2', title: 'Done' },
  ],
  annotations: [],
};
const input = (over: Partial<GuideInput> = {}): GuideInput => ({
  snapshot,
  version: 3,
  publishedAt: new Date('2026-12-01T10:00:00Z'),
  tutorialUrl: 'https://help.test/t/abc',
  pictures: 'complete',
  pictureOf: (id) => `https://help.test/t/abc/pictures/v3-${id}.png`,
  ...over,
});

describe('the written guide documents', () => {
  it('escapes every Markdown character a page text could carry', () => {
    expect(escapeMarkdown('[a](b) *c* <d> # e_f `g` !h &i;')).toBe('\\[a\\]\\(b\\) \\*c\\* \\<d\\> \\# e\\_f \\`g\\` \\!h \\&i;');
    const md = guideMarkdown(input());
    // No link, image or tag comes from the texts: the only ones are the tutorial's address and the pictures.
    expect([...md.matchAll(/(?<!\\)\]\(/g)].length).toBe(1 + 3);
    expect(md).not.toMatch(/(?<!\\)<(img|b|i)\b/);
    expect(md).not.toMatch(/^# not a heading/m);
    // Not even an autolink: `://` is escaped too.
    expect(md).toContain('\\[link\\]\\(http\\://evil\\.test\\)');
    expect(md.split('\n')[0]).toBe('# Pay \\# \\*now\\* \\<b\\>');
  });

  it('puts chapters where their first step is, steps numbered under them, pictures after their step', () => {
    const md = guideMarkdown(input());
    const lines = md.split('\n').filter((l) => /^#|^!/.test(l));
    expect(lines.map((l) => l.slice(0, 12))).toEqual([
      '# Pay \\# \\*n',
      '## Paying \\<',
      '### 1\\. Clic',
      '![Step 1: Cl',
      '### 2\\. Clic',
      '![Step 2: Cl',
      '## Done',
      '### 3\\. Go t',
      '![Step 3: Go',
    ]);
    expect(md).toContain('### 2\\. Click *Pay*');
    expect(md).toContain('Line one  \n\\# not a heading');
  });

  it('says why pictures are missing, and leaves them out', () => {
    const md = guideMarkdown(input({ pictures: 'unavailable', pictureOf: () => null }));
    expect(md).toContain(`> ${PICTURE_NOTICES.unavailable}`);
    expect(md).not.toContain('![');
    const html = guideHtml(input({ pictures: 'pending', pictureOf: () => null }));
    expect(html).toContain(PICTURE_NOTICES.pending);
    expect(html).not.toContain('<img');
  });

  it('escapes HTML: the page text stays text', () => {
    const html = guideHtml(input({ pictureOf: (id) => `data:image/png;base64,${id}` }));
    expect(html).not.toMatch(/<img src=x|<b>|<i>|javascript:alert\(1\)">/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('<em>[win](javascript:alert(1))</em>');
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(html).toContain('<h2>Paying &#60;i&#62;</h2>');
  });
});

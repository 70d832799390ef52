/**
 * @module server/tutorials/guide/guide-document
 * A published version as a written guide, for knowledge bases that want
 * text: the title, chapters as headings, each step's title (the element's
 * name emphasised), body and picture, in Markdown (pictures linked) or as a
 * self-contained HTML page (pictures inlined, styles inline, no script).
 * Every text comes from the version's snapshot (redacted texts already
 * replaced) and, since titles come from the recorded page's text, is escaped
 * for its format. Pure: no database, no HTTP.
 */
import { titleParts, type GuidePictures, type TutorialSnapshot } from '../../../protocol/tutorials-constants.ts';

export interface GuideInput {
  snapshot: TutorialSnapshot;
  version: number;
  publishedAt: Date;
  /** The tutorial's absolute address (`PUBLIC_URL/t/:slug`). */
  tutorialUrl: string;
  /** Whether every step has its picture, some are still being drawn, or no browser can draw them. */
  pictures: GuidePictures;
  /** A step's picture: its address (Markdown) or `data:` URL (HTML); null when it has none. */
  pictureOf(stepId: string): string | null;
}

/** What the guide says about its pictures, when not all are there. */
export const PICTURE_NOTICES: Record<Exclude<GuidePictures, 'complete'>, string> = {
  pending: 'Some pictures of the steps are still being drawn: download the guide again in a minute.',
  unavailable: 'Pictures of the steps are not available: this server has no headless Chromium to draw them.',
  failed:
    'Pictures of the steps could not be drawn: the server’s headless Chromium failed every attempt. Publishing again tries once more.',
};

interface GuideItem {
  kind: 'chapter' | 'step';
  title: string;
  number?: number;
  body?: string;
  stepId?: string;
}

/** Chapters (each where its first step is) and numbered steps, in the version's order. */
function itemsOf(snapshot: TutorialSnapshot): GuideItem[] {
  const chapterTitle = new Map(snapshot.chapters.map((c) => [c.id, c.title]));
  const items: GuideItem[] = [];
  let lastChapter: string | null = null;
  snapshot.steps.forEach((step, i) => {
    if (step.chapterId && step.chapterId !== lastChapter && chapterTitle.has(step.chapterId))
      items.push({ kind: 'chapter', title: chapterTitle.get(step.chapterId)! });
    lastChapter = step.chapterId;
    items.push({ kind: 'step', title: step.title, number: i + 1, body: step.body, stepId: step.id });
  });
  return items;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const dateOf = (d: Date) => d.toISOString().slice(0, 10);
/** A step title without its `*…*` markers (alt texts, page titles). */
const plainTitle = (title: string) =>
  titleParts(oneLine(title))
    .map((p) => p.text)
    .join('');

/**
 * Text as Markdown shows it literally: every character CommonMark (or GitHub's
 * dialect) would read as markup is backslash-escaped (any ASCII punctuation
 * may be), so a page's text cannot become a link, an image, a heading or HTML.
 */
export function escapeMarkdown(text: string): string {
  // `://` too: a recorded URL stays text, not an autolink (a lone colon is left readable: "Step 1: …").
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&=$^]/g, '\\$&').replaceAll('://', '\\://');
}

const markdownTitle = (title: string) =>
  titleParts(oneLine(title))
    .map((p) => (p.emphasised && p.text.trim() ? `*${escapeMarkdown(p.text.trim())}*` : escapeMarkdown(p.text)))
    .join('');

/** A body's lines kept (hard breaks), paragraphs kept, each line escaped. */
const markdownBody = (body: string) =>
  body
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((para) =>
      para
        .split('\n')
        .map((line) => escapeMarkdown(line.trim()))
        .filter(Boolean)
        .join('  \n'),
    )
    .filter(Boolean)
    .join('\n\n');

export function guideMarkdown(input: GuideInput): string {
  const { snapshot } = input;
  const items = itemsOf(snapshot);
  const stepLevel = items.some((i) => i.kind === 'chapter') ? '###' : '##';
  const out: string[] = [`# ${escapeMarkdown(oneLine(snapshot.title))}`, ''];
  out.push(
    `${snapshot.steps.length} steps · version ${input.version}, published ${dateOf(input.publishedAt)} · [Watch it step by step](<${input.tutorialUrl}>)`,
    '',
  );
  if (input.pictures !== 'complete') out.push(`> ${PICTURE_NOTICES[input.pictures]}`, '');
  for (const item of items) {
    if (item.kind === 'chapter') {
      out.push(`## ${escapeMarkdown(oneLine(item.title))}`, '');
      continue;
    }
    out.push(`${stepLevel} ${item.number}\\. ${markdownTitle(item.title)}`, '');
    const body = markdownBody(item.body ?? '');
    if (body) out.push(body, '');
    const picture = input.pictureOf(item.stepId!);
    if (picture) out.push(`![${escapeMarkdown(`Step ${item.number}: ${plainTitle(item.title)}`)}](<${picture}>)`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const htmlTitle = (title: string) =>
  titleParts(oneLine(title))
    .map((p) => (p.emphasised ? `<em>${escapeHtml(p.text)}</em>` : escapeHtml(p.text)))
    .join('');

const STYLES = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #f6f7f9; color: #1f2937; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 880px; margin: 0 auto; padding: 32px 20px 64px; }
  header { margin-bottom: 28px; }
  .eyebrow { margin: 0; color: #6b7280; font-size: 13px; letter-spacing: .06em; text-transform: uppercase; }
  h1 { margin: 4px 0 8px; font-size: 30px; line-height: 1.25; }
  .meta { margin: 0; color: #4b5563; font-size: 14px; }
  .meta a { color: #1d4ed8; }
  .notice { margin: 20px 0; padding: 12px 16px; border-left: 4px solid #d97706; background: #fffbeb; color: #78350f; border-radius: 4px; }
  h2 { margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid #e5e7eb; font-size: 22px; }
  .step { margin: 0 0 28px; padding: 20px; background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; }
  .step h3 { display: flex; gap: 12px; align-items: baseline; margin: 0 0 8px; font-size: 18px; line-height: 1.4; }
  .step__number { flex: none; display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 50%;
    background: #1d4ed8; color: #fff; font-size: 14px; font-weight: 600; }
  .step em { font-style: normal; font-weight: 600; color: #1d4ed8; }
  .step__body { margin: 0 0 12px 40px; color: #374151; white-space: pre-wrap; }
  figure { margin: 12px 0 0; }
  figure img { display: block; width: 100%; height: auto; border: 1px solid #d1d5db; border-radius: 6px; }
  @media print { body { background: #fff; } .step { break-inside: avoid; border: 0; padding: 0; } }
`;

export function guideHtml(input: GuideInput): string {
  const { snapshot } = input;
  const body: string[] = [];
  for (const item of itemsOf(snapshot)) {
    if (item.kind === 'chapter') {
      body.push(`<h2>${escapeHtml(oneLine(item.title))}</h2>`);
      continue;
    }
    const picture = input.pictureOf(item.stepId!);
    const alt = escapeHtml(`Step ${item.number}: ${plainTitle(item.title)}`);
    body.push(
      `<section class="step" data-step-id="${escapeHtml(item.stepId!)}">`,
      `<h3><span class="step__number">${item.number}</span><span>${htmlTitle(item.title)}</span></h3>`,
      ...(item.body?.trim() ? [`<p class="step__body">${escapeHtml(item.body.trim())}</p>`] : []),
      ...(picture ? [`<figure><img src="${escapeHtml(picture)}" width="1280" height="800" alt="${alt}"></figure>`] : []),
      '</section>',
    );
  }
  const notice = input.pictures === 'complete' ? '' : `<p class="notice" role="note">${escapeHtml(PICTURE_NOTICES[input.pictures])}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(oneLine(snapshot.title))}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
<header>
<p class="eyebrow">Step-by-step guide</p>
<h1>${escapeHtml(oneLine(snapshot.title))}</h1>
<p class="meta">${snapshot.steps.length} steps · version ${input.version}, published ${dateOf(input.publishedAt)} · <a href="${escapeHtml(input.tutorialUrl)}">Watch it step by step</a></p>
${notice}
</header>
${body.join('\n')}
</main>
</body>
</html>
`;
}

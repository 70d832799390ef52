/**
 * @module server/tutorials/public/tutorial-page
 * The published tutorial's page shell (`/t/:slug`): its title, chapters and
 * steps as plain HTML (readable without script, and by search engines for a
 * public one; hidden once the player, which lists them too, is defined),
 * and the `<cobrowse-tutorial>` player element pointing at the tutorial's
 * JSON (`hide-title`: the page's own `<h1>` is the title, shown
 * once), with the player's script when it is built. Plus the page
 * saying why a tutorial does not open (unknown, unpublished, expired, sign-in).
 */
import { html, raw } from 'hono/html';
import { ErrorCode } from '../../../protocol/errors.ts';
import { TUTORIAL_PAGE_BASE, type TutorialSnapshot } from '../../../protocol/tutorials.ts';
import { titleParts } from '../../../protocol/tutorials-constants.ts';
import { noticePage } from '../../cases/customer-page/notice-page.ts';
import { pageStyles } from '../../cases/customer-page/page-styles.ts';
import type { TutorialFailure } from './published-tutorial.ts';

export interface PageInput {
  slug: string;
  snapshot: TutorialSnapshot;
  /** Public tutorials may be indexed; unlisted and org ones never. */
  indexable: boolean;
  /** The player script's path, when it is built. */
  playerScript: string | null;
  nonce: string;
}

const styles = `${pageStyles}
  .steps { margin: 0; padding-left: 24px; }
  .steps li { margin: 0 0 8px; }
  .step__body { color: #4b5563; white-space: pre-wrap; }
  cobrowse-tutorial { display: block; margin: 0 0 16px; }
  /* The plain list is for readers without script and for search engines: the player lists the same steps. */
  cobrowse-tutorial:defined ~ .steps-fallback { display: none; }`;

export function tutorialPage({ slug, snapshot, indexable, playerScript, nonce }: PageInput) {
  const base = `${TUTORIAL_PAGE_BASE}/${encodeURIComponent(slug)}`;
  const chapterTitle = new Map(snapshot.chapters.map((c) => [c.id, c.title]));
  let lastChapter: string | null = null;
  const items = snapshot.steps.map((s) => {
    const heading = s.chapterId && s.chapterId !== lastChapter ? chapterTitle.get(s.chapterId) : undefined;
    lastChapter = s.chapterId;
    return html`${heading ? html`<li class="chapter" data-chapter-id="${s.chapterId}"><strong>${heading}</strong></li>` : ''}
      <li data-step-id="${s.id}">
        <span class="step__title">${titleParts(s.title).map((p) => (p.emphasised ? html`<em>${p.text}</em>` : p.text))}</span
        >${s.body ? html`<div class="step__body">${s.body}</div>` : ''}
      </li>`;
  });
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${indexable ? '' : html`<meta name="robots" content="noindex, nofollow" />`}
        <title>${snapshot.title}</title>
        <style nonce="${nonce}">
          ${raw(styles)}
        </style>
        ${playerScript ? html`<script type="module" src="${playerScript}" nonce="${nonce}"></script>` : ''}
      </head>
      <body>
        <main>
          <section class="card">
            <p class="eyebrow">Tutorial</p>
            <h1>${snapshot.title}</h1>
          </section>
          <cobrowse-tutorial src="${base}/tutorial.json" events="${base}/events" hide-title></cobrowse-tutorial>
          <section class="card steps-fallback">
            <h2>Steps</h2>
            <ol class="steps">
              ${items}
            </ol>
          </section>
        </main>
      </body>
    </html>`;
}

const TEXT: Record<TutorialFailure, { title: string; body: string }> = {
  [ErrorCode.TutorialNotFound]: {
    title: 'This tutorial does not exist',
    body: 'Check that you copied the whole link, or ask the support team that sent it for a new one.',
  },
  [ErrorCode.TutorialUnpublished]: {
    title: 'This tutorial is no longer available',
    body: 'Its authors took it down. Ask the support team that sent it whether a newer one exists.',
  },
  [ErrorCode.TutorialExpired]: {
    title: 'This tutorial has expired',
    body: 'It was only available for a while. Ask the support team that sent it for a current one.',
  },
  [ErrorCode.Unauthorized]: {
    title: 'Sign in to see this tutorial',
    body: "This tutorial is for the organisation's members only. Open it from the advisor app while signed in.",
  },
};

export function tutorialErrorPage(failure: TutorialFailure, nonce: string) {
  return noticePage({ eyebrow: 'Tutorial', ...TEXT[failure], marker: { attribute: 'data-tutorial-error', value: failure }, nonce });
}

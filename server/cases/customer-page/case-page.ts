/**
 * @module server/cases/customer-page/case-page
 * The customer's page behind a case link (`GET /c/:token`): the question and
 * its status, the conversation (advisor answers as text, video replies in a
 * player, tutorials of this server played inline by `<cobrowse-tutorial>`
 * from `/tutorial.js`, their link kept), a reply box and "Continue live". Rendered on the
 * server from the same {@link CustomerCaseView} the JSON API answers, so it
 * reads without script; the small inline script (`page-script.ts`) sends
 * replies, asks to continue live and refreshes the conversation in place.
 *
 * Every value is escaped by `hono/html`; links in text become anchors only
 * for http(s) URLs and open without a referrer (the token is in the URL).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { customerLinkMediaPath, type CaseStatus } from '../../../protocol/cases-constants.ts';
import type { CaseAttachment, CustomerCaseView, PublicCaseMessage } from '../../../protocol/cases.ts';
import { TUTORIAL_SCRIPT_PATH } from '../../../protocol/tutorial-embed-constants.ts';
import { TUTORIAL_PAGE_BASE } from '../../../protocol/tutorials-constants.ts';
import { pageScript } from './page-script.ts';
import { pageStyles } from './page-styles.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'Waiting for an advisor',
  open: 'An advisor is on it',
  waiting_on_customer: 'Answered',
  resolved: 'Resolved',
  reopened: 'Reopened: an advisor will answer',
};

const KIND_LABELS: Partial<Record<PublicCaseMessage['kind'], string>> = {
  video_reply: 'Video reply',
  tutorial_link: 'Tutorial',
};

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

/** Plain text with its http(s) URLs as links. */
export function linkify(text: string): Html[] {
  const parts: Html[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    parts.push(html`${text.slice(at, match.index)}`);
    parts.push(html`<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`);
    at = match.index + url.length;
  }
  parts.push(html`${text.slice(at)}`);
  return parts;
}

/** Tutorials shown inline per message at most (a message listing more keeps the rest as links). */
const TUTORIALS_PER_MESSAGE = 3;
const SLUG_IN_URL = /^([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/;

/**
 * The tutorials of this server a message sends — its tutorial link, or
 * `PUBLIC_URL/t/:slug` in its text (the composer's Insert tutorial) — as
 * same-origin paths for the embed (the page may only fetch from its own
 * origin). Links to anything else stay links.
 */
export function sentTutorials(m: PublicCaseMessage, publicUrl: string): string[] {
  const prefix = `${publicUrl}${TUTORIAL_PAGE_BASE}/`;
  const urls = [
    ...m.attachments.flatMap((a) => (a.type === 'link' ? [a.url] : [])),
    ...[...m.body.matchAll(URL_IN_TEXT)].map((match) => match[0].replace(TRAILING_PUNCTUATION, '')),
  ];
  const paths = new Set<string>();
  for (const url of urls) {
    if (!url.startsWith(prefix)) continue;
    const slug = SLUG_IN_URL.exec(url.slice(prefix.length))?.[1];
    if (slug) paths.add(`${TUTORIAL_PAGE_BASE}/${slug}`);
  }
  return [...paths].slice(0, TUTORIALS_PER_MESSAGE);
}

/** Options of the rendering that depend on the server, not the case. */
export interface CasePageContext {
  token: string;
  /** `PUBLIC_URL`: which tutorial links are this server's, to play inline. */
  publicUrl: string;
}

/** A date the script re-formats in the reader's own language and zone. */
const when = (iso: string) => html`<time datetime="${iso}">${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;

function attachment(a: CaseAttachment, from: PublicCaseMessage['from'], token: string): Html {
  switch (a.type) {
    case 'media':
      return html`<li class="attachment attachment--media">
        <video
          controls
          preload="metadata"
          playsinline
          src="${customerLinkMediaPath(token, a.sessionId, a.trackId)}"
          aria-label="Video reply"
        ></video>
      </li>`;
    case 'link':
      return html`<li class="attachment attachment--link">
        <a href="${a.url}" target="_blank" rel="noopener noreferrer">${a.title || a.url} <span aria-hidden="true">↗</span></a>
      </li>`;
    case 'session':
      return html`<li class="attachment attachment--session">
        ${from === 'customer' ? 'Recording of the site attached' : 'Recording attached'}
      </li>`;
  }
}

function message(m: PublicCaseMessage, ctx: CasePageContext): Html {
  const { token } = ctx;
  const kind = KIND_LABELS[m.kind];
  const tutorials = m.from === 'advisor' ? sentTutorials(m, ctx.publicUrl) : [];
  return html`<li class="msg msg--${m.from}" data-message-id="${m.id}">
    <div class="msg__meta">
      <span class="msg__author">${m.from === 'customer' ? 'You' : (m.authorName ?? 'Support')}</span>
      ${kind ? html`<span class="msg__kind">${kind}</span>` : ''} ${when(m.createdAt)}
    </div>
    <div class="msg__body">${linkify(m.body)}</div>
    ${
      m.attachments.length
        ? html`<ul class="attachments">
            ${m.attachments.map((a) => attachment(a, m.from, token))}
          </ul>`
        : ''
    }
    ${
      tutorials.length
        ? html`<div class="msg__tutorials">
            ${tutorials.map((src) => html`<cobrowse-tutorial class="tutorial" src="${src}"></cobrowse-tutorial>`)}
          </div>`
        : ''
    }
  </li>`;
}

/** The parts the script swaps in place when the case changes (by id, compared on `data-version`). */
export function statusBlock(view: CustomerCaseView): Html {
  return html`<p id="status" data-version="${view.status}" class="facts" role="status">
    <span class="status status--${view.status}">${STATUS_LABELS[view.status]}</span>
    <span>Asked ${when(view.createdAt)}</span>
    ${view.topic ? html`<span>Topic: ${view.topic}</span>` : ''}
  </p>`;
}

export function threadBlock(view: CustomerCaseView, ctx: CasePageContext): Html {
  const version = `${view.thread.length}:${view.thread.at(-1)?.id ?? ''}`;
  return html`<div id="thread" data-version="${version}" aria-live="polite">
    ${
      view.thread.length
        ? html`<ol class="thread">
            ${view.thread.map((m) => message(m, ctx))}
          </ol>`
        : html`<p class="empty">
            No answer yet. An advisor will answer here${view.status === 'new' ? ' soon' : ''}. You can close this page and come back with
            the same link.
          </p>`
    }
  </div>`;
}

/** The status and the conversation alone, for the script's in-place refresh (`GET /c/:token?parts`). */
export function caseParts(view: CustomerCaseView, ctx: CasePageContext): Html {
  return html`${statusBlock(view)}${threadBlock(view, ctx)}`;
}

/** Whether the thread plays a tutorial inline (then the page loads the embed, and its CSP lets it play). */
export const playsTutorials = (view: CustomerCaseView, ctx: CasePageContext) =>
  view.thread.some((m) => m.from === 'advisor' && sentTutorials(m, ctx.publicUrl).length > 0);

export function casePage(view: CustomerCaseView, o: CasePageContext & { nonce: string; linkExpiresAt: Date }): Html {
  // The embed's script only when the thread sends a tutorial (the page's script reloads the page if one arrives later).
  const hasTutorial = playsTutorials(view, o);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>Your question to support</title>
        <style nonce="${o.nonce}">
          ${raw(pageStyles)}
        </style>
      </head>
      <body>
        <main>
          <section class="card" aria-labelledby="question-title">
            <p class="eyebrow">Your question to support</p>
            <h1 id="question-title">Your question</h1>
            ${statusBlock(view)}
            <p class="question__text">${view.question}</p>
          </section>

          <section class="card" aria-labelledby="thread-title">
            <h2 id="thread-title">Conversation</h2>
            ${threadBlock(view, o)}
          </section>

          <section class="card" aria-labelledby="reply-title">
            <h2 id="reply-title">Reply</h2>
            <form id="reply-form" novalidate>
              <label for="reply-body">Your message</label>
              <textarea
                id="reply-body"
                name="body"
                maxlength="5000"
                required
                placeholder="Add details, answer a question, or say it works now"
              ></textarea>
              <div class="actions"><button type="submit">Send reply</button></div>
              <p id="reply-out" class="out" role="status" aria-live="polite"></p>
            </form>
            <p class="hint">
              To show us something on the site, open the site again, choose “Ask for help” and then “Add this recording” under this
              question.
            </p>
          </section>

          <section class="card" aria-labelledby="live-title">
            <h2 id="live-title">Talk to an advisor now</h2>
            <p class="note">If an advisor is online, you can continue live: they see the site with you, once you agree.</p>
            <div class="actions"><button type="button" id="live-button" class="secondary">Continue live</button></div>
            <div id="live-out" class="out" role="status" aria-live="polite"></div>
          </section>

          <footer>
            This link is private: anyone who has it can read this conversation. It works until ${when(o.linkExpiresAt.toISOString())}.
          </footer>
        </main>
        ${hasTutorial ? html`<script type="module" id="tutorial-script" nonce="${o.nonce}" src="${TUTORIAL_SCRIPT_PATH}"></script>` : ''}
        <script nonce="${o.nonce}">
          ${raw(pageScript)};
        </script>
      </body>
    </html>`;
}

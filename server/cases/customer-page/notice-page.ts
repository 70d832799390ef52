/**
 * @module server/cases/customer-page/notice-page
 * The plain page a public link shows when it does not open (a case link, a
 * tutorial): why, and what to do next, in the customer pages' styles, with
 * nothing behind it and no indexing.
 */
import { html, raw } from 'hono/html';
import { pageStyles } from './page-styles.ts';

export interface Notice {
  /** The small line above the title: what the link was for. */
  eyebrow: string;
  title: string;
  body: string;
  /** A `data-*` attribute naming the failure on the card (tests and styling read it). */
  marker: { attribute: `data-${string}`; value: string };
  nonce: string;
}

export function noticePage({ eyebrow, title, body, marker, nonce }: Notice) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title}</title>
        <style nonce="${nonce}">
          ${raw(pageStyles)}
        </style>
      </head>
      <body>
        <main>
          <section class="card" ${raw(marker.attribute)}="${marker.value}">
            <p class="eyebrow">${eyebrow}</p>
            <h1>${title}</h1>
            <p>${body}</p>
          </section>
        </main>
      </body>
    </html>`;
}

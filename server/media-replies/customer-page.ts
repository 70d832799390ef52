/**
 * @module server/media-replies/customer-page
 * The customer's page behind a reply link: a self-contained HTML document
 * (no app, nothing of the session but its replies) that says which site and
 * which advisor the videos come from, in the customer's language
 * (`customer-page-text.ts`). Its small script fetches `./replies` relative
 * to its own URL, plays each reply in a `<video>` and writes dates with
 * `Intl` in the customer's locale. Served with a nonce CSP, `no-referrer`
 * (the token is in the URL) and `noindex`.
 *
 * Every value is escaped by `hono/html`; the script's strings travel in
 * `data-*` attributes of the elements it fills.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { REPLY_PAGE_TEXT, type ReplyPageLanguage } from './customer-page-text.ts';

export interface ReplyPageView {
  lang: ReplyPageLanguage;
  siteName: string;
  /** The advisor who sent the link (else who recorded the replies), or null when unknown. */
  advisorName: string | null;
  nonce: string;
}

export function customerPage(view: ReplyPageView): HtmlEscapedString | Promise<HtmlEscapedString> {
  const text = REPLY_PAGE_TEXT[view.lang];
  return html`<!doctype html>
    <html lang="${view.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${text.title(view.siteName)}</title>
        <style nonce="${view.nonce}">
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            margin: 0;
            background: #f4f5f8;
            color: #1d2433;
          }
          main {
            max-width: 760px;
            margin: 0 auto;
            padding: 24px 16px;
          }
          h1 {
            font-size: 24px;
            line-height: 1.25;
            margin: 0 0 8px;
          }
          .intro {
            margin: 0 0 20px;
            color: #3b4356;
          }
          article {
            background: #fff;
            border-radius: 12px;
            padding: 12px;
            margin-bottom: 16px;
            box-shadow: 0 1px 4px rgba(0, 0, 0, 0.08);
          }
          h2 {
            font-size: 17px;
            margin: 2px 4px 10px;
          }
          video {
            display: block;
            width: 100%;
            max-height: 70vh;
            border-radius: 8px;
            background: #111;
          }
          .meta {
            font-size: 13px;
            color: #5b6475;
            margin: 8px 4px 0;
          }
          .error {
            color: #b42318;
          }
          footer {
            font-size: 13px;
            color: #5b6475;
            margin-top: 24px;
          }
        </style>
      </head>
      <body>
        <main>
          <header>
            <h1>${text.title(view.siteName)}</h1>
            <p class="intro">${text.intro(view.siteName, view.advisorName)}</p>
          </header>
          <div
            id="replies"
            aria-live="polite"
            data-empty="${text.empty}"
            data-failed="${text.failed}"
            data-video-label="${text.videoLabel}"
          >
            ${text.loading}
          </div>
          <footer id="expiry" data-private-until="${text.privateUntil}"></footer>
        </main>
        <script nonce="${view.nonce}">
          (async () => {
            const box = document.getElementById('replies');
            const expiry = document.getElementById('expiry');
            const text = { ...box.dataset, ...expiry.dataset };
            const base = location.pathname.replace(/\\/+$/, '');
            // The customer's own locale: day, month, year, hours and minutes, no seconds.
            const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
            const time = (iso) => {
              const t = document.createElement('time');
              t.dateTime = iso;
              t.textContent = dateFormat.format(new Date(iso));
              return t;
            };
            try {
              const res = await fetch(base + '/replies', { credentials: 'omit', cache: 'no-store' });
              const body = await res.json();
              if (!res.ok) throw new Error((body && body.error && body.error.message) || 'HTTP ' + res.status);
              box.textContent = '';
              if (!body.replies.length) box.textContent = text.empty;
              for (const r of body.replies) {
                const article = document.createElement('article');
                article.dataset.replyId = r.replyId;
                if (r.title) {
                  const h2 = document.createElement('h2');
                  h2.textContent = r.title;
                  article.append(h2);
                }
                const video = document.createElement('video');
                video.controls = true;
                video.preload = 'metadata';
                video.playsInline = true;
                video.setAttribute('aria-label', r.title || text.videoLabel);
                video.src = r.url;
                const meta = document.createElement('p');
                meta.className = 'meta';
                if (r.advisorName) meta.append(r.advisorName + ' · ');
                meta.append(time(r.sentAt));
                article.append(video, meta);
                box.append(article);
              }
              expiry.append(text.privateUntil, time(body.expiresAt), '.');
            } catch (err) {
              box.className = 'error';
              box.textContent = text.failed + err.message;
            }
          })();
        </script>
      </body>
    </html>`;
}

/**
 * @module server/middleware/secure-headers
 * The security headers of every page a browser renders from us, built once on
 * Hono's `secureHeaders` so the advisor app and the customer pages share one
 * definition:
 *
 * - {@link advisorAppHeaders}: the advisor SPA (`/app/*`). Scripts only from
 *   our origin; images, fonts and styles only from our origin, `data:` and
 *   `blob:`. That is what keeps a replay from ever making the advisor's
 *   browser fetch the recorded site's resources (rrweb rebuilds the site's
 *   DOM, with its `<img src>` and `url()`s, in an iframe that inherits this
 *   policy). `style-src` allows `'unsafe-inline'` (see STYLE_SRC).
 * - {@link privatePageHeaders}: the pages behind a customer's private token
 *   (`/c/:token`, `/s/:token`): nothing but our origin and the page's own
 *   inline script and style (by nonce, read with {@link cspNonce}), and no
 *   referrer, since the URL itself is the credential.
 * - {@link caseLinkPageHeaders}: the case link's pages (`/c/:token`): the
 *   private page's policy, and on a page that plays a tutorial an advisor
 *   sent (the embed, `/tutorial.js`, by the same nonce) what that replay
 *   needs on top (styles as in the advisor app, images and fonts from here,
 *   `data:` and `blob:`), nothing from any other origin.
 * - {@link tutorialPageHeaders}: a published tutorial (`/t/:slug`): the
 *   page's own inline script by nonce and our scripts (the tutorial player
 *   replays the recorded page, so styles as in the advisor app), no referrer
 *   (an unlisted tutorial's address is its secret).
 * - {@link scriptHeaders}: `/recorder.js`, a script other sites embed: only
 *   `nosniff` (a page CSP means nothing on a script).
 *
 * All of them: `frame-ancestors 'none'` (+ `X-Frame-Options: DENY` for old
 * browsers), `nosniff`, a `Referrer-Policy`. Strict-Transport-Security is
 * left to the TLS-terminating proxy, which knows whether HTTPS is in use.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { Config } from '../../config.ts';

/** Shared by every page: no framing, no sniffing, no HSTS decision here. */
const BASE = {
  xFrameOptions: 'DENY',
  xContentTypeOptions: true,
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
} as const;

/**
 * NOTE: `'unsafe-inline'` for styles only, and only in the advisor app:
 * (1) Lit templates carry `style="…"` attributes (timeline positions, marker
 * colours); (2) rrweb's Replayer writes the recorded site's stylesheets as
 * inline `<style>` elements into its about:blank iframe, which inherits this
 * policy — a nonce cannot cover them. Inline style cannot run code, and with
 * `img-src`/`font-src` kept to our origin it cannot send data anywhere either.
 */
const STYLE_SRC = ["'self'", "'unsafe-inline'"];

/** The live socket's origin (`ws(s)://` of the public URL); `'self'` covers it in CSP3 browsers, this covers older ones. */
const liveSocketOrigin = (config: Pick<Config, 'publicUrl'>) => () => {
  if (!config.publicUrl) return "'self'";
  const { protocol, host } = new URL(config.publicUrl);
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}`;
};

/** The advisor SPA: bundles from `/app/assets/`, API and chunks by fetch, live by WebSocket, video from our routes or blobs. */
export function advisorAppHeaders(config: Pick<Config, 'publicUrl'>): MiddlewareHandler {
  return secureHeaders({
    ...BASE,
    referrerPolicy: 'strict-origin-when-cross-origin',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: STYLE_SRC,
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      mediaSrc: ["'self'", 'blob:'],
      connectSrc: ["'self'", liveSocketOrigin(config)],
      // NOTE: blob: workers can only be made by script already running here (rrweb bundles one).
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}

/** A page behind a customer's private token: one inline script and style by nonce, no referrer. */
export function privatePageHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...BASE,
    referrerPolicy: 'no-referrer',
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: [NONCE],
      styleSrc: [NONCE],
      imgSrc: ["'self'", 'data:'],
      mediaSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}

/**
 * The case link's pages (`/c/:token`): {@link privatePageHeaders}, and when
 * the handler says the page plays a tutorial the advisor sent
 * ({@link allowTutorialPlayback}), the same policy plus what
 * `<cobrowse-tutorial>` needs for that: scripts stay nonce-only (the page's
 * own and `/tutorial.js` carry the nonce); the replay writes the recorded
 * page's stylesheets and style attributes (STYLE_SRC: a nonce cannot cover
 * them, and with a nonce listed `'unsafe-inline'` would be ignored, so the
 * page's own style goes by `'unsafe-inline'` too) and shows images as
 * `data:`/`blob:` or from here; everything it fetches is same-origin.
 */
export function caseLinkPageHeaders(): MiddlewareHandler {
  const strict = privatePageHeaders();
  return async function caseLinkPageHeaders(c, next) {
    await strict(c, next);
    if (!c.get('cspPlaysTutorial')) return;
    c.res.headers.set(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        `script-src 'nonce-${cspNonce(c)}'`,
        `style-src ${STYLE_SRC.join(' ')}`,
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
  };
}

/** Called by a handler behind {@link caseLinkPageHeaders} whose page embeds `<cobrowse-tutorial>`. */
export function allowTutorialPlayback(c: Context): void {
  c.set('cspPlaysTutorial', true);
}

/** A published tutorial's page: our scripts and its inline one, a replay's styles and images from here only. */
export function tutorialPageHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...BASE,
    referrerPolicy: 'no-referrer',
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: STYLE_SRC,
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  });
}

/** A script other origins load (`/recorder.js`): `nosniff` and nothing that would stop them using it. */
export function scriptHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...BASE,
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginResourcePolicy: 'cross-origin',
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
  });
}

/** The nonce of this response's CSP (set by {@link privatePageHeaders} before the handler runs). */
export function cspNonce(c: Context): string {
  const nonce = c.get('secureHeadersNonce');
  if (!nonce) throw new Error('no CSP nonce: the route is not behind privatePageHeaders()');
  return nonce;
}

declare module 'hono' {
  interface ContextVariableMap {
    secureHeadersNonce?: string;
    /** Set by {@link allowTutorialPlayback}. */
    cspPlaysTutorial?: boolean;
  }
}

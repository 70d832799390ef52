/**
 * @module client/lib/stable-media-urls
 * Keeps showing a video's signed URL while it stays valid. Lists that carry
 * signed media URLs are polled; if a refreshed list brought a different URL
 * for a video already on screen, the `<video>` would get a new `src`, abort,
 * and jump back to 0:00, paused. The server already answers the same URL
 * within an expiry bucket; this is the client's half, so neither alone can
 * regress it: a URL is only replaced once it is about to expire.
 */

/** Replace a shown URL when it has less than this left (a reload then is rare: TTL is hours). */
export const MEDIA_URL_RENEW_MARGIN_MS = 5 * 60 * 1000;

export interface SignedUrl {
  url: string;
  expiresAt: number;
}

export class StableMediaUrls {
  #shown = new Map<string, SignedUrl>();

  /**
   * The URL to show for `key` (say `sessionId/trackId`): the one shown before
   * while it has more than the margin left, else the fresh one, remembered.
   */
  pick(key: string, fresh: SignedUrl, now = Date.now()): SignedUrl {
    const shown = this.#shown.get(key);
    if (shown && shown.expiresAt - now > MEDIA_URL_RENEW_MARGIN_MS) return shown;
    this.#shown.set(key, fresh);
    return fresh;
  }
}

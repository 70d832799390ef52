/**
 * @module server/media-api/media-url
 * Signed media URLs. A `<video>` element cannot send a bearer header, so the
 * authenticated track list hands out, per track, a URL carrying a token:
 * `<expiry ms>.<HMAC-SHA256(secret, "sessionId/trackId/expiry")>`. It grants
 * reading that one track until it expires, nothing else, and needs no
 * database lookup. The secret comes from `MEDIA_URL_SECRET`; without it a
 * random one per process is used (URLs then die with the process and do not
 * work across several processes: set it there).
 *
 * Expiry is rounded UP to a whole `MEDIA_URL_BUCKET_MS` (see
 * `mediaUrlExpiry`), so every answer issued within one bucket carries a
 * byte-identical URL for the same track. WHY: the advisor app polls the
 * track/reply lists; a fresh URL on each poll makes a playing `<video>` load
 * a new source and restart at 0:00. A URL is still valid for at least
 * `MEDIA_URL_TTL_MS` from when it was issued (and at most one bucket more).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MEDIA_URL_TTL_MS } from '../../protocol/media-constants.ts';

/** Granularity of signed URLs' expiry: URLs issued within one bucket are identical. */
export const MEDIA_URL_BUCKET_MS = 60 * 60 * 1000;

/** The expiry to sign at `now`: at least `MEDIA_URL_TTL_MS` away, rounded up to the bucket. */
export function mediaUrlExpiry(now = Date.now()): number {
  return Math.ceil((now + MEDIA_URL_TTL_MS) / MEDIA_URL_BUCKET_MS) * MEDIA_URL_BUCKET_MS;
}

export interface MediaUrlSigner {
  sign(sessionId: string, trackId: string, expiresAt: number): string;
  verify(sessionId: string, trackId: string, token: string, now?: number): boolean;
}

export function createMediaUrlSigner(secret: string | undefined): MediaUrlSigner {
  const key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  const mac = (sessionId: string, trackId: string, expiresAt: number) =>
    createHmac('sha256', key).update(`${sessionId}/${trackId}/${expiresAt}`).digest();
  return {
    sign(sessionId, trackId, expiresAt) {
      return `${expiresAt}.${mac(sessionId, trackId, expiresAt).toString('base64url')}`;
    },
    verify(sessionId, trackId, token, now = Date.now()) {
      const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return false;
      const expiresAt = Number(m[1]);
      if (expiresAt < now) return false;
      // NOTE: compare the text, not decoded bytes: base64url's last character
      // carries 2 unused bits, so decoding would accept 4 spellings of one MAC.
      const expected = Buffer.from(mac(sessionId, trackId, expiresAt).toString('base64url'));
      return timingSafeEqual(Buffer.from(m[2]!), expected);
    },
  };
}

/**
 * @module recorder/random-token
 * Random secrets the recorder makes (the session's secret, the visit key):
 * `byteCount` bytes from the platform's CSPRNG, base64url without padding.
 */
export function randomBase64url(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

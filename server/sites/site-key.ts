/**
 * @module server/sites/site-key
 * Site keys are public (they sit in customers' pages), so they only need to
 * be unguessable enough not to collide and to be told apart from tokens.
 */
import { randomBytes } from 'node:crypto';

export const generateSiteKey = () => `pk_${randomBytes(18).toString('base64url')}`;

/** True for a bare http(s) origin such as `https://shop.example` (no path, no trailing slash, no `*`). */
export function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

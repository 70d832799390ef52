/**
 * @module server/secrets/secret-box
 * Seals the secrets we must keep to use them later (enricher header values,
 * webhook signing secrets) so the database alone does not give them away:
 * AES-256-GCM from `node:crypto`, with a key derived by HKDF-SHA256 from
 * SECRET_KEY (see `secret-key.ts`).
 *
 * A sealed value is self-describing text, `v1.<iv>.<tag>.<ciphertext>`
 * (base64url parts, a fresh 12-byte IV each time), so a later format can sit
 * beside it and a plaintext left by an older version is told apart by shape.
 * The purpose (`enricher-header`, `webhook-secret`) is bound as associated
 * data: a value sealed for one use does not open as another.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export type SecretPurpose = 'enricher-header' | 'webhook-secret';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// NOTE: fixed salt and info: the key must derive the same way in every process and on every start.
const HKDF_SALT = 'cobrowse/secret-box';
const HKDF_INFO = 'v1 aes-256-gcm';
const HKDF_INFO_FINGERPRINT = 'v1 hmac-sha256 fingerprint';
/** `v1.` + 16 chars of IV + 22 chars of tag + ciphertext: a user's plaintext does not look like this by chance. */
const SEALED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

/** A sealed value that cannot be opened: another SECRET_KEY sealed it, or it was altered, or it is not sealed at all. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export class SecretBox {
  readonly #key: Buffer;
  readonly #fingerprintKey: Buffer;

  private constructor(key: Buffer, fingerprintKey: Buffer) {
    this.#key = key;
    this.#fingerprintKey = fingerprintKey;
  }

  /** `secretKey`: SECRET_KEY as given (any text of at least 32 characters). */
  static fromKey(secretKey: string): SecretBox {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', secretKey, HKDF_SALT, info, 32));
    return new SecretBox(derive(HKDF_INFO), derive(HKDF_INFO_FINGERPRINT));
  }

  /**
   * A keyed hash (HMAC-SHA256, hex) of a value to be recognised later without
   * keeping it, e.g. the email an erasure was asked for: equal values give
   * equal fingerprints, and unlike a bare hash nobody without SECRET_KEY can
   * test guesses against it.
   */
  fingerprint(value: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(value, 'utf8').digest('hex');
  }

  /** True for a value in the sealed format (sealed by any key). */
  static isSealed(value: string): boolean {
    return SEALED.test(value);
  }

  seal(plaintext: string, purpose: SecretPurpose): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return [VERSION, ...parts].join('.');
  }

  /** The plaintext; throws {@link SecretBoxError} (never returns garbage) when this key cannot open it. */
  open(sealed: string, purpose: SecretPurpose): string {
    if (!SecretBox.isSealed(sealed)) throw new SecretBoxError(`a stored ${purpose} is not sealed (expected the v1 format)`);
    const [, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        `a stored ${purpose} cannot be opened with this SECRET_KEY: it was sealed with another key (or altered); ` +
          'start the server with the key it was sealed with, or enter the secret again',
      );
    }
  }

  /** The plaintext, or null when this key cannot open the value (for masks, which must never fail). */
  tryOpen(sealed: string, purpose: SecretPurpose): string | null {
    try {
      return this.open(sealed, purpose);
    } catch {
      return null;
    }
  }
}

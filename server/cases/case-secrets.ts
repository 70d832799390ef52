/**
 * @module server/cases/case-secrets
 * Async help's secrets at rest: enricher header values and webhook secrets
 * are stored sealed (`secrets/secret-box.ts`), header names stay readable
 * (the admin screen lists them). Also the start-up pass that seals values an
 * older version stored in plain text.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseEnrichers, caseWebhooks } from '../../db/schema.ts';
import type { Logger } from '../logger.ts';
import { SecretBox, type SecretPurpose } from '../secrets/secret-box.ts';

const mapValues = (headers: Record<string, string>, f: (value: string) => string) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, f(value)]));

export const sealHeaders = (box: SecretBox, headers: Record<string, string>) => mapValues(headers, (v) => box.seal(v, 'enricher-header'));

/** Throws SecretBoxError when a value does not open with this key. */
export const openHeaders = (box: SecretBox, headers: Record<string, string>) => mapValues(headers, (v) => box.open(v, 'enricher-header'));

export const sealWebhookSecret = (box: SecretBox, secret: string) => box.seal(secret, 'webhook-secret');

/** Throws SecretBoxError when the secret does not open with this key. */
export const openWebhookSecret = (box: SecretBox, sealed: string) => box.open(sealed, 'webhook-secret');

/**
 * Seals every plaintext value left by a version that stored them as they
 * came. Idempotent (sealed values are recognised by their format); a row is
 * updated only while it still holds what was read, so a concurrent edit is
 * never overwritten. Values sealed with another key are left as they are and
 * counted in a warning: what uses them fails, with a clear error, until the
 * server runs with the key that sealed them.
 */
export async function sealStoredSecrets(db: Db, box: SecretBox, logger: Logger): Promise<void> {
  let sealed = 0;
  let unreadable = 0;
  const check = (value: string, purpose: SecretPurpose) => {
    if (box.tryOpen(value, purpose) === null) unreadable++;
  };
  for (const row of await db.select({ id: caseEnrichers.id, headers: caseEnrichers.headers }).from(caseEnrichers)) {
    const values = Object.values(row.headers);
    values.filter((v) => SecretBox.isSealed(v)).forEach((v) => check(v, 'enricher-header'));
    if (values.every((v) => SecretBox.isSealed(v))) continue;
    const headers = mapValues(row.headers, (v) => (SecretBox.isSealed(v) ? v : box.seal(v, 'enricher-header')));
    const done = await db
      .update(caseEnrichers)
      .set({ headers })
      .where(and(eq(caseEnrichers.id, row.id), sql`${caseEnrichers.headers} = ${JSON.stringify(row.headers)}::jsonb`))
      .returning({ id: caseEnrichers.id });
    sealed += done.length;
  }
  for (const row of await db.select({ id: caseWebhooks.id, secret: caseWebhooks.secret }).from(caseWebhooks)) {
    if (SecretBox.isSealed(row.secret)) {
      check(row.secret, 'webhook-secret');
      continue;
    }
    const done = await db
      .update(caseWebhooks)
      .set({ secret: sealWebhookSecret(box, row.secret) })
      .where(and(eq(caseWebhooks.id, row.id), eq(caseWebhooks.secret, row.secret)))
      .returning({ id: caseWebhooks.id });
    sealed += done.length;
  }
  if (sealed) logger.info({ rows: sealed }, 'sealed enricher headers and webhook secrets stored in plain text');
  if (unreadable) {
    logger.error(
      { values: unreadable },
      'stored secrets do not open with this SECRET_KEY (sealed with another key): the enrichers and webhooks using them ' +
        'will fail until the server runs with the key that sealed them, or their secrets are entered again',
    );
  }
}

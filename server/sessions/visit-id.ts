/**
 * @module server/sessions/visit-id
 * A visit's id from the recorder's secret visit key. The key is shared only
 * by the customer's own tabs; the id is what the server stores and shows, so
 * seeing a visit id (the advisor app, the export) never lets anyone claim to
 * be a tab of that visit. Keyed by site, so one key never links two sites.
 */
import { createHash } from 'node:crypto';

export function visitIdOf(siteId: string, visitKey: string | undefined): string | null {
  if (!visitKey) return null;
  return createHash('sha256').update(`visit:${siteId}:${visitKey}`).digest('hex').slice(0, 32);
}

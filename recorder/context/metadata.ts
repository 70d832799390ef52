/**
 * @module recorder/context/metadata
 * identify() and setMetadata(): key/values checked here against the limits
 * the server enforces on session metadata (the server checks again), then
 * sent as a `cobrowse-metadata` rrweb custom event that ingest folds into
 * the session's metadata.
 */
import {
  METADATA_MAX_KEY_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_MAX_VALUE_LENGTH,
  type MetadataPayload,
  type MetadataValue,
} from '../../protocol/context-events.ts';
import { log } from '../logger.ts';

/** What identify() takes: who the customer is, as the site knows them. */
export interface Identity {
  customerId?: string | number;
  email?: string;
  name?: string;
  [key: string]: MetadataValue | undefined;
}

/** Keeps string, finite number, boolean and null values under valid keys; cuts long strings. */
export function cleanMetadata(input: Record<string, unknown> | undefined): Record<string, MetadataValue> {
  const out: Record<string, MetadataValue> = {};
  if (!input || typeof input !== 'object') return out;
  let count = 0;
  for (const [key, value] of Object.entries(input)) {
    if (!key || key.length > METADATA_MAX_KEY_LENGTH) {
      log.warn(`metadata key ignored (1 to ${METADATA_MAX_KEY_LENGTH} characters): ${key.slice(0, 40)}`);
      continue;
    }
    let clean: MetadataValue | undefined;
    if (typeof value === 'string') clean = value.slice(0, METADATA_MAX_VALUE_LENGTH);
    else if (typeof value === 'number' && Number.isFinite(value)) clean = value;
    else if (typeof value === 'boolean' || value === null) clean = value;
    if (clean === undefined) continue;
    if (++count > METADATA_MAX_KEYS) {
      log.warn(`at most ${METADATA_MAX_KEYS} metadata keys`);
      break;
    }
    out[key] = clean;
  }
  return out;
}

export function identityPayload(identity: Identity): MetadataPayload | undefined {
  const clean = cleanMetadata(identity);
  return Object.keys(clean).length ? { identity: clean } : undefined;
}

export function metadataPayload(metadata: Record<string, unknown>): MetadataPayload | undefined {
  const clean = cleanMetadata(metadata);
  return Object.keys(clean).length ? { metadata: clean } : undefined;
}

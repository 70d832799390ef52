/**
 * @module server/contracts/params
 * The path parameters routes share, for their contracts (the handlers check
 * them as they always did: `isUuid`, `parseIntParam`, the track id pattern).
 */
import { z } from 'zod';
import { MAX_SEQ } from '../../protocol/ingest-constants.ts';
import { MEDIA_TRACK_ID_PATTERN } from '../../protocol/media-constants.ts';

export const uuidParam = z.uuid();
export const seqParam = z.int().min(0).max(MAX_SEQ);
export const trackIdParam = z.string().regex(new RegExp(MEDIA_TRACK_ID_PATTERN));
/** A customer link's secret: the URL is the credential. */
export const linkTokenParam = z.string().min(1).max(200);

/** `{ [name]: uuid }` for routes whose parameters are all ids. */
export const uuids = <K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, uuidParam])) as Record<K, typeof uuidParam>);

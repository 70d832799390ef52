/**
 * @module server/storage/stored-chunk
 * A stored chunk read back as the events the recorder sent: its JSON
 * (`chunk-codec.ts`, whatever form it is stored in) with every text kept
 * once (`server/assets/inline-stylesheets.ts`) put back.
 */
import type { eventWithTime } from '@rrweb/types';
import type { Db } from '../../db/client.ts';
import { expandInlineStylesheets } from '../assets/inline-stylesheets.ts';
import { storedChunkJson } from './chunk-codec.ts';

/** The recorded events of one stored chunk (`event_chunks.data`) of `sessionId`. */
export async function readStoredChunk(db: Db, sessionId: string, data: Uint8Array): Promise<eventWithTime[]> {
  const events = JSON.parse((await storedChunkJson(db, sessionId, data)).toString('utf8')) as eventWithTime[];
  await expandInlineStylesheets(db, events);
  return events;
}

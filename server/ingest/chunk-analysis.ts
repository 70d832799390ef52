/**
 * @module server/ingest/chunk-analysis
 * Everything the server derives from a chunk's events itself rather than
 * trusting the recorder: time bounds, whether replay may start here, the
 * timeline markers, the pages visited, and metadata updates
 * (identify()/setMetadata(), folded into the session by chunk-store).
 *
 * rrweb's event numbers come from @rrweb/types. The context events
 * (console plugin, `cobrowse-network`, `cobrowse-metadata`) are described in
 * protocol/context-events.ts; live control hand-overs (`cobrowse-control`)
 * in protocol/live-constants.ts.
 */
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import type { Marker, SessionMetadata } from '../../protocol/ingest-constants.ts';
import { ApiError } from '../errors.ts';
import { cleanText, MAX_TIMESTAMP_MS } from '../lib/text.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import {
  CONSOLE_PLUGIN,
  IDENTITY_KEY_PREFIX,
  METADATA_EVENT_TAG,
  METADATA_MAX_KEY_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_MAX_VALUE_LENGTH,
  NETWORK_EVENT_TAG,
} from '../../protocol/context-events.ts';
import { MAX_PAGES_PER_CHUNK } from '../../protocol/ingest-constants.ts';
import { LIVE_CUSTOM_EVENT_TAG } from '../../protocol/live-constants.ts';
import type { ChunkEvent } from './chunk-body.ts';

/** Inputs into the same field closer than this are one marker (typing a word is one input). */
export const INPUT_COLLAPSE_MS = 1_000;
/** Keeps a pathological chunk (100k clicks) from bloating the session's marker list. */
export const MAX_MARKERS_PER_CHUNK = 2_000;
const MAX_URL_LENGTH = 4_096;
/** Labels of error and network markers are cut to this many characters. */
export const MAX_CONTEXT_LABEL_LENGTH = 300;

export interface ChunkFacts {
  firstTs: number;
  lastTs: number;
  eventCount: number;
  startsWithSnapshot: boolean;
  markers: Marker[];
  /** Distinct (time, URL) page visits, at most MAX_PAGES_PER_CHUNK. */
  pages: { ts: number; url: string }[];
  /** Metadata set in this chunk (identify() as `user.<key>`), in event order; undefined when none. */
  metadata?: SessionMetadata;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

export function analyzeChunk(events: ChunkEvent[]): ChunkFacts {
  let firstTs = Infinity;
  let lastTs = -Infinity;
  const markers: Marker[] = [];
  const pages: { ts: number; url: string }[] = [];
  const seenPages = new Set<string>();
  let lastInput: { id: unknown; ts: number } | undefined;
  let metadata: SessionMetadata | undefined;

  for (const event of events) {
    const ts = event.timestamp;
    if (ts > MAX_TIMESTAMP_MS) {
      throw new ApiError(400, ErrorCode.InvalidEvents, `event timestamp ${ts} is not a plausible epoch-ms time`);
    }
    if (ts < firstTs) firstTs = ts;
    if (ts > lastTs) lastTs = ts;
    const data = record(event.data);

    if (event.type === EventType.Meta) {
      const href = typeof data?.href === 'string' ? cleanText(data.href.slice(0, MAX_URL_LENGTH)) : undefined;
      if (href && !seenPages.has(`${Math.floor(ts)} ${href}`)) {
        seenPages.add(`${Math.floor(ts)} ${href}`);
        // Refused whole rather than cut: a chunk this odd is not a recording.
        if (pages.length >= MAX_PAGES_PER_CHUNK) {
          throw new ApiError(400, ErrorCode.InvalidEvents, `chunk visits more than ${MAX_PAGES_PER_CHUNK} pages`);
        }
        pages.push({ ts: Math.floor(ts), url: href });
      }
      addMarker(markers, { ts: Math.floor(ts), kind: 'navigation', ...(href ? { label: href } : {}) });
    } else if (event.type === EventType.IncrementalSnapshot && data) {
      if (data.source === IncrementalSource.MouseInteraction && data.type === MouseInteractions.Click) {
        addMarker(markers, { ts: Math.floor(ts), kind: 'click' });
      } else if (data.source === IncrementalSource.Input) {
        // NOTE: never label inputs with their value: it is the customer's typing.
        const sameField = lastInput && lastInput.id === data.id && ts - lastInput.ts <= INPUT_COLLAPSE_MS;
        if (!sameField) addMarker(markers, { ts: Math.floor(ts), kind: 'input' });
        lastInput = { id: data.id, ts };
      }
    } else if (event.type === EventType.Plugin && data?.plugin === CONSOLE_PLUGIN) {
      const payload = record(data.payload);
      if (payload?.level === 'error') {
        const label = consoleLabel(payload.payload);
        addMarker(markers, { ts: Math.floor(ts), kind: 'error', ...(label ? { label } : {}) });
      }
    } else if (event.type === EventType.Custom && data) {
      const payload = record(data.payload);
      if (data.tag === NETWORK_EVENT_TAG && payload && isFailedRequest(payload)) {
        addMarker(markers, { ts: Math.floor(ts), kind: 'network', label: networkLabel(payload) });
      } else if (data.tag === METADATA_EVENT_TAG && payload) {
        metadata = foldMetadata(metadata ?? {}, payload);
      } else if (data.tag === LIVE_CUSTOM_EVENT_TAG.Control && payload) {
        // The recorder's record of a live hand-over: `{ controllerId, name }` (null: control ended).
        const name = typeof payload.name === 'string' && payload.name ? label(payload.name) : undefined;
        const took = typeof payload.controllerId === 'string';
        addMarker(markers, { ts: Math.floor(ts), kind: 'control', label: took ? `${name ?? 'An advisor'} took control` : 'Control ended' });
      }
    }
  }

  const [first, second] = events;
  const startsWithSnapshot =
    first?.type === EventType.FullSnapshot || (first?.type === EventType.Meta && second?.type === EventType.FullSnapshot);

  return {
    firstTs: Math.floor(firstTs),
    lastTs: Math.ceil(lastTs),
    eventCount: events.length,
    startsWithSnapshot,
    markers,
    pages,
    ...(metadata ? { metadata } : {}),
  };
}

const label = (text: string) => {
  const clean = cleanText(text).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_CONTEXT_LABEL_LENGTH ? `${clean.slice(0, MAX_CONTEXT_LABEL_LENGTH - 1)}…` : clean;
};

/** The console plugin JSON-stringifies each argument; show them as the console would. */
function consoleLabel(args: unknown): string | undefined {
  if (!Array.isArray(args)) return undefined;
  const parts = args.slice(0, 5).map((arg) => {
    if (typeof arg !== 'string') return '';
    try {
      const parsed: unknown = JSON.parse(arg);
      return typeof parsed === 'string' ? parsed : arg;
    } catch {
      return arg.startsWith('"') ? arg.slice(1) : arg;
    }
  });
  return label(parts.join(' ')) || undefined;
}

function isFailedRequest(payload: Record<string, unknown>): boolean {
  const status = payload.status;
  return payload.failed === true || (typeof status === 'number' && (status === 0 || status >= 400));
}

function networkLabel(payload: Record<string, unknown>): string {
  const method = typeof payload.method === 'string' ? payload.method.slice(0, 16) : 'GET';
  const status =
    typeof payload.status === 'number' && payload.status > 0
      ? String(payload.status)
      : typeof payload.error === 'string'
        ? payload.error.slice(0, 16)
        : 'failed';
  const url = typeof payload.url === 'string' ? payload.url.slice(0, MAX_URL_LENGTH) : '';
  return label(`${method} ${status} ${url}`);
}

/**
 * Applies one `cobrowse-metadata` payload: what the session start accepts
 * (keys of 1–100 characters, string/number/boolean/null values, strings cut
 * to 1000), identity keys prefixed `user.`, at most 50 keys per chunk.
 */
function foldMetadata(into: SessionMetadata, payload: Record<string, unknown>): SessionMetadata {
  const apply = (values: unknown, prefix: string) => {
    const entries = record(values);
    if (!entries) return;
    for (const [rawKey, value] of Object.entries(entries)) {
      const key = cleanText(prefix + rawKey);
      if (rawKey.length === 0 || key.length > METADATA_MAX_KEY_LENGTH || key === '__proto__') continue;
      if (!(key in into) && Object.keys(into).length >= METADATA_MAX_KEYS) continue;
      if (typeof value === 'string') into[key] = cleanText(value.slice(0, METADATA_MAX_VALUE_LENGTH));
      else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) {
        into[key] = value;
      }
    }
  };
  apply(payload.identity, IDENTITY_KEY_PREFIX);
  apply(payload.metadata, '');
  return into;
}

function addMarker(markers: Marker[], marker: Marker) {
  if (markers.length < MAX_MARKERS_PER_CHUNK) markers.push(marker);
}

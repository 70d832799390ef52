/**
 * @module server/sessions/import-formats
 * Recognizes what `POST /api/sessions/import` was given (an rrweb event
 * array, or one of PostHog's two export files, see `protocol/api.ts`) and
 * turns it into windows of validated rrweb events: one window, and so one
 * session, per browser tab. Nothing here touches the database; every refusal
 * is a 400 `invalid_events` saying what was expected.
 */
import type { z } from 'zod';
import { ApiError } from '../errors.ts';
import { issuesMessage, summarizeIssues } from '../lib/zod-issues.ts';
import {
  MAX_IMPORT_EVENTS,
  MAX_IMPORT_WINDOWS,
  importEventsSchema,
  posthogExportV1Schema,
  posthogExportV2Schema,
  type ImportFormat,
} from '../../protocol/api.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { ChunkEvent } from '../ingest/chunk-body.ts';

export interface ImportWindow {
  /** PostHog's window id; null for an rrweb recording. */
  windowId: string | null;
  events: ChunkEvent[];
}

export interface ImportContent {
  format: ImportFormat;
  windows: ImportWindow[];
}

const invalid = (message: string, details?: unknown) => new ApiError(400, ErrorCode.InvalidEvents, message, details);

function checked<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw invalid(`${what}: ${issuesMessage(parsed.error)}`, summarizeIssues(parsed.error));
  }
  return parsed.data;
}

/** The events of one window as rrweb events, refusing posthog-js's still-compressed ones. */
function windowEvents(events: unknown[], what: string): ChunkEvent[] {
  const valid = checked(importEventsSchema, events, `${what} is not an array of rrweb events`);
  const compressed = valid.findIndex((e) => 'cv' in e);
  if (compressed >= 0) {
    throw invalid(
      `${what}: event ${compressed} is compressed by posthog-js (it has "cv"); export the recording from PostHog's player ("Export to file"), which decompresses it`,
    );
  }
  return valid;
}

export function importContent(value: unknown): ImportContent {
  if (Array.isArray(value)) {
    return { format: 'rrweb', windows: [{ windowId: null, events: windowEvents(value, 'the recording') }] };
  }
  const version = typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined;

  if (version === '2023-04-28') {
    const file = checked(posthogExportV2Schema, value, 'not a PostHog export file (2023-04-28)');
    // PostHog lists every window's snapshots together: group them, keeping file order.
    const byWindow = new Map<string, unknown[]>();
    for (const { windowId, ...event } of file.data.snapshots) {
      const key = windowId === undefined ? '' : String(windowId);
      let list = byWindow.get(key);
      if (!list) {
        if (byWindow.size >= MAX_IMPORT_WINDOWS) throw invalid(`the file holds more than ${MAX_IMPORT_WINDOWS} windows`);
        byWindow.set(key, (list = []));
      }
      list.push(event);
    }
    return {
      format: 'posthog-2023-04-28',
      windows: [...byWindow].map(([windowId, events]) => ({
        windowId: windowId || null,
        events: windowEvents(events, `window ${windowId || '(none)'}`),
      })),
    };
  }

  if (version === '2022-12-02') {
    const file = checked(posthogExportV1Schema, value, 'not a PostHog export file (2022-12-02)');
    const windows = Object.entries(file.data.snapshotsByWindowId).map(([windowId, events]) => ({
      windowId,
      events: windowEvents(events, `window ${windowId}`),
    }));
    const total = windows.reduce((n, w) => n + w.events.length, 0);
    if (total > MAX_IMPORT_EVENTS) throw invalid(`the file holds more than ${MAX_IMPORT_EVENTS} events`);
    return { format: 'posthog-2022-12-02', windows };
  }

  throw invalid('expected a JSON array of rrweb events, or a PostHog export file (an object with "version": "2023-04-28" or "2022-12-02")');
}

/**
 * @module server/tutorials/tutorial-publish
 * Publishing: the tutorial's final events (cut, joined, redacted) are
 * scanned again, and publishing is refused (409 `sensitive_data_unredacted`)
 * while a detected value is neither redacted nor ignored on purpose, or a
 * text the editor redacted still shows. Then a new version stores its OWN
 * copy of those events (gzipped chunks, never a pointer into the recording,
 * which retention or erasure may delete) and a snapshot of the steps,
 * chapters and annotations with the redacted texts (and the texts of
 * redacted elements) replaced. The slug stays; older versions' events are
 * dropped, with the written guide's pictures drawn from them (a fix made by
 * re-publishing must not stay reachable).
 */
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { eventWithTime } from '@rrweb/types';
import { and, eq, max, ne, inArray } from 'drizzle-orm';
import { tutorials, tutorialStepPictures, tutorialVersionChunks, tutorialVersions } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { Scope } from '../scope/index.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { REDACTED_TEXT, type TutorialSnapshot, type TutorialVisibility } from '../../protocol/tutorials.ts';
import { scrub, textsOfNodes } from './node-texts.ts';
import { toAnnotation, toChapter, toStep, type TutorialParts, type TutorialRow } from './tutorial-dto.ts';
import { cutEvents, redacted, redactionTargets } from './tutorial-events.ts';
import { findingsOf, knownCustomerData } from './tutorial-findings.ts';

const gzip = promisify(gzipCb);

/** Events per stored chunk of a version (the player reads them all; the size only bounds one row). */
const VERSION_CHUNK_EVENTS = 500;

export interface PublishInput {
  visibility: TutorialVisibility;
  expiresAt?: string | undefined;
}

/** The sources of a tutorial as recorded ranges. */
export const rangesOf = (parts: TutorialParts) =>
  parts.sources.map((s) => ({ sessionId: s.sessionId, startMs: s.startMs, endMs: s.endMs }));

/** Whether `needle` shows anywhere in the JSON text (as JSON would write it), in any case. */
function showsIn(json: string, needle: string): boolean {
  return json.includes(JSON.stringify(needle.toLowerCase()).slice(1, -1));
}

/** The snapshot a version serves: the parts with every redacted text replaced. */
function snapshotOf(row: TutorialRow, parts: TutorialParts, hidden: readonly string[]): TutorialSnapshot {
  const clean = (s: string) => scrub(s, hidden, REDACTED_TEXT);
  const cleanOrNull = (s: string | null) => (s === null ? null : clean(s));
  return {
    title: clean(row.title),
    steps: parts.steps.map(toStep).map((s) => ({
      ...s,
      title: clean(s.title),
      body: clean(s.body),
      url: clean(s.url),
      pageTitle: cleanOrNull(s.pageTitle),
      selector: cleanOrNull(s.selector),
    })),
    chapters: parts.chapters.map(toChapter).map((c) => ({ ...c, title: clean(c.title) })),
    annotations: parts.annotations.map(toAnnotation).map((a) => ({ ...a, text: clean(a.text) })),
  };
}

async function chunksOf(events: eventWithTime[]): Promise<{ seq: number; eventCount: number; data: Uint8Array }[]> {
  const chunks = [];
  for (let i = 0, seq = 0; i < events.length; i += VERSION_CHUNK_EVENTS, seq++) {
    const part = events.slice(i, i + VERSION_CHUNK_EVENTS);
    chunks.push({ seq, eventCount: part.length, data: new Uint8Array(await gzip(JSON.stringify(part))) });
  }
  return chunks;
}

/** Publishes a new version (refused while the scan finds something open); answers its number and id. */
export async function publishTutorial(
  scope: Scope,
  row: TutorialRow,
  parts: TutorialParts,
  input: PublishInput,
): Promise<{ number: number; versionId: string }> {
  const { db } = scope;
  const ranges = rangesOf(parts);
  if (ranges.length === 0) throw new ApiError(409, ErrorCode.Conflict, 'the recordings this tutorial was made from were deleted');
  const cut = await cutEvents(db, ranges);
  const events = redacted(cut, parts.redactions);
  const open = findingsOf(
    events,
    await knownCustomerData(
      db,
      ranges.map((r) => r.sessionId),
    ),
    parts.redactions,
  ).filter((f) => f.status === 'open');
  const targets = redactionTargets(parts.redactions);
  const { texts } = targets;
  const json = JSON.stringify(events).toLowerCase();
  const stillShown = texts.filter((t) => showsIn(json, t));
  if (open.length || stillShown.length) {
    throw new ApiError(
      409,
      ErrorCode.SensitiveDataUnredacted,
      `the tutorial still shows ${open.length + stillShown.length} sensitive value(s): redact them, or ignore them explicitly`,
      {
        findings: open.map((f) => ({ kind: f.kind, value: f.value, count: f.count, firstT: f.firstT })),
        redactedTextsStillShown: stillShown.length,
      },
    );
  }
  const hidden = [...new Set([...texts, ...textsOfNodes(cut, targets)])].sort((a, b) => b.length - a.length);
  const snapshot = snapshotOf(row, parts, hidden);
  const chunks = await chunksOf(events);
  return db.transaction(async (tx) => {
    const [last] = await tx
      .select({ n: max(tutorialVersions.number) })
      .from(tutorialVersions)
      .where(eq(tutorialVersions.tutorialId, row.id));
    const number = (last?.n ?? 0) + 1;
    const [version] = await tx
      .insert(tutorialVersions)
      .values({ tutorialId: row.id, number, publishedBy: scope.advisor.id, snapshot })
      .returning({ id: tutorialVersions.id });
    if (chunks.length) await tx.insert(tutorialVersionChunks).values(chunks.map((c) => ({ ...c, versionId: version!.id })));
    await dropOlderEvents(tx, row.id, version!.id);
    const now = new Date();
    await tx
      .update(tutorials)
      .set({
        status: 'published',
        visibility: input.visibility,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        currentVersionId: version!.id,
        publishedAt: now,
        updatedAt: now,
      })
      .where(eq(tutorials.id, row.id));
    return { number, versionId: version!.id };
  });
}

type Tx = Parameters<Parameters<Scope['db']['transaction']>[0]>[0];

/**
 * Deletes the events of the tutorial's versions other than `keep`, and the guide's pictures drawn from them
 * (their snapshots stay: the history).
 */
async function dropOlderEvents(tx: Tx, tutorialId: string, keep: string | null): Promise<void> {
  const older = await tx
    .select({ id: tutorialVersions.id })
    .from(tutorialVersions)
    .where(
      keep ? and(eq(tutorialVersions.tutorialId, tutorialId), ne(tutorialVersions.id, keep)) : eq(tutorialVersions.tutorialId, tutorialId),
    );
  if (older.length === 0) return;
  const ids = older.map((v) => v.id);
  await tx.delete(tutorialVersionChunks).where(inArray(tutorialVersionChunks.versionId, ids));
  await tx.delete(tutorialStepPictures).where(inArray(tutorialStepPictures.versionId, ids));
}

/** Takes the tutorial off its public address (410 there) and drops the published events; it stays a draft, same slug. */
export async function unpublishTutorial(scope: Scope, row: TutorialRow): Promise<void> {
  await scope.db.transaction(async (tx) => {
    await dropOlderEvents(tx, row.id, null);
    await tx.update(tutorials).set({ status: 'draft', currentVersionId: null, updatedAt: new Date() }).where(eq(tutorials.id, row.id));
  });
}

/**
 * @module server/tutorials/guide/step-pictures
 * The stored step pictures of published versions (`tutorial_step_pictures`):
 * kept per version and step, written only while the version still holds its
 * events (a version re-published or unpublished meanwhile gets none: its
 * pictures go with its events, `tutorial-publish.ts`), and read one at a time
 * or all of a version for the guide.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { tutorialStepPictures, tutorialVersionChunks } from '../../../db/schema.ts';
import type { RenderedPicture } from './step-picture-renderer.ts';

export interface StoredPicture {
  stepId: string;
  png: Uint8Array;
  width: number;
  height: number;
}

/** The step ids of a version that have a picture. */
export async function picturedSteps(db: Db, versionId: string): Promise<Set<string>> {
  const rows = await db
    .select({ stepId: tutorialStepPictures.stepId })
    .from(tutorialStepPictures)
    .where(eq(tutorialStepPictures.versionId, versionId));
  return new Set(rows.map((r) => r.stepId));
}

/** Pictures of these steps of a version (the guide's HTML inlines them). */
export async function picturesOf(db: Db, versionId: string, stepIds: string[]): Promise<Map<string, StoredPicture>> {
  if (stepIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(tutorialStepPictures)
    .where(and(eq(tutorialStepPictures.versionId, versionId), inArray(tutorialStepPictures.stepId, stepIds)));
  return new Map(rows.map((r) => [r.stepId, r]));
}

export async function pictureOf(db: Db, versionId: string, stepId: string): Promise<StoredPicture | undefined> {
  return (await picturesOf(db, versionId, [stepId])).get(stepId);
}

/** Stores a version's pictures, unless its events were dropped meanwhile; answers how many were stored. */
export async function savePictures(db: Db, versionId: string, pictures: RenderedPicture[]): Promise<number> {
  if (pictures.length === 0) return 0;
  return db.transaction(async (tx) => {
    const [live] = await tx
      .select({ seq: tutorialVersionChunks.seq })
      .from(tutorialVersionChunks)
      .where(eq(tutorialVersionChunks.versionId, versionId))
      .limit(1)
      // NOTE: locked, so a re-publish dropping these events (and their pictures) waits for this insert, not after it.
      .for('update');
    if (!live) return 0;
    await tx
      .insert(tutorialStepPictures)
      .values(pictures.map((p) => ({ versionId, stepId: p.stepId, png: new Uint8Array(p.png), width: p.width, height: p.height })))
      .onConflictDoNothing();
    return pictures.length;
  });
}

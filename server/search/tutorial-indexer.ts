/**
 * @module server/search/tutorial-indexer
 * Indexes one tutorial's PUBLISHED version: the title, chapter titles and
 * each step (its title and body), read from the version's snapshot — the
 * redacted texts the public page serves, never the draft being edited. A
 * draft (never published, or unpublished) and a deleted tutorial have no
 * index: indexing one removes its entries. The subject's `state` is the
 * tutorial's visibility, `occurred_at` and `source_version` when it was last
 * published (the sweep compares them).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tutorials, tutorialVersions } from '../../db/schema.ts';
import { detectLanguage } from './language.ts';
import { replaceSubject, removeSubjects, type Passage } from './index-store.ts';
import { indexableText } from './search-text.ts';

const TITLE_CHARS = 200;

export async function indexTutorial(db: Db, tutorialId: string): Promise<void> {
  const [row] = await db.select().from(tutorials).where(eq(tutorials.id, tutorialId));
  const [version] =
    row?.status === 'published' && row.currentVersionId
      ? await db.select().from(tutorialVersions).where(eq(tutorialVersions.id, row.currentVersionId))
      : [];
  if (!row || !version || !row.publishedAt) {
    await removeSubjects(db, 'tutorial', [tutorialId]);
    return;
  }
  const { snapshot } = version;
  const passages: Passage[] = [];
  const push = (passage: Passage) => {
    const text = indexableText(passage.text);
    if (text) passages.push({ ...passage, text });
  };
  push({ source: 'tutorial_title', text: snapshot.title });
  for (const chapter of snapshot.chapters) push({ source: 'chapter', text: chapter.title });
  for (const step of snapshot.steps) push({ source: 'step', text: `${step.title}\n${step.body}` });

  const publishedAt = row.publishedAt;
  await replaceSubject(
    db,
    {
      kind: 'tutorial',
      subjectId: row.id,
      siteId: row.siteId,
      title: indexableText(snapshot.title).slice(0, TITLE_CHARS),
      lang: detectLanguage(passages.map((p) => p.text).join(' ')),
      state: row.visibility,
      occurredAt: publishedAt,
      sourceVersion: publishedAt.getTime(),
    },
    passages,
    // Still published as this version: an unpublish or re-publish meanwhile queued its own run.
    async (tx) =>
      (
        await tx
          .select({ id: tutorials.id })
          .from(tutorials)
          .where(and(eq(tutorials.id, tutorialId), eq(tutorials.status, 'published'), eq(tutorials.currentVersionId, version.id)))
          .for('share')
      ).length > 0,
  );
}

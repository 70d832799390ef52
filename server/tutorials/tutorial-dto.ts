/**
 * @module server/tutorials/tutorial-dto
 * Stored tutorial rows → the protocol's wire shapes (`protocol/tutorials.ts`).
 */
import type {
  tutorialAnnotations,
  tutorialChapters,
  tutorialRedactions,
  tutorials,
  tutorialSources,
  tutorialSteps,
} from '../../db/schema.ts';
import {
  TUTORIAL_PAGE_BASE,
  type PublishedAnnotation,
  type PublishedChapter,
  type PublishedStep,
  type Tutorial,
  type TutorialSummary,
} from '../../protocol/tutorials.ts';

export type TutorialRow = typeof tutorials.$inferSelect & { authorName: string | null; versionNumber: number | null };
export type StepRow = typeof tutorialSteps.$inferSelect;
export type ChapterRow = typeof tutorialChapters.$inferSelect;
export type AnnotationRow = typeof tutorialAnnotations.$inferSelect;
export type RedactionRow = typeof tutorialRedactions.$inferSelect;
export type SourceRow = typeof tutorialSources.$inferSelect;

export interface TutorialParts {
  sources: SourceRow[];
  steps: StepRow[];
  chapters: ChapterRow[];
  annotations: AnnotationRow[];
  redactions: RedactionRow[];
}

/** The absolute public address of a tutorial (`PUBLIC_URL/t/:slug`). */
export const tutorialUrl = (publicUrl: string, slug: string) => `${publicUrl}${TUTORIAL_PAGE_BASE}/${encodeURIComponent(slug)}`;

export function toTutorialSummary(row: TutorialRow, publicUrl: string): TutorialSummary {
  const published = row.status === 'published';
  return {
    id: row.id,
    siteId: row.siteId,
    authorId: row.authorId,
    authorName: row.authorName,
    title: row.title,
    status: row.status,
    slug: row.slug,
    visibility: row.visibility,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    coverStepId: row.coverStepId,
    publishedVersion: published ? row.versionNumber : null,
    publishedAt: published ? (row.publishedAt?.toISOString() ?? null) : null,
    url: published ? tutorialUrl(publicUrl, row.slug) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const toStep = (s: StepRow): PublishedStep => ({
  id: s.id,
  title: s.title,
  body: s.body,
  kind: s.kind,
  t: s.t,
  url: s.url,
  pageTitle: s.pageTitle,
  nodeId: s.nodeId,
  selector: s.selector,
  box: s.box ?? null,
  chapterId: s.chapterId,
});

export const toChapter = (c: ChapterRow): PublishedChapter => ({ id: c.id, title: c.title });

export const toAnnotation = (a: AnnotationRow): PublishedAnnotation => ({
  id: a.id,
  stepId: a.stepId,
  t: a.t,
  nodeId: a.nodeId,
  kind: a.kind,
  text: a.text,
});

export function toTutorial(row: TutorialRow, parts: TutorialParts, publicUrl: string): Tutorial {
  return {
    ...toTutorialSummary(row, publicUrl),
    sources: parts.sources.map((s) => ({ sessionId: s.sessionId, startMs: s.startMs, endMs: s.endMs })),
    steps: parts.steps.map((s) => ({ ...toStep(s), position: s.position })),
    chapters: parts.chapters.map((c) => ({ ...toChapter(c), position: c.position })),
    annotations: parts.annotations.map(toAnnotation),
    redactions: parts.redactions.map((r) => ({ id: r.id, kind: r.kind, nodeId: r.nodeId, atMs: r.atMs, text: r.text })),
  };
}

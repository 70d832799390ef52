/**
 * @module protocol/tutorials-constants
 * Tutorials (a solved session made into reusable help): the plain constants
 * and stored JSON shapes, zod-free so `db/schema.ts` and the advisor app
 * import them as they are. Schemas and wire types: `tutorials.ts`.
 */

export const TUTORIALS_BASE = '/api/tutorials';
/** The public tutorial pages: `/t/:slug`, `/t/:slug/tutorial.json`, `/t/:slug/events`, `/t/:slug/views`. */
export const TUTORIAL_PAGE_BASE = '/t';

export const TUTORIAL_STATUSES = ['draft', 'published'] as const;
export type TutorialStatus = (typeof TUTORIAL_STATUSES)[number];

/**
 * Who may open a published tutorial: anyone (`public`, listed where the
 * organisation links it), anyone holding the link (`unlisted`: the slug is
 * unguessable), or the organisation's signed-in members only (`org`).
 */
export const TUTORIAL_VISIBILITIES = ['public', 'unlisted', 'org'] as const;
export type TutorialVisibility = (typeof TUTORIAL_VISIBILITIES)[number];

export const STEP_KINDS = ['click', 'input', 'select', 'navigate'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const ANNOTATION_KINDS = ['callout', 'highlight', 'arrow'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** A redaction: an element (rrweb node id) hidden, a text replaced, or a detected value the editor decided is fine to show. */
export const REDACTION_KINDS = ['node', 'text', 'ignore'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export const VIEW_KINDS = ['view', 'complete', 'step'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** A step's element on the page, in CSS pixels of the recorded viewport. */
export interface StepBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The written guide's step pictures (`guide.md`, `guide.html`, header {@link GUIDE_PICTURES_HEADER}): every step has
 * one, some are still being drawn, the server has no headless Chromium to draw them, or drawing them failed every
 * attempt (not tried again for this version).
 */
export const GUIDE_PICTURES = ['complete', 'pending', 'unavailable', 'failed'] as const;
export type GuidePictures = (typeof GUIDE_PICTURES)[number];
export const GUIDE_PICTURES_HEADER = 'X-Guide-Pictures';

/** What replaces a redacted text in everything a published tutorial serves. */
export const REDACTED_TEXT = '[redacted]';

export const TUTORIAL_TITLE_MAX = 200;
export const STEP_TITLE_MAX = 300;
export const STEP_BODY_MAX = 10_000;
export const TUTORIAL_SOURCES_MAX = 10;
export const REDACTIONS_PER_REQUEST_MAX = 200;
export const TUTORIAL_PAGE_SIZE_DEFAULT = 50;
export const TUTORIAL_PAGE_SIZE_MAX = 200;

/** A step as a published tutorial serves it (and as its version stores it). */
export interface PublishedStep {
  id: string;
  title: string;
  body: string;
  kind: StepKind;
  /** Milliseconds from the start of the tutorial's events. */
  t: number;
  url: string;
  pageTitle: string | null;
  nodeId: number | null;
  selector: string | null;
  box: StepBox | null;
  chapterId: string | null;
}

export interface PublishedChapter {
  id: string;
  title: string;
}

export interface PublishedAnnotation {
  id: string;
  stepId: string | null;
  t: number | null;
  nodeId: number | null;
  kind: AnnotationKind;
  text: string;
}

/** What a published version holds besides its events: `GET /t/:slug/tutorial.json` serves it. */
export interface TutorialSnapshot {
  title: string;
  steps: PublishedStep[];
  chapters: PublishedChapter[];
  annotations: PublishedAnnotation[];
}

/**
 * A step title's parts: the element's name is set in `*…*` (the server's
 * step-wording.ts) and shown emphasised, by the embed and the `/t/:slug` page.
 */
export function titleParts(title: string): { text: string; emphasised: boolean }[] {
  return title
    .split(/\*([^*]+)\*/)
    .map((text, i) => ({ text, emphasised: i % 2 === 1 }))
    .filter((p) => p.text !== '');
}

/**
 * @module protocol/tutorials
 * Tutorials: a solved session becomes reusable help. An editor cuts one or
 * more recorded ranges, gets proposed steps, renames, reorders, merges and
 * splits them, groups them in chapters, annotates them, redacts what must
 * not be shown, and publishes: the published version holds its own redacted
 * copy of the events, served at `PUBLIC_URL/t/:slug`.
 *
 * Advisor (bearer token; `tutorials.read` to read, `tutorials.write` to change):
 *   POST   /api/tutorials                       TutorialCreate        -> Tutorial (201, with proposed steps)
 *   GET    /api/tutorials?TutorialListQuery                           -> TutorialList
 *   GET    /api/tutorials/:id                                         -> Tutorial
 *   PATCH  /api/tutorials/:id                   TutorialUpdate        -> Tutorial
 *   DELETE /api/tutorials/:id                                         -> 204
 *   POST   /api/tutorials/:id/steps             StepCreate            -> Tutorial (201)
 *   PATCH  /api/tutorials/:id/steps/:stepId     StepUpdate            -> Tutorial (rename, body, chapter)
 *   DELETE /api/tutorials/:id/steps/:stepId                           -> Tutorial
 *   POST   /api/tutorials/:id/steps/reorder     StepReorder           -> Tutorial
 *   POST   /api/tutorials/:id/steps/merge       StepMerge             -> Tutorial
 *   POST   /api/tutorials/:id/steps/:stepId/split StepSplit           -> Tutorial
 *   POST   /api/tutorials/:id/chapters          ChapterCreate         -> Tutorial (201)
 *   PATCH  /api/tutorials/:id/chapters/:chapterId ChapterUpdate       -> Tutorial
 *   DELETE /api/tutorials/:id/chapters/:chapterId                     -> Tutorial
 *   POST   /api/tutorials/:id/annotations       AnnotationCreate      -> Tutorial (201)
 *   DELETE /api/tutorials/:id/annotations/:annotationId               -> Tutorial
 *   POST   /api/tutorials/:id/redactions        RedactionCreate       -> Tutorial (201)
 *   DELETE /api/tutorials/:id/redactions/:redactionId                 -> Tutorial
 *   GET    /api/tutorials/:id/findings                                -> FindingList
 *   GET    /api/tutorials/:id/events                                  -> eventWithTime[] (cut, joined, redacted)
 *   POST   /api/tutorials/:id/publish           TutorialPublish       -> TutorialPublished
 *          (409 `sensitive_data_unredacted` while a detected value is neither redacted nor ignored)
 *   POST   /api/tutorials/:id/unpublish                               -> Tutorial
 *   GET    /api/tutorials/:id/analytics                               -> TutorialAnalytics
 *
 * Public (no sign-in for `public` and `unlisted`; `org`: a member's bearer token):
 *   GET  /t/:slug                 the page (title, steps, the player if built)
 *   GET  /t/:slug/tutorial.json   PublicTutorial
 *   GET  /t/:slug/events          the version's own redacted events
 *   POST /t/:slug/views           ViewCreate -> 204 (CORS-open, for embeds)
 *   unknown → 404 `tutorial_not_found`, expired → 410 `tutorial_expired`,
 *   unpublished → 410 `tutorial_unpublished` (the page says so in words).
 */
import { z } from 'zod';
import { text } from './text.ts';
import {
  ANNOTATION_KINDS,
  REDACTIONS_PER_REQUEST_MAX,
  STEP_BODY_MAX,
  STEP_KINDS,
  STEP_TITLE_MAX,
  TUTORIAL_PAGE_SIZE_DEFAULT,
  TUTORIAL_PAGE_SIZE_MAX,
  TUTORIAL_SOURCES_MAX,
  TUTORIAL_STATUSES,
  TUTORIAL_TITLE_MAX,
  TUTORIAL_VISIBILITIES,
  VIEW_KINDS,
  REDACTION_KINDS,
  type StepKind,
} from './tutorials-constants.ts';
import { rrwebEventSchema } from './ingest.ts';

export * from './tutorials-constants.ts';

const uuid = z.uuid().transform((v) => v.toLowerCase());
/** Epoch milliseconds of recorded events (what rrweb stamps). */
const epochMs = z.int().min(0).max(8_640_000_000_000);
const title = text().trim().min(1).max(TUTORIAL_TITLE_MAX);
const stepTitle = text().trim().min(1).max(STEP_TITLE_MAX);
const body = text().max(STEP_BODY_MAX);
const nodeId = z.int().min(0).max(2_147_483_647);
const offsetMs = z.int().min(0).max(2_147_483_647_000);

/** A recorded range: the session, and from/to as epoch ms of its events (absent: its start / its end). */
export const tutorialSourceSchema = z
  .object({ sessionId: uuid, startMs: epochMs.optional(), endMs: epochMs.optional() })
  .refine((s) => s.startMs === undefined || s.endMs === undefined || s.startMs < s.endMs, 'startMs must be before endMs');
export type TutorialSourceInput = z.input<typeof tutorialSourceSchema>;

/**
 * A tutorial from a session's range; `sources`: further ranges (of sessions
 * of the same site) joined after it, in order.
 */
export const tutorialCreateSchema = z
  .object({
    sessionId: uuid,
    startMs: epochMs.optional(),
    endMs: epochMs.optional(),
    title,
    sources: z
      .array(tutorialSourceSchema)
      .max(TUTORIAL_SOURCES_MAX - 1)
      .optional(),
  })
  .refine((s) => s.startMs === undefined || s.endMs === undefined || s.startMs < s.endMs, 'startMs must be before endMs');
export type TutorialCreate = z.input<typeof tutorialCreateSchema>;

export const tutorialListQuerySchema = z.object({
  siteId: uuid.optional(),
  /** An advisor id, or `me`. */
  author: z.union([z.literal('me'), uuid]).optional(),
  status: z.enum(TUTORIAL_STATUSES).optional(),
  /** Only tutorials changed at or after this time (epoch ms). */
  updatedSince: z.coerce.number().int().min(0).max(8_640_000_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(TUTORIAL_PAGE_SIZE_MAX).default(TUTORIAL_PAGE_SIZE_DEFAULT),
});

export const tutorialUpdateSchema = z
  .object({
    title: title.optional(),
    /** The step shown as the tutorial's cover; null: none. */
    coverStepId: uuid.nullable().optional(),
    visibility: z.enum(TUTORIAL_VISIBILITIES).optional(),
    /** ISO time after which `/t/:slug` answers 410; null: never. */
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'nothing to change');

const boxSchema = z.object({ x: z.number(), y: z.number(), width: z.number().min(0), height: z.number().min(0) });

export const stepCreateSchema = z.object({
  title: stepTitle,
  body: body.optional(),
  kind: z.enum(STEP_KINDS),
  t: offsetMs,
  url: text().max(4000),
  pageTitle: text().max(500).nullable().optional(),
  nodeId: nodeId.nullable().optional(),
  selector: text().max(2000).nullable().optional(),
  box: boxSchema.nullable().optional(),
  chapterId: uuid.nullable().optional(),
  /** Where it goes: before the step at this index (0-based); absent: by its time. */
  position: z.int().min(0).max(100_000).optional(),
});

export const stepUpdateSchema = z
  .object({ title: stepTitle.optional(), body: body.optional(), chapterId: uuid.nullable().optional() })
  .refine((u) => Object.keys(u).length > 0, 'nothing to change');

/** Every step id of the tutorial, once each, in the new order. */
export const stepReorderSchema = z.object({ stepIds: z.array(uuid).min(1).max(10_000) });
/** Neighbouring steps (in order) become the first of them: its title, the bodies joined. */
export const stepMergeSchema = z.object({ stepIds: z.array(uuid).min(2).max(1000), title: stepTitle.optional() });
/** The step is cut at `t` (after its own time): the part from `t` on is a new step right after it. */
export const stepSplitSchema = z.object({ t: offsetMs, title: stepTitle.optional() });

export const chapterCreateSchema = z.object({
  title,
  /** Steps that belong to it. */
  stepIds: z.array(uuid).max(10_000).optional(),
});
export const chapterUpdateSchema = z.object({ title });

export const annotationCreateSchema = z
  .object({
    stepId: uuid.optional(),
    t: offsetMs.optional(),
    nodeId: nodeId.optional(),
    kind: z.enum(ANNOTATION_KINDS),
    text: text().max(2000).default(''),
  })
  .refine((a) => a.stepId !== undefined || a.t !== undefined, 'an annotation belongs to a step or a time (t)');

/**
 * Elements (rrweb node ids) to hide, texts to replace, and detected values
 * to keep on purpose (`ignore`: the findings scan stops blocking publishing on them).
 */
export const redactionCreateSchema = z
  .object({
    /** Hidden on every page (rrweb's ids start afresh on each page, so the same id may be other elements elsewhere). */
    nodeIds: z.array(nodeId).max(REDACTIONS_PER_REQUEST_MAX).optional(),
    /** Hidden on one page: the one shown at `atMs` (ms from the start of the tutorial's events, as the preview plays them). */
    nodes: z
      .array(z.object({ id: nodeId, atMs: offsetMs }))
      .max(REDACTIONS_PER_REQUEST_MAX)
      .optional(),
    texts: z.array(text().min(1).max(1000)).max(REDACTIONS_PER_REQUEST_MAX).optional(),
    ignore: z.array(text().min(1).max(1000)).max(REDACTIONS_PER_REQUEST_MAX).optional(),
  })
  .refine(
    (r) => (r.nodeIds?.length ?? 0) + (r.nodes?.length ?? 0) + (r.texts?.length ?? 0) + (r.ignore?.length ?? 0) > 0,
    'nothing to redact',
  );

export const tutorialPublishSchema = z.object({
  visibility: z.enum(TUTORIAL_VISIBILITIES),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export const viewCreateSchema = z
  .object({ kind: z.enum(VIEW_KINDS), stepId: uuid.optional() })
  .refine((v) => (v.kind === 'step') === (v.stepId !== undefined), 'a step view names its stepId (and only a step view)');

// Answers: zod schemas (the contracts describe them field by field), their types inferred.

const id = z.string();
const stepBoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const publishedStepSchema = z.object({
  id,
  title: z.string(),
  body: z.string(),
  kind: z.enum(STEP_KINDS),
  /** Milliseconds from the start of the tutorial's events. */
  t: z.number(),
  url: z.string(),
  pageTitle: z.string().nullable(),
  nodeId: z.number().nullable(),
  selector: z.string().nullable(),
  box: stepBoxSchema.nullable(),
  chapterId: z.string().nullable(),
});
export const publishedChapterSchema = z.object({ id, title: z.string() });
export const publishedAnnotationSchema = z.object({
  id,
  stepId: z.string().nullable(),
  t: z.number().nullable(),
  nodeId: z.number().nullable(),
  kind: z.enum(ANNOTATION_KINDS),
  text: z.string(),
});

export const tutorialSourceInfoSchema = z.object({ sessionId: z.string(), startMs: z.number().nullable(), endMs: z.number().nullable() });
export type TutorialSource = z.output<typeof tutorialSourceInfoSchema>;

export const tutorialStepSchema = publishedStepSchema.extend({ position: z.number() });
export type TutorialStep = z.output<typeof tutorialStepSchema>;
export const tutorialChapterSchema = publishedChapterSchema.extend({ position: z.number() });
export type TutorialChapter = z.output<typeof tutorialChapterSchema>;
export type TutorialAnnotation = z.output<typeof publishedAnnotationSchema>;

export const tutorialRedactionSchema = z.object({
  id,
  kind: z.enum(REDACTION_KINDS),
  nodeId: z.number().nullable(),
  /** A node hidden on the page shown at this moment only; null: on every page. */
  atMs: z.number().nullable(),
  text: z.string().nullable(),
});
export type TutorialRedaction = z.output<typeof tutorialRedactionSchema>;

export const tutorialSummarySchema = z.object({
  id,
  siteId: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  title: z.string(),
  status: z.enum(TUTORIAL_STATUSES),
  slug: z.string(),
  visibility: z.enum(TUTORIAL_VISIBILITIES),
  expiresAt: z.string().nullable(),
  coverStepId: z.string().nullable(),
  /** The number of the version `/t/:slug` serves; null while not published. */
  publishedVersion: z.number().nullable(),
  publishedAt: z.string().nullable(),
  /** `PUBLIC_URL/t/:slug` while published, else null. */
  url: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TutorialSummary = z.output<typeof tutorialSummarySchema>;

export const tutorialSchema = tutorialSummarySchema
  .extend({
    sources: z.array(tutorialSourceInfoSchema),
    steps: z.array(tutorialStepSchema),
    chapters: z.array(tutorialChapterSchema),
    annotations: z.array(publishedAnnotationSchema),
    redactions: z.array(tutorialRedactionSchema),
  })
  .describe('A tutorial with its sources, steps, chapters, annotations and redactions.');
export type Tutorial = z.output<typeof tutorialSchema>;

export const tutorialListSchema = z.object({ tutorials: z.array(tutorialSummarySchema) });
export type TutorialList = z.output<typeof tutorialListSchema>;

/** A value the scan found in the tutorial's (cut, redacted) events. */
export const tutorialFindingSchema = z.object({
  kind: z.string(),
  value: z.string(),
  count: z.number(),
  /** Ms from the start of the tutorial's events where it first shows. */
  firstT: z.number(),
  /** `ignored`: the editor keeps it on purpose; `open` ones block publishing. */
  status: z.enum(['open', 'ignored']),
});
export type TutorialFinding = z.output<typeof tutorialFindingSchema>;
export const tutorialFindingListSchema = z.object({ findings: z.array(tutorialFindingSchema) });
export type TutorialFindingList = z.output<typeof tutorialFindingListSchema>;

export const tutorialPublishedSchema = z.object({ url: z.string(), version: z.number() });
export type TutorialPublished = z.output<typeof tutorialPublishedSchema>;

/** The events a tutorial plays: rrweb `eventWithTime[]` (the editor's preview, a published version's own copy). */
export const tutorialEventsSchema = z.array(rrwebEventSchema).describe("The tutorial's rrweb events (cut, joined, redacted).");

export const publicTutorialSchema = z.object({
  slug: z.string(),
  title: z.string(),
  version: z.number(),
  publishedAt: z.string(),
  steps: z.array(publishedStepSchema),
  chapters: z.array(publishedChapterSchema),
  annotations: z.array(publishedAnnotationSchema),
  /** Where the version's events are (relative to this document's origin). */
  eventsUrl: z.string(),
});
export type PublicTutorial = z.output<typeof publicTutorialSchema>;

export const tutorialAnalyticsSchema = z.object({
  views: z.number(),
  completions: z.number(),
  steps: z.array(z.object({ stepId: z.string(), reached: z.number() })),
  /** Views by the origin of the page embedding the tutorial (the tutorial's own page not counted). */
  embeds: z.array(z.object({ origin: z.string(), views: z.number() })),
  /** Cases whose thread sent the tutorial's link to the customer. */
  sentInCases: z.number(),
  /** Customers who opened it from the suggestions of the Ask-for-help form and left without sending their question. */
  deflections: z.number(),
});
export type TutorialAnalytics = z.output<typeof tutorialAnalyticsSchema>;

export type { StepKind };

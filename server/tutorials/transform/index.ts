/**
 * @module server/tutorials/transform
 * Pure transforms of rrweb event streams for tutorials (no database, no
 * HTTP): cut a range that plays on its own, merge ranges, redact, detect
 * what to redact, propose steps. Times are ms since the stream's first event.
 * See docs/tutorials.md, "Event transforms".
 */
export { cutRange, CUT_END_TAG } from './cut.ts';
export { mergeRanges, DEFAULT_GAP_MS } from './merge.ts';
export { redactEvents, PLACEHOLDER_IMAGE, type Redaction } from './redact.ts';
export { detectSensitive, type Finding } from './detect.ts';
export { extractSteps, UNDO_WINDOW_MS, type ProposedStep } from './steps.ts';

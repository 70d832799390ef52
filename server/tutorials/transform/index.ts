/**
 * @module server/tutorials/transform
 * PLACEHOLDER until the `transforms` branch is merged: the pure event
 * transforms (cut, join, redact, detect, extract steps) are written there.
 * These declarations only let the server module compile; every call throws.
 */
import type { eventWithTime } from '@rrweb/types';
import type { StepBox, StepKind } from '../../../protocol/tutorials-constants.ts';

export interface Finding {
  kind: string;
  value: string;
  count: number;
  firstT: number;
}

export interface ProposedStep {
  kind: StepKind;
  title: string;
  t: number;
  url: string;
  pageTitle?: string;
  nodeId?: number;
  selector?: string;
  box?: StepBox;
}

const notMerged = (): never => {
  throw new Error('server/tutorials/transform is not merged yet (branch transforms)');
};

export const cutRange = (_events: eventWithTime[], _startMs?: number, _endMs?: number): eventWithTime[] => notMerged();
export const mergeRanges = (_ranges: eventWithTime[][], _gapMs?: number): eventWithTime[] => notMerged();
export const redactEvents = (_events: eventWithTime[], _targets: { nodeIds?: number[]; texts?: string[] }): eventWithTime[] => notMerged();
export const detectSensitive = (_events: eventWithTime[], _known?: string[]): Finding[] => notMerged();
export const extractSteps = (_events: eventWithTime[]): ProposedStep[] => notMerged();

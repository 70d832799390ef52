/**
 * @module server/tutorials/transform-pending
 * PLACEHOLDER until the `transforms` branch commits them: redaction and
 * detection are written there (`server/tutorials/transform/`), not here.
 * These declarations only let the server module compile; every call throws.
 */
import type { eventWithTime } from '@rrweb/types';

export interface Finding {
  kind: string;
  value: string;
  count: number;
  firstT: number;
  variants?: string[];
}

const notMerged = (): never => {
  throw new Error('redactEvents and detectSensitive are not merged yet (branch transforms)');
};

export const redactEvents = (_events: eventWithTime[], _targets: { nodeIds?: number[]; texts?: string[] }): eventWithTime[] => notMerged();
export const detectSensitive = (_events: eventWithTime[], _known?: string[]): Finding[] => notMerged();

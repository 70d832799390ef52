/**
 * @module scripts/rrweb-recorder-plugins
 * The rewrites of rrweb's published file that every build of the recorder
 * applies (recorder.js and the npm package alike), so a site gets the same
 * rrweb whichever way it loads the recorder:
 * - rrweb's file drags postcss (replay only) into every bundle of `record`:
 *   let it go (`rrweb-record-only.ts`);
 * - its blocked-ancestor check per mutation is memoized within a pass
 *   (`rrweb-block-memo.ts`);
 * - it does not observe shadow roots inside blocked elements, like the
 *   recorder's own panels (`rrweb-blocked-shadow-roots.ts`).
 */
import type { Plugin } from 'vite';
import { rrwebBlockMemo } from './rrweb-block-memo.ts';
import { rrwebBlockedShadowRoots } from './rrweb-blocked-shadow-roots.ts';
import { rrwebRecordOnly } from './rrweb-record-only.ts';

export function rrwebRecorderPlugins(): Plugin[] {
  return [rrwebRecordOnly(), rrwebBlockMemo(), rrwebBlockedShadowRoots()];
}

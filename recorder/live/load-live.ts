/**
 * @module recorder/live/load-live
 * Live help's code, loaded on demand (the Get help button, `requestHelp()`,
 * a live session to rejoin after a reload or from another tab of the visit,
 * "Continue live" from a case). A call's media is a further chunk
 * (`call/load-call.ts`).
 */
export const loadLive = () => import('./live-module.ts');

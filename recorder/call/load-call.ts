/**
 * @module recorder/call/load-call
 * Loads a call's media (mediasoup-client) on demand: the call chunk is
 * fetched the first time a participant joins a call, never with the page.
 */
export const loadCallMedia = () => import('./call-media.ts');

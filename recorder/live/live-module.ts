/**
 * @module recorder/live/live-module
 * The live help chunk's entry (see `load-live.ts`): registers the live UI
 * elements and hands the recorder the session class.
 */
import './live-elements.ts';

export { LiveSession } from './live-session.ts';

/**
 * @module recorder
 * Entry of `recorder.js`: registers `<cobrowse-recorder>` and exports the
 * programmatic API.
 */
import './cobrowse-recorder.ts';

export { CobrowseRecorder } from './cobrowse-recorder.ts';
export { startRecording, currentRecording, type RecordingHandle } from './start-recording.ts';
export type { RecorderOptions, SessionMetadata } from './options.ts';
export { COBROWSE_SESSION, type CobrowseSessionDetail, type CobrowseSessionEvent } from './events/cobrowse-session.ts';

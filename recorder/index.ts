/**
 * @module recorder
 * Entry of `recorder.js`: registers `<cobrowse-recorder>` and exports the
 * programmatic API.
 */
import './cobrowse-recorder.ts';

export { CobrowseRecorder } from './cobrowse-recorder.ts';
export { startRecording, currentRecording, type RecordingHandle } from './start-recording.ts';
export type { RecorderOptions, SessionMetadata } from './options.ts';
export type { ConsoleCaptureOptions, ConsoleLevel, NetworkCaptureOptions } from './context/context-options.ts';
export type { Identity } from './context/metadata.ts';
export { COBROWSE_SESSION, type CobrowseSessionDetail, type CobrowseSessionEvent } from './events/cobrowse-session.ts';
export { COBROWSE_HELP_CODE, type CobrowseHelpCodeDetail, type CobrowseHelpCodeEvent } from './events/cobrowse-help-code.ts';
export {
  COBROWSE_CONTROL_REFUSED,
  type CobrowseControlRefusedDetail,
  type CobrowseControlRefusedEvent,
} from './events/cobrowse-control-refused.ts';
export {
  COBROWSE_VIDEO_STATE,
  type CobrowseVideoStateDetail,
  type CobrowseVideoStateEvent,
  type VideoState,
} from './events/cobrowse-video-state.ts';
export { COBROWSE_CASE_CREATED, type CobrowseCaseCreatedDetail, type CobrowseCaseCreatedEvent } from './events/cobrowse-case-created.ts';
export type { AskInput } from './ask/ask-service.ts';
export type { StoredCase } from './ask/case-store.ts';
export type { VideoMode, VideoOptions } from './video/video-options.ts';
export type { LiveSessionState } from './live/live-session.ts';

/**
 * @module recorder/video/load-video
 * Video recording's code, loaded on demand: the recording (MediaRecorder
 * segments) when a page records video, the "Recording your camera…" badge
 * when there is a video state to show. A page that records only the DOM
 * fetches neither.
 */
export const loadVideoRecording = () => import('./video-recording.ts');
export const loadVideoIndicator = () => import('./video-elements.ts');

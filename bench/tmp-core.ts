export * from '../recorder/start-recording.ts';

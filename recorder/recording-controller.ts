/**
 * @module recorder/recording-controller
 * Ties a recording's life to an element's: starts it when the host connects
 * (if asked to), stops it when the host leaves the document.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RecorderOptions } from './options.ts';
import { startRecording, type RecordingHandle } from './start-recording.ts';

export interface RecordingControllerConfig {
  /** Read when the recording starts. */
  options(): RecorderOptions;
  /** Start on connect. */
  autostart(): boolean;
  started(handle: RecordingHandle): void;
}

export class RecordingController implements ReactiveController {
  #host: ReactiveControllerHost;
  #config: RecordingControllerConfig;
  #handle: RecordingHandle | undefined;

  constructor(host: ReactiveControllerHost, config: RecordingControllerConfig) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  get handle(): RecordingHandle | undefined {
    return this.#handle;
  }

  hostConnected(): void {
    if (!this.#config.autostart()) return;
    // After the first update, so properties set right after creation count.
    void this.#host.updateComplete.then(() => {
      if (this.#config.autostart() && this.#host instanceof Element && this.#host.isConnected) this.start();
    });
  }

  hostDisconnected(): void {
    void this.stop();
  }

  start(): RecordingHandle {
    if (this.#handle?.recording) return this.#handle;
    this.#handle = startRecording(this.#config.options());
    this.#host.requestUpdate();
    this.#config.started(this.#handle);
    return this.#handle;
  }

  async stop(): Promise<void> {
    const handle = this.#handle;
    if (!handle?.recording) return;
    await handle.stop();
    this.#host.requestUpdate();
  }
}

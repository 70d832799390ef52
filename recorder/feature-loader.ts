/**
 * @module recorder/feature-loader
 * A Lit reactive controller over one on-demand part of the recorder (live
 * help, "Ask for help", the video badge): loads its module once, the first
 * time something asks for it, and re-renders the host when it arrives, so
 * the host renders the part's elements only once they are defined.
 * recorder.js keeps what a page that only records needs; each part is a
 * chunk fetched from the same server (`dist/recorder/recorder-chunks/`).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { log } from './logger.ts';

export class FeatureLoader<M> implements ReactiveController {
  #host: ReactiveControllerHost;
  #name: string;
  #import: () => Promise<M>;
  #loading: Promise<M> | undefined;
  #module: M | undefined;

  /** `name` says which part failed to load in the console. */
  constructor(host: ReactiveControllerHost, name: string, load: () => Promise<M>) {
    this.#host = host;
    this.#name = name;
    this.#import = load;
    host.addController(this);
  }

  /** The part's module once loaded (render its elements only then). */
  get module(): M | undefined {
    return this.#module;
  }

  /** Loads the part (once; a failed load, e.g. offline, is tried again on the next call). */
  load(): Promise<M> {
    this.#loading ??= this.#import().then(
      (module) => {
        this.#module = module;
        this.#host.requestUpdate();
        return module;
      },
      (error: unknown) => {
        this.#loading = undefined;
        log.warn(`${this.#name} could not be loaded from the server`, error);
        throw error;
      },
    );
    return this.#loading;
  }

  // A load under way finishes even if the host leaves: the module is kept for when it comes back.
  hostConnected(): void {}

  /** {@link load} for a caller that has nothing to do with the module or its failure (already logged). */
  preload(): void {
    this.load().catch(() => {});
  }
}

/**
 * @module client/lib/tutorial-change
 * What every part of the tutorial editor does with a change: call the API
 * (every change answers the whole tutorial), then hand the new tutorial up
 * (`cobrowse-tutorial-changed`), with the busy flag and the error line of
 * {@link RequestController}.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Tutorial } from '../../protocol/tutorials.ts';
import type { ApiClient } from '../api/api-client.ts';
import { emit } from '../events/index.ts';
import { RequestController } from './request-controller.ts';

export interface TutorialPartHost extends ReactiveControllerHost, HTMLElement {
  api: ApiClient | null;
  tutorial: Tutorial | null;
}

export class TutorialChangeController extends RequestController {
  readonly #part: TutorialPartHost;

  constructor(host: TutorialPartHost) {
    super(host);
    this.#part = host;
  }

  /** Runs one change of the tutorial; answers the changed tutorial (undefined when it failed: `error` says why). */
  async change(work: (api: ApiClient, id: string, signal: AbortSignal) => Promise<Tutorial>): Promise<Tutorial | undefined> {
    const { api, tutorial } = this.#part;
    if (!api || !tutorial) return undefined;
    const changed = await this.run((signal) => work(api, tutorial.id, signal));
    if (changed) emit(this.#part, 'cobrowse-tutorial-changed', { tutorial: changed });
    return changed;
  }
}

/**
 * @module client/components/change-password/account-form
 * What every form of the account page shares: the API client and the
 * signed-in advisor in, and the `busy` / `error` / `done` states of one
 * submission. `attempt()` runs a submission with them, so each form keeps
 * only its own checks and call.
 */
import { LitElement } from 'lit';
import type { Advisor } from '../../../protocol/api.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { authErrorMessage } from '../../lib/auth-errors.ts';

export class AccountForm extends LitElement {
  static override properties = {
    api: { attribute: false },
    advisor: { attribute: false },
    busy: { state: true },
    error: { state: true },
    done: { state: true },
  };

  declare api: ApiClient | null;
  /** Whose account this is. */
  declare advisor: Advisor | null;
  declare busy: boolean;
  declare error: string;
  /** The last submission succeeded. */
  declare done: boolean;

  constructor() {
    super();
    this.api = null;
    this.advisor = null;
    this.busy = false;
    this.error = '';
    this.done = false;
  }

  /**
   * One submission: `check` returns what is wrong with the input (shown, nothing sent)
   * or null; then `send` runs with `busy` set, and its failure is shown in words
   * (`messages` by error code or status).
   */
  protected async attempt(
    check: () => string | null,
    send: (api: ApiClient) => Promise<void>,
    messages: Partial<Record<string, string>> = {},
  ): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.done = false;
    const problem = check();
    if (problem) {
      this.error = problem;
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await send(api);
      this.done = true;
    } catch (err) {
      this.error = authErrorMessage(err, messages);
    } finally {
      this.busy = false;
    }
  }
}

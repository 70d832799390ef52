/**
 * @module client/player/visit-tabs-controller
 * The other tabs of the session's visit: a customer who opened several tabs
 * of the site has one recording per tab, linked by `visitId`. Loads them
 * (`GET /api/sessions?visitId=`) for the open session, oldest first, so the
 * player lists them and offers the next one to replay after this one.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionDetail, SessionSummary } from '../../protocol/api.ts';
import { SESSION_PAGE_SIZE_MAX } from '../../protocol/api-constants.ts';
import type { ApiClient } from '../api/api-client.ts';
import { isAbortError } from '../api/api-error.ts';

export class VisitTabsController implements ReactiveController {
  /** The visit's sessions, oldest first (the open one included); empty for a visit of one tab. */
  tabs: readonly SessionSummary[] = [];
  readonly #host: ReactiveControllerHost;
  #abort: AbortController | null = null;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** Loads the tabs of `session`'s visit (keeps the list when the session is one of them already). */
  async load(api: ApiClient, session: SessionDetail): Promise<void> {
    if (!session.visitId || session.visitTabs <= 1) return this.#set([]);
    if (this.tabs.some((t) => t.id === session.id) && this.tabs.length === session.visitTabs) return this.#host.requestUpdate();
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    try {
      const page = await api.sessions({ visitId: session.visitId, limit: SESSION_PAGE_SIZE_MAX }, { signal: abort.signal });
      if (abort.signal.aborted) return;
      // Sessions without events (a page left before its start was answered) are no tab to replay.
      const tabs = page.sessions.filter((t) => t.chunkCount > 0 || t.id === session.id);
      this.#set(tabs.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.id.localeCompare(b.id)));
    } catch (err) {
      // Only the list of tabs is missing: the replay goes on.
      if (!isAbortError(err)) console.warn('cobrowse: could not list the tabs of this visit', err);
    }
  }

  /** The tab opened after `sessionId`'s, to replay next. */
  nextAfter(sessionId: string): SessionSummary | undefined {
    const i = this.tabs.findIndex((t) => t.id === sessionId);
    return i >= 0 ? this.tabs[i + 1] : undefined;
  }

  /** 1-based place of a session among the visit's tabs (0 if not one of them). */
  numberOf(sessionId: string): number {
    return this.tabs.findIndex((t) => t.id === sessionId) + 1;
  }

  #set(tabs: readonly SessionSummary[]): void {
    this.#abort?.abort();
    this.tabs = tabs;
    this.#host.requestUpdate();
  }
}

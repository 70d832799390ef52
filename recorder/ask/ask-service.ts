/**
 * @module recorder/ask/ask-service
 * "Ask for help" (async help), the customer's side: sends a question with
 * the recording of what the customer just did and keeps the private link;
 * on a later visit, adds the current recording to a case asked before, or
 * asks to continue it live; while the customer types, the tutorials that
 * might help (`ask-suggestions.ts`). Owns the form's state; `<cobrowse-ask-panel>`
 * renders it and `<cobrowse-recorder>` exposes it (`askForHelp()`).
 *
 * Before a question or a recording goes out, the pending events are cut
 * into a chunk and uploaded (bounded wait), so the server has the session
 * and the case's recording ends with the moment the customer asked.
 */
import type { CaseCreated } from '../../protocol/cases.ts';
import type { Destination } from '../outbox.ts';
import type { RecordingHandle } from '../start-recording.ts';
import { fetchTopics, linkGone, postCase, postCaseReply, postLiveRequest, type CallResult } from './ask-client.ts';
import { AskSuggestions, type Suggestion, type SuggestionsState } from './ask-suggestions.ts';
import { excerpt, forgetCase, readCases, rememberCase, type StoredCase } from './case-store.ts';

export interface AskInput {
  question: string;
  /** A topic name of the site (see the form's list); unknown names are kept as given. */
  topic?: string;
  /** Where to send a notice when an advisor answers. */
  email?: string;
}

export interface AskState {
  open: boolean;
  /** `sending` while a question goes out; `sent` shows the link of {@link AskState.sent}. */
  step: 'form' | 'sending' | 'sent';
  /** The site's topic names; null until loaded. */
  topics: string[] | null;
  error: string | null;
  sent: StoredCase | null;
  /** Whether the customer gave an email with the sent question. */
  sentWithEmail: boolean;
  /** The customer's open cases on this site, newest first. */
  cases: StoredCase[];
  /** A case being worked on ("Add this recording", "Continue live"). */
  busyCaseId: string | null;
  /** What happened to a case's last action. */
  notice: { caseId: string; text: string; error: boolean } | null;
  /** "These might help": the tutorials matching the question, and the one shown inline. */
  hints: Readonly<SuggestionsState>;
}

export interface AskServiceConfig {
  destination(): Destination;
  /** The running recording (started if it was not). */
  recording(): RecordingHandle;
  onCreated(created: StoredCase): void;
  /** An advisor is online: start live help (the recorder shows the code). */
  onContinueLive(): void;
}

export class AskError extends Error {
  override name = 'AskError';
}

/** How long to wait for the recording to reach the server before asking anyway. */
const UPLOAD_WAIT_MS = 8000;
/** Delays before asking again while the server does not know the session yet, or does not answer. */
const RETRY_DELAYS_MS = [1000, 2000, 4000];
const ADDED_RECORDING_TEXT = 'I added a recording of what I did on the site.';
const LIVE_REQUEST_TEXT = 'I would like to continue live from the page I am on now.';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AskService {
  #config: AskServiceConfig;
  #listeners = new Set<() => void>();
  #state: AskState = {
    open: false,
    step: 'form',
    topics: null,
    error: null,
    sent: null,
    sentWithEmail: false,
    cases: [],
    busyCaseId: null,
    notice: null,
    hints: { suggestions: [], viewing: null, embed: 'loading' },
  };
  #topicsLoading = false;
  #suggestions: AskSuggestions;

  constructor(config: AskServiceConfig) {
    this.#config = config;
    this.#suggestions = new AskSuggestions({
      destination: () => config.destination(),
      sessionId: () => config.recording().sessionId,
      onChange: (hints) => this.#set({ hints }),
    });
  }

  get state(): Readonly<AskState> {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The customer's open cases on this site (read from storage). */
  cases(): StoredCase[] {
    return readCases(this.#config.destination().siteKey);
  }

  /** Opens the form; starts recording if the page was not, so the question has at least this page. */
  open(): void {
    this.#config.recording();
    // A form already open keeps its attempt (what was typed, what was opened).
    if (!this.#state.open || this.#state.step === 'sent') this.#suggestions.started();
    this.#set({ open: true, step: 'form', error: null, sent: null, notice: null, cases: this.cases() });
    void this.#loadTopics();
  }

  /** Closes the form; a suggestion opened without sending the question counts as a deflection. */
  close(): void {
    this.#suggestions.leave();
    this.#set({ open: false, error: null, notice: null });
  }

  /** The question as typed so far: suggestions follow it. */
  typed(question: string): void {
    this.#suggestions.typed(question);
  }

  /** Shows a suggested tutorial inside the form. */
  openSuggestion(suggestion: Suggestion): void {
    this.#suggestions.open(suggestion);
  }

  /** Back from the tutorial to the question. */
  closeSuggestion(): void {
    this.#suggestions.back();
  }

  /**
   * Sends the question with the recording so far; resolves with the case and
   * keeps its link. Throws {@link AskError} with a message for the customer.
   */
  async ask(input: AskInput): Promise<StoredCase> {
    const question = input.question.trim();
    if (!question) throw new AskError('Write your question first.');
    if (this.#state.step === 'sending') throw new AskError('Your question is already being sent.');
    // From here on the customer was not deflected, whatever happens to the request.
    this.#suggestions.sent();
    this.#set({ step: 'sending', error: null });
    try {
      const to = this.#config.destination();
      const handle = this.#config.recording();
      await this.#upload(handle);
      const topic = input.topic?.trim();
      const email = input.email?.trim();
      const result = await this.#withRetries(async () =>
        postCase(
          to,
          { sessionId: handle.sessionId, question, ...(topic ? { topic } : {}), ...(email ? { email } : {}) },
          await handle.sessionToken(UPLOAD_WAIT_MS),
        ),
      );
      if (!result.ok) throw new AskError(askFailure(result));
      const stored = toStored(result.value, question, handle.sessionId);
      this.#set({ step: 'sent', sent: stored, sentWithEmail: !!email, cases: rememberCase(to.siteKey, stored) });
      this.#config.onCreated(stored);
      return stored;
    } catch (error) {
      const message = error instanceof AskError ? error.message : 'Your question could not be sent. Try again.';
      this.#set({ step: 'form', error: message });
      throw error instanceof AskError ? error : new AskError(message);
    }
  }

  /** Adds the current recording to a case asked before (a reply with the session). */
  async addRecording(caseId: string): Promise<boolean> {
    return this.#onCase(caseId, async (entry, to, handle) => {
      await this.#upload(handle);
      const result = await this.#withRetries(async () =>
        postCaseReply(
          to.endpoint,
          entry.token,
          { body: ADDED_RECORDING_TEXT, sessionId: handle.sessionId },
          await handle.sessionToken(UPLOAD_WAIT_MS),
        ),
      );
      if (!result.ok) return result;
      this.#notice(caseId, 'Recording added. An advisor will answer through your link.', false);
      return true;
    });
  }

  /**
   * Asks to continue a case live. With an advisor online, links this page's
   * recording to the case (when it is another recording than the case's) and
   * starts live help; otherwise says so (the request is noted on the case).
   */
  async continueLive(caseId: string): Promise<boolean> {
    return this.#onCase(caseId, async (entry, to, handle) => {
      const answer = await postLiveRequest(to.endpoint, entry.token);
      if (!answer.ok) return answer;
      if (!answer.value.advisorOnline) {
        this.#notice(
          caseId,
          'No advisor is online right now. We noted that you would like to talk live; the answer will come through your link.',
          false,
        );
        return false;
      }
      if (handle.sessionId !== entry.sessionId) {
        await this.#upload(handle);
        // The advisor finds this live session from the case's thread.
        await postCaseReply(
          to.endpoint,
          entry.token,
          { body: LIVE_REQUEST_TEXT, sessionId: handle.sessionId },
          await handle.sessionToken(UPLOAD_WAIT_MS),
        );
      }
      // Help is on its way for an earlier question: not a deflection.
      this.#suggestions.sent();
      this.#set({ open: false, notice: null });
      this.#config.onContinueLive();
      return true;
    });
  }

  async #onCase(
    caseId: string,
    work: (entry: StoredCase, to: Destination, handle: RecordingHandle) => Promise<boolean | CallResult<unknown>>,
  ): Promise<boolean> {
    const to = this.#config.destination();
    const entry = readCases(to.siteKey).find((c) => c.caseId === caseId);
    if (!entry) return false;
    this.#set({ busyCaseId: caseId, notice: null });
    try {
      const outcome = await work(entry, to, this.#config.recording());
      if (typeof outcome === 'boolean') return outcome;
      if (linkGone(outcome)) {
        this.#set({ cases: forgetCase(to.siteKey, caseId) });
        this.#notice(caseId, 'This question’s link no longer works, so it was removed from this list.', true);
      } else if (!outcome.ok && outcome.status === 429) {
        this.#notice(caseId, `Too many requests right now. Try again ${waitText(outcome.retryAfterSeconds)}.`, true);
      } else {
        this.#notice(caseId, 'That did not work. Check your connection and try again.', true);
      }
      return false;
    } finally {
      this.#set({ busyCaseId: null });
    }
  }

  /** Cuts and uploads what was recorded so far; gives up waiting after {@link UPLOAD_WAIT_MS}. */
  async #upload(handle: RecordingHandle): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([handle.uploaded().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, UPLOAD_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Retries network failures, 5xx, and a session the server does not have yet (its start is still on the way). */
  async #withRetries<T>(send: () => Promise<CallResult<T>>): Promise<CallResult<T>> {
    let result = await send();
    for (const delay of RETRY_DELAYS_MS) {
      if (result.ok || !(result.retry || result.code === 'unknown_session')) break;
      await sleep(delay);
      result = await send();
    }
    return result;
  }

  async #loadTopics(): Promise<void> {
    if (this.#state.topics || this.#topicsLoading) return;
    this.#topicsLoading = true;
    try {
      this.#set({ topics: await fetchTopics(this.#config.destination()) });
    } finally {
      this.#topicsLoading = false;
    }
  }

  #notice(caseId: string, text: string, error: boolean): void {
    this.#set({ notice: { caseId, text, error } });
  }

  #set(patch: Partial<AskState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }
}

function toStored(created: CaseCreated, question: string, sessionId: string): StoredCase {
  return {
    caseId: created.caseId,
    token: created.linkToken,
    link: created.link,
    expiresAt: Date.parse(created.linkExpiresAt),
    createdAt: Date.now(),
    title: excerpt(question),
    sessionId,
  };
}

function askFailure(result: Extract<CallResult<unknown>, { ok: false }>): string {
  if (result.status === 429) return `Too many requests right now. Try again ${waitText(result.retryAfterSeconds)}.`;
  if (result.status === 0 || result.retry) return 'Your question could not be sent: the connection failed. Try again in a moment.';
  if (result.status === 400 && /email/i.test(result.message)) return 'That email address does not look right.';
  if (result.status === 400) return `Your question could not be sent: ${result.message}.`;
  return 'Your question could not be sent. Try again later.';
}

/** `in 1 minute`, `in 42 minutes`, `in 2 hours`; `later` when the server did not say. */
export function waitText(seconds: number | undefined): string {
  if (!seconds) return 'later';
  if (seconds < 60) return 'in a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `in ${Math.round(minutes / 60)} hours`;
}

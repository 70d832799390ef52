/**
 * @module recorder/ask/ask-suggestions
 * "These might help": while the customer types the question, asks the
 * server for up to three of the site's published tutorials that match
 * (debounced; an older request is aborted), opens one inline, and counts a
 * deflection when the customer opened a suggestion and then leaves — closes
 * the form or the page — without sending the question: once per opening of
 * the form, for the last tutorial opened, never when the question was sent.
 *
 * Owned by `AskService`, which mirrors {@link SuggestionsState} into the
 * form's state and tells it when the form opens, closes and sends.
 */
import type { CustomerSuggestions } from '../../protocol/search-constants.ts';
import type { Destination } from '../outbox.ts';
import { fetchSuggestions, sendDeflection } from './ask-client.ts';
import { loadTutorialEmbed } from './tutorial-embed-loader.ts';

export type Suggestion = CustomerSuggestions['tutorials'][number];

export interface SuggestionsState {
  /** Tutorials matching the question as typed; kept until the next answer, so the list does not flicker. */
  suggestions: Suggestion[];
  /** The suggestion shown inline in the form (the form stays, hidden, with what was typed). */
  viewing: Suggestion | null;
  /** The `<cobrowse-tutorial>` element's script: `loading` until defined, `failed` if it could not be loaded. */
  embed: 'loading' | 'ready' | 'failed';
}

export interface SuggestionsConfig {
  destination(): Destination;
  /** The recording's id, when there is one (the deflection goes with it on deletion). */
  sessionId(): string | undefined;
  onChange(state: SuggestionsState): void;
}

/** Quiet time after the last keystroke before asking. */
export const SUGGEST_DEBOUNCE_MS = 350;
/** Fewer letters than this are not worth a request. */
const MIN_QUESTION_CHARS = 4;
/** The server's own limit on the query (a longer question is cut, not refused). */
const MAX_QUERY_CHARS = 200;

export class AskSuggestions {
  #config: SuggestionsConfig;
  #state: SuggestionsState = { suggestions: [], viewing: null, embed: 'loading' };
  #question = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request: AbortController | undefined;
  /** The suggestion opened last since the form opened, with the question then; cleared when counted or sent. */
  #pending: { suggestion: Suggestion; question: string } | undefined;
  #onPageHide = () => this.leave();

  constructor(config: SuggestionsConfig) {
    this.#config = config;
  }

  get state(): Readonly<SuggestionsState> {
    return this.#state;
  }

  /** The form opened: a new attempt, nothing opened yet. */
  started(): void {
    this.#pending = undefined;
    this.#question = '';
    this.#cancel();
    this.#set({ suggestions: [], viewing: null });
  }

  /** The customer typed: asks again once they pause. */
  typed(question: string): void {
    this.#question = question;
    clearTimeout(this.#timer);
    const q = question.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_CHARS);
    if (q.replace(/\s/g, '').length < MIN_QUESTION_CHARS) {
      this.#cancel();
      if (this.#state.suggestions.length) this.#set({ suggestions: [] });
      return;
    }
    this.#timer = setTimeout(() => void this.#ask(q), SUGGEST_DEBOUNCE_MS);
  }

  /** Shows `suggestion` inline (loading the embed's script from our server the first time). */
  open(suggestion: Suggestion): void {
    this.#pending = { suggestion, question: this.#question.trim() };
    addEventListener('pagehide', this.#onPageHide);
    this.#set({ viewing: suggestion, embed: customElements.get('cobrowse-tutorial') ? 'ready' : 'loading' });
    loadTutorialEmbed(this.#config.destination().endpoint).then(
      () => this.#set({ embed: 'ready' }),
      () => this.#set({ embed: 'failed' }),
    );
  }

  /** Back to the form from the tutorial. */
  back(): void {
    this.#set({ viewing: null });
  }

  /** The question was sent: this attempt never counts as a deflection. */
  sent(): void {
    this.#pending = undefined;
    removeEventListener('pagehide', this.#onPageHide);
    this.#cancel();
    this.#set({ suggestions: [], viewing: null });
  }

  /** The form closes or the page goes: counts the deflection if a suggestion was opened and nothing was sent. */
  leave(): void {
    removeEventListener('pagehide', this.#onPageHide);
    this.#cancel();
    const pending = this.#pending;
    this.#pending = undefined;
    if (this.#state.viewing) this.#set({ viewing: null });
    if (!pending) return;
    const question = this.#question.trim() || pending.question;
    if (!question) return;
    const sessionId = this.#config.sessionId();
    sendDeflection(this.#config.destination(), {
      tutorial: pending.suggestion.slug,
      question,
      ...(sessionId ? { sessionId } : {}),
    });
  }

  async #ask(q: string): Promise<void> {
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    const suggestions = await fetchSuggestions(this.#config.destination(), q, request.signal);
    // An answer overtaken by newer typing is dropped.
    if (request.signal.aborted || this.#request !== request) return;
    this.#request = undefined;
    this.#set({ suggestions });
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#request?.abort();
    this.#request = undefined;
  }

  #set(patch: Partial<SuggestionsState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#config.onChange(this.#state);
  }
}

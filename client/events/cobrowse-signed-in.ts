import type { StoredAuth } from '../api/token-store.ts';

/** Fired by `cobrowse-sign-in` when a token was obtained. */
export type CobrowseSignedInEvent = CustomEvent<{ auth: StoredAuth }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-signed-in': CobrowseSignedInEvent;
  }
}

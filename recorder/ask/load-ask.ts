/**
 * @module recorder/ask/load-ask
 * "Ask for help"'s code, loaded on demand: the `ask-button` launcher,
 * `openAskForm()` or `askForHelp()`. The customer's remembered cases
 * (`case-store.ts`) are read without it.
 */
export const loadAsk = () => import('./ask-module.ts');

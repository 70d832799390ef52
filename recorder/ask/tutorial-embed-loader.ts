/**
 * @module recorder/ask/tutorial-embed-loader
 * Loads `<cobrowse-tutorial>` (the embed, `/tutorial.js`) from the recorder's
 * own server when the customer opens a suggested tutorial: its own bundle,
 * never part of recorder.js or of the Ask-for-help chunk. A page that
 * already has the element (its help centre embeds tutorials) loads nothing.
 * A failed load may be tried again.
 */
import { TUTORIAL_SCRIPT_PATH } from '../../protocol/tutorial-embed-constants.ts';

let loading: Promise<void> | undefined;

export function loadTutorialEmbed(endpoint: string): Promise<void> {
  if (customElements.get('cobrowse-tutorial')) return Promise.resolve();
  loading ??= import(/* @vite-ignore */ `${endpoint}${TUTORIAL_SCRIPT_PATH}`).then(
    () => customElements.whenDefined('cobrowse-tutorial').then(() => {}),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

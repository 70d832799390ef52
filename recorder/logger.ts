/**
 * @module recorder/logger
 * Console output of the recorder, always prefixed so a site owner can tell
 * where it comes from. Kept quiet: only warnings and errors.
 */
const PREFIX = '[cobrowse]';

export const log = {
  warn: (...args: unknown[]): void => console.warn(PREFIX, ...args),
  error: (...args: unknown[]): void => console.error(PREFIX, ...args),
};

/**
 * @module client/lib/api-attempt
 * One API call for an element that shows a single error line: the line is
 * cleared before the call and set from its failure, so every admin list
 * reports errors alike.
 */
import type { ApiClient } from '../api/api-client.ts';

export interface ErrorLineHost {
  api: ApiClient | null;
  error: string;
}

/** True when `work` succeeded; false (with `host.error` set) when it failed or there is no client yet. */
export async function attempt(host: ErrorLineHost, work: (api: ApiClient) => Promise<unknown>): Promise<boolean> {
  if (!host.api) return false;
  host.error = '';
  try {
    await work(host.api);
    return true;
  } catch (err) {
    host.error = err instanceof Error ? err.message : String(err);
    return false;
  }
}

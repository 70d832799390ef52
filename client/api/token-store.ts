/**
 * @module client/api/token-store
 * Keeps the advisor's bearer token (and who it belongs to) in localStorage.
 */
import type { Advisor, TokenResponse } from '../../protocol/api.ts';

const KEY = 'cobrowse.advisor.auth';

export interface StoredAuth {
  token: string;
  expiresAt: string;
  advisor: Advisor;
}

export function loadAuth(storage: Storage = localStorage): StoredAuth | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const auth = JSON.parse(raw) as StoredAuth;
    if (typeof auth.token !== 'string' || !auth.advisor) return null;
    if (auth.expiresAt && Date.parse(auth.expiresAt) <= Date.now()) {
      storage.removeItem(KEY);
      return null;
    }
    return auth;
  } catch {
    return null;
  }
}

export function saveAuth(res: TokenResponse, storage: Storage = localStorage): StoredAuth {
  const auth: StoredAuth = { token: res.token, expiresAt: res.expiresAt, advisor: res.advisor };
  storage.setItem(KEY, JSON.stringify(auth));
  return auth;
}

/** The signed-in advisor changed (their display name): the stored sign-in says so from now on. */
export function updateStoredAdvisor(advisor: Advisor, storage: Storage = localStorage): StoredAuth | null {
  const auth = loadAuth(storage);
  if (!auth || auth.advisor.id !== advisor.id) return auth;
  const updated = { ...auth, advisor };
  storage.setItem(KEY, JSON.stringify(updated));
  return updated;
}

export function clearAuth(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

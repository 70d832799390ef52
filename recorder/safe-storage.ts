/**
 * @module recorder/safe-storage
 * `sessionStorage` access that never throws (storage can be disabled, full or
 * blocked by privacy settings); falls back to memory for this page.
 */
const memory = new Map<string, string>();

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export function readItem(key: string): string | null {
  try {
    const value = storage()?.getItem(key);
    if (value !== null && value !== undefined) return value;
  } catch {
    /* fall through to memory */
  }
  return memory.get(key) ?? null;
}

/** Returns false when the value could not be stored durably (kept in memory only). */
export function writeItem(key: string, value: string): boolean {
  memory.set(key, value);
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function removeItem(key: string): void {
  memory.delete(key);
  try {
    storage()?.removeItem(key);
  } catch {
    /* nothing to do */
  }
}

export function readJson<T>(key: string): T | null {
  const raw = readItem(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

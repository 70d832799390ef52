/**
 * @module client/api/org-store
 * Which organisation the advisor last chose to act in (the organisation
 * switcher), kept in localStorage per browser. Only a preference: the server
 * decides from the `x-cobrowse-org` header whether the advisor belongs to it.
 */

const KEY = 'cobrowse.advisor.org';

export function loadOrgChoice(storage: Storage = localStorage): string | null {
  try {
    return storage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveOrgChoice(orgId: string, storage: Storage = localStorage): void {
  storage.setItem(KEY, orgId);
}

export function clearOrgChoice(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

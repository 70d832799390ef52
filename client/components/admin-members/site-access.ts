/**
 * @module client/components/admin-members/site-access
 * Site access in words and from a form: null is every site of the
 * organisation (now and later), a list is only those.
 */
import type { Site } from '../../../protocol/api.ts';

/** "All sites", "Shop, Outlet", "No site". */
export function siteAccessLabel(siteIds: readonly string[] | null, sites: readonly Site[]): string {
  if (siteIds === null) return 'All sites';
  if (!siteIds.length) return 'No site';
  return siteIds.map((id) => sites.find((s) => s.id === id)?.name ?? 'a removed site').join(', ');
}

/** The access a site-access fieldset describes: its `access` radio (`all`/`some`) and `site` checkboxes. */
export function readSiteAccess(data: FormData): string[] | null {
  if (data.get('access') !== 'some') return null;
  return data.getAll('site').map(String);
}

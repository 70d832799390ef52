/** The invitation route, site access in words and from a form, and the remembered organisation (client side of issue 11). */
import { describe, expect, it } from 'vitest';
import { clearOrgChoice, loadOrgChoice, saveOrgChoice } from '../../client/api/org-store.ts';
import { readSiteAccess, siteAccessLabel } from '../../client/components/admin-members/site-access.ts';
import { parseRoute, routeUrl } from '../../client/lib/route.ts';
import type { Site } from '../../protocol/api.ts';

class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  #items = new Map<string, string>();
  getItem = (key: string) => this.#items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.#items.set(key, value);
  removeItem = (key: string) => void this.#items.delete(key);
}

describe('members on the client', () => {
  it('parses and builds /app/invite/:token', () => {
    const token = 'AbC_-'.repeat(8) + 'xyz';
    expect(parseRoute(`/app/invite/${token}`)).toEqual({ name: 'invite', token });
    expect(parseRoute(`/app/invite/${token}/`)).toEqual({ name: 'invite', token });
    expect(parseRoute('/app/invite/')).toEqual({ name: 'list' });
    expect(routeUrl({ name: 'invite', token })).toBe(`/app/invite/${token}`);
  });

  it('says which sites a member sees, and reads a site-access fieldset', () => {
    const sites = [
      { id: 's1', name: 'Shop' },
      { id: 's2', name: 'Outlet' },
    ] as Site[];
    expect(siteAccessLabel(null, sites)).toBe('All sites');
    expect(siteAccessLabel([], sites)).toBe('No site');
    expect(siteAccessLabel(['s2', 's1', 'gone'], sites)).toBe('Outlet, Shop, a removed site');
    const form = (entries: [string, string][]) => {
      const data = new FormData();
      for (const [k, v] of entries) data.append(k, v);
      return data;
    };
    expect(
      readSiteAccess(
        form([
          ['access', 'all'],
          ['site', 's1'],
        ]),
      ),
    ).toBeNull();
    expect(
      readSiteAccess(
        form([
          ['access', 'some'],
          ['site', 's1'],
          ['site', 's2'],
        ]),
      ),
    ).toEqual(['s1', 's2']);
    expect(readSiteAccess(form([['access', 'some']]))).toEqual([]);
  });

  it('remembers the chosen organisation', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    expect(loadOrgChoice(storage)).toBeNull();
    saveOrgChoice('org-1', storage);
    expect(loadOrgChoice(storage)).toBe('org-1');
    clearOrgChoice(storage);
    expect(loadOrgChoice(storage)).toBeNull();
  });
});

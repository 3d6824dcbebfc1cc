// The background's record of host users, content tabs and selector health: concurrent reports never lose one another.
import { describe, expect, it } from 'vitest';
import {
  contentTabs,
  forgetContentTab,
  knownHostUsers,
  recordSelectorHealth,
  rememberContentTab,
  rememberHostUser,
  selectorHealth,
} from '../../../utils/background/page-registry';
import type { SelectorHealth } from '../../../utils/messaging/ui-protocol';

const user = (id: string) => ({ origin: 'http://127.0.0.1:5000', id, attributes: {} });

describe('page registry', () => {
  it('host users reported at the same moment by many pages are all kept (no lost update), most recent first', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => rememberHostUser(user(`u-${i}`), 'demo-host', 100 + i, 1_000 + i)));
    const users = await knownHostUsers();
    expect(users.map((u) => u.hostUser.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `u-${i}`).sort());
    expect(users[0]!.hostUser.id).toBe('u-11');
    expect((await contentTabs()).sort()).toEqual(Array.from({ length: 12 }, (_, i) => 100 + i).sort());
  });

  it('the same user again moves to the front once; tabs added and forgotten concurrently end consistent', async () => {
    await rememberHostUser(user('a'), 'demo-host', 1);
    await rememberHostUser(user('b'), 'demo-host', 2);
    await Promise.all([rememberHostUser(user('a'), 'demo-host', 3), rememberContentTab(4), forgetContentTab(1), rememberContentTab(5)]);
    expect((await knownHostUsers()).map((u) => u.hostUser.id)).toEqual(['a', 'b']);
    expect((await contentTabs()).sort()).toEqual([2, 3, 4, 5]);
  });

  it('says when the options page would show something new about a host user (not on every page load)', async () => {
    expect(await rememberHostUser(user('n'), 'demo-host', 1)).toBe(true);
    expect(await rememberHostUser(user('n'), 'demo-host', 2)).toBe(false);
    expect(await rememberHostUser({ ...user('n'), email: 'n@example.org' }, 'demo-host', 2)).toBe(true);
    expect(await rememberHostUser({ ...user('n'), email: 'n@example.org' }, 'policy-adapter', 2)).toBe(true);
  });

  it('a host user stored with its keys in another order (chrome.storage sorts them) is the same user', async () => {
    await rememberHostUser({ origin: 'http://127.0.0.1:5000', id: 'k', name: 'Kim', attributes: { region: 'EU', team: 'Sales' } }, 'demo-host', 1);
    expect(await rememberHostUser({ attributes: { team: 'Sales', region: 'EU' }, id: 'k', name: 'Kim', origin: 'http://127.0.0.1:5000' }, 'demo-host', 1)).toBe(false);
  });

  it('selector health: concurrent reports for different paths are all kept; a new report replaces the old one of its path', async () => {
    const entry = (path: string, items: number): SelectorHealth => ({
      adapterId: 'demo-host',
      origin: 'http://127.0.0.1:5000',
      path,
      userFound: true,
      items,
      anchorsMissing: 0,
      checkedAt: 1,
    });
    await Promise.all([recordSelectorHealth(entry('/documents', 10)), recordSelectorHealth(entry('/records/1', 0)), recordSelectorHealth(entry('/documents', 12))]);
    const health = await selectorHealth();
    expect(health.map((h) => [h.path, h.items]).sort()).toEqual([
      ['/documents', 12],
      ['/records/1', 0],
    ]);
  });
});


// The last hello answer per site, for the next load's first labels.
import { describe, expect, it } from 'vitest';
import { MAX_LAST_TARGETS, forgetLastTargets, lastTargetFor, rememberLastTarget } from '../../../utils/background/last-targets';

const READY = { status: 'ready' as const, profileLabel: 'Acme EU', environmentLabel: 'demo' };

describe('last targets', () => {
  it('one per site, the latest hello wins; another site gets nothing', async () => {
    await rememberLastTarget('http://127.0.0.1:5000', 'u-1', READY);
    await rememberLastTarget('http://127.0.0.1:5000', 'u-2', { status: 'sign-in', profileLabel: 'Acme US' });
    expect(await lastTargetFor('http://127.0.0.1:5000')).toEqual({ hostUserId: 'u-2', target: { status: 'sign-in', profileLabel: 'Acme US' } });
    expect(await lastTargetFor('http://localhost:5000')).toBeNull();
  });

  it('concurrent hellos from many sites are all kept (no lost update), up to MAX_LAST_TARGETS sites, newest first', async () => {
    await Promise.all(Array.from({ length: MAX_LAST_TARGETS + 5 }, (_, i) => rememberLastTarget(`http://site-${i}.example`, 'u', READY)));
    expect(await lastTargetFor(`http://site-${MAX_LAST_TARGETS + 4}.example`)).not.toBeNull();
    expect(await lastTargetFor('http://site-0.example')).toBeNull();
    expect(await lastTargetFor('http://site-5.example')).not.toBeNull();
  });

  it('a broadcast change (sign-in, policy, routing) forgets them all', async () => {
    await rememberLastTarget('http://127.0.0.1:5000', 'u-1', READY);
    await forgetLastTargets();
    expect(await lastTargetFor('http://127.0.0.1:5000')).toBeNull();
  });
});

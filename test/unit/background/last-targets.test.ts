// The last hello answer per site, for the next load's first labels.
import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { MAX_LAST_TARGETS, forgetLastTargets, lastTargetFor, rememberButtonWidth, rememberLastTarget, sameTarget } from '../../../utils/background/last-targets';

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

  it('keeps the buttons\u2019 width measured for the site\u2019s last target, through later hellos with the same answer', async () => {
    const site = 'http://127.0.0.1:5000';
    const width = { labelKey: 'ready\nSend with DocuSign\n via Acme EU · demo', px: 233.894 };
    await rememberLastTarget(site, 'u-1', READY);
    // The page's copy of the target has its keys in another order than storage gives back.
    expect(await rememberButtonWidth(site, { environmentLabel: 'demo', profileLabel: 'Acme EU', status: 'ready' }, width)).toBe(true);
    expect(await lastTargetFor(site)).toEqual({ hostUserId: 'u-1', target: READY, buttonWidth: { labelKey: width.labelKey, px: 233.89 } });
    // The same answer again (every load says hello) keeps it, and writes nothing.
    const writes: unknown[] = [];
    const onChanged = (changes: unknown) => writes.push(changes);
    browser.storage.onChanged.addListener(onChanged);
    await rememberLastTarget(site, 'u-1', { ...READY });
    await rememberButtonWidth(site, READY, width);
    expect(writes).toEqual([]);
    expect((await lastTargetFor(site))?.buttonWidth?.px).toBe(233.89);
    // (What a write looks like to the listener: a new width.)
    await rememberButtonWidth(site, READY, { ...width, px: 240 });
    browser.storage.onChanged.removeListener(onChanged);
    expect(writes).toHaveLength(1);
    // Another answer (signed out, another profile): its labels have another width.
    await rememberLastTarget(site, 'u-1', { status: 'sign-in', profileLabel: 'Acme EU' });
    expect(await lastTargetFor(site)).toEqual({ hostUserId: 'u-1', target: { status: 'sign-in', profileLabel: 'Acme EU' } });
  });

  it('takes no width for a target the site no longer has, a site without one, or a width no button has', async () => {
    const site = 'http://127.0.0.1:5001';
    const width = { labelKey: 'k', px: 200 };
    expect(await rememberButtonWidth(site, READY, width)).toBe(false);
    await rememberLastTarget(site, 'u-1', READY);
    expect(await rememberButtonWidth(site, { ...READY, profileLabel: 'Acme CA' }, width)).toBe(false);
    for (const px of [Number.NaN, 0, 5, 5000]) expect(await rememberButtonWidth(site, READY, { labelKey: 'k', px })).toBe(false);
    expect(await rememberButtonWidth(site, READY, { labelKey: 'k'.repeat(1001), px: 200 })).toBe(false);
    expect((await lastTargetFor(site))?.buttonWidth).toBeUndefined();
  });

  it('compares targets field by field, whatever the order of their keys', () => {
    expect(sameTarget({ status: 'ready', profileLabel: 'A' }, { profileLabel: 'A', status: 'ready' })).toBe(true);
    expect(sameTarget({ status: 'ready', profileLabel: 'A' }, { status: 'ready', profileLabel: 'A', message: undefined })).toBe(true);
    expect(sameTarget({ status: 'ready', profileLabel: 'A' }, { status: 'ready', profileLabel: 'B' })).toBe(false);
    expect(sameTarget({ status: 'ready' }, { status: 'ready', docusignEmail: 'e@x.example' })).toBe(false);
  });
});

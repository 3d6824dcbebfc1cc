import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';

/**
 * The background's configuration state while the fresh managed-storage read is still under way
 * (Chromium can take seconds to answer it after the worker starts): answers that only describe
 * (served pages, adapters, labels) come from the policy cached at the last read; anything that
 * acts waits for the fresh read.
 */

const POLICY_ADAPTER = { ...DEMO_HOST_ADAPTER, id: 'docs-portal', label: 'Docs portal', matches: ['https://docs.example.com/*'] };
const PORTAL_PAGE = 'https://docs.example.com/documents';

/** A fresh copy of the module (its state lives at module level) and a managed read we answer. */
async function startWithManagedReadPending() {
  vi.resetModules();
  let answer: (value: Record<string, unknown>) => void = () => undefined;
  vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation((() => new Promise((resolve) => (answer = resolve))) as never);
  const state = await import('../../../utils/background/config-state');
  const { lastPolicyItem } = await import('../../../utils/config/policy-source');
  return { state, lastPolicyItem, answerManagedRead: (raw: Record<string, unknown>) => answer(raw) };
}

/** Whether `promise` settles within a few macrotasks. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  return done;
}

beforeEach(() => {
  vi.restoreAllMocks();
});

describe('config state while the managed read is pending', () => {
  it('with a cached policy: served pages, adapters and known config answer at once; fresh config and the senders of actions wait', async () => {
    const { state, lastPolicyItem, answerManagedRead } = await startWithManagedReadPending();
    await lastPolicyItem.setValue({ raw: { hostAdapters: [POLICY_ADAPTER] }, readAt: 1 });
    state.startConfigState();

    expect(await state.isServedUrl(PORTAL_PAGE)).toBe(true);
    expect((await state.adaptersForUrl(PORTAL_PAGE)).map((a) => a.id)).toEqual(['docs-portal']);
    const known = await state.resolveFor(null, 'known');
    expect(known.adapters.map((a) => a.value.id)).toContain('docs-portal');

    const fresh = state.resolveFor(null);
    expect(await settles(fresh)).toBe(false);
    // Messages that act (sign-in, sends) check their sender against the fresh policy.
    const servedNow = state.isServedUrlNow(PORTAL_PAGE);
    expect(await settles(servedNow)).toBe(false);
    // The fresh read drops the adapter: fresh answers and, from now on, known ones follow it.
    const changed = vi.fn();
    state.onConfigChanged(changed);
    answerManagedRead({});
    expect((await fresh).adapters.map((a) => a.value.id)).not.toContain('docs-portal');
    expect(changed).toHaveBeenCalled();
    expect(await servedNow).toBe(false);
    expect(await state.isServedUrl(PORTAL_PAGE)).toBe(false);
  });

  it('without a cached policy (first start): known answers wait for the fresh read too', async () => {
    const { state, answerManagedRead } = await startWithManagedReadPending();
    state.startConfigState();
    const served = state.isServedUrl(PORTAL_PAGE);
    expect(await settles(served)).toBe(false);
    answerManagedRead({ hostAdapters: [POLICY_ADAPTER] });
    expect(await served).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getCachedPolicy, lastPolicyItem, readPolicy, subscribePolicy, watchPolicy, type PolicyState } from '../../../utils/config/policy-source';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'policy');
const EXAMPLE = JSON.parse(readFileSync(join(FIXTURES, 'example-policy.json'), 'utf8')) as Record<string, unknown> & { profiles: unknown[] };
const now = () => 1_700_000_000_000;
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('readPolicy', () => {
  it('no managed values: unmanaged', async () => {
    const s = await readPolicy(now);
    expect(s).toMatchObject({ status: 'unmanaged', origin: 'managed-storage', policy: {}, rejected: [], readAt: now() });
  });

  it('reads, validates and caches the managed policy', async () => {
    await fakeBrowser.storage.managed.set(EXAMPLE);
    const s = await readPolicy(now);
    expect(s.status).toBe('managed');
    expect(s.policy.profiles?.map((p) => p.id)).toEqual(['acme-eu', 'acme-ca', 'acme-na']);
    expect(s.rejected).toEqual([]);
    expect(await lastPolicyItem.getValue()).toEqual({ raw: EXAMPLE, readAt: now() });
    const cached = await getCachedPolicy();
    expect(cached).toMatchObject({ origin: 'cache', status: 'managed', readAt: now() });
    expect(cached?.policy).toEqual(s.policy);
  });

  it('bad entries are rejected with reasons; the rest applies', async () => {
    const bad = structuredClone(EXAMPLE) as typeof EXAMPLE & { profiles: Array<Record<string, unknown>> };
    bad.profiles[2] = { ...bad.profiles[2], integrationKey: 'bogus' };
    await fakeBrowser.storage.managed.set(bad);
    const s = await readPolicy(now);
    expect(s.policy.profiles?.map((p) => p.id)).toEqual(['acme-eu', 'acme-ca']);
    expect(s.rejected[0]).toMatchObject({ path: 'profiles[2].integrationKey', code: 'bad-guid', entryId: 'acme-na' });
  });

  it('Firefox without policies.json ("Managed storage manifest not found") means no policy', async () => {
    await lastPolicyItem.setValue({ raw: EXAMPLE, readAt: 1 });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    const s = await readPolicy(now);
    expect(s.status).toBe('unmanaged');
    expect(s.diagnostics[0]).toContain('No enterprise policy is configured');
    expect(await lastPolicyItem.getValue()).toEqual({ raw: {}, readAt: now() });
  });

  it('a failing read keeps the cached policy (no flash of unmanaged state)', async () => {
    await lastPolicyItem.setValue({ raw: EXAMPLE, readAt: 1234 });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('boom'));
    const s = await readPolicy(now);
    expect(s).toMatchObject({ status: 'managed', origin: 'cache', readAt: 1234 });
    expect(s.diagnostics[0]).toContain('Could not read managed storage (boom); applying the policy last read at');
  });

  it('a failing read without a cache: unmanaged, with a note', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('boom'));
    const s = await readPolicy(now);
    expect(s).toMatchObject({ status: 'unmanaged', origin: 'unavailable' });
    expect(s.diagnostics[0]).toContain('running without enterprise policy');
  });

  it('no storage.managed API: unmanaged, with a note', async () => {
    const storage = fakeBrowser.storage as unknown as Record<string, unknown>;
    const managed = storage.managed;
    storage.managed = undefined;
    try {
      const s = await readPolicy(now);
      expect(s).toMatchObject({ status: 'unmanaged', origin: 'unavailable' });
      expect(s.diagnostics[0]).toContain('no managed storage');
    } finally {
      storage.managed = managed;
    }
  });
});

describe('watchPolicy / subscribePolicy', () => {
  it('applies policy changes live, in order; stops on unsubscribe', async () => {
    const states: PolicyState[] = [];
    const stop = watchPolicy((s) => states.push(s), now);
    await fakeBrowser.storage.managed.set({ settings: { confirmBeforeSend: false } });
    await settle();
    await fakeBrowser.storage.managed.set({ settings: { confirmBeforeSend: true } });
    await settle();
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    await settle();
    expect(states.map((s) => s.policy.settings?.confirmBeforeSend)).toEqual([false, true]);
    stop();
    await fakeBrowser.storage.managed.clear();
    await settle();
    expect(states).toHaveLength(2);
  });

  it('a removed policy turns the state unmanaged', async () => {
    await fakeBrowser.storage.managed.set(EXAMPLE);
    const states: PolicyState[] = [];
    const stop = watchPolicy((s) => states.push(s), now);
    await fakeBrowser.storage.managed.clear();
    await settle();
    expect(states.at(-1)).toMatchObject({ status: 'unmanaged', policy: {} });
    stop();
  });

  it('start-up: the cached policy first, then the fresh one, then changes', async () => {
    await lastPolicyItem.setValue({ raw: { settings: { showUsageReport: false } }, readAt: 5 });
    await fakeBrowser.storage.managed.set({ settings: { showUsageReport: true } });
    const states: PolicyState[] = [];
    const stop = await subscribePolicy((s) => states.push(s), now);
    expect(states.map((s) => [s.origin, s.policy.settings?.showUsageReport])).toEqual([
      ['cache', false],
      ['managed-storage', true],
    ]);
    await fakeBrowser.storage.managed.set({ settings: { showUsageReport: false } });
    await settle();
    expect(states.at(-1)?.policy.settings?.showUsageReport).toBe(false);
    stop();
  });

  it('start-up without a cache delivers the fresh state only', async () => {
    const states: PolicyState[] = [];
    const stop = await subscribePolicy((s) => states.push(s), now);
    expect(states.map((s) => s.origin)).toEqual(['managed-storage']);
    stop();
  });
});

describe('an unanswered managed read is asked again', () => {
  it('waits 1.5 s, 3 s, 6 s, then every 10 s', async () => {
    const { managedReadRetryDelay } = await import('../../../utils/config/policy-source');
    expect([0, 1, 2, 3, 4, 9].map(managedReadRetryDelay)).toEqual([1500, 3000, 6000, 10_000, 10_000, 10_000]);
  });

  it('a first get that never answers: the second one does, and readPolicy applies it', async () => {
    vi.useFakeTimers();
    try {
      await fakeBrowser.storage.managed.set(EXAMPLE);
      const real = fakeBrowser.storage.managed.get.bind(fakeBrowser.storage.managed);
      const get = vi.spyOn(fakeBrowser.storage.managed, 'get');
      get.mockImplementationOnce(() => new Promise(() => undefined)).mockImplementation(((keys: null) => real(keys)) as never);
      let state: PolicyState | undefined;
      void readPolicy(now).then((s) => (state = s));
      await vi.advanceTimersByTimeAsync(1499);
      expect(state).toBeUndefined();
      expect(get).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(get).toHaveBeenCalledTimes(2);
      expect(state).toMatchObject({ status: 'managed', origin: 'managed-storage' });
      // Answered: no further reads are scheduled.
      await vi.advanceTimersByTimeAsync(60_000);
      expect(get).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the first answer wins, an error included', async () => {
    vi.useFakeTimers();
    try {
      const { getAnswered } = await import('../../../utils/config/policy-source');
      let calls = 0;
      const answers: Array<(v: string) => void> = [];
      const rejections: Array<(e: Error) => void> = [];
      const result = getAnswered(() => {
        calls++;
        return new Promise<string>((resolve, reject) => {
          answers.push(resolve);
          rejections.push(reject);
        });
      }).then(
        (v) => `value ${v}`,
        (e: Error) => `error ${e.message}`,
      );
      await vi.advanceTimersByTimeAsync(1500 + 3000);
      expect(calls).toBe(3);
      rejections[1]!(new Error('no policy'));
      answers[0]!('late');
      expect(await result).toBe('error no policy');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(calls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

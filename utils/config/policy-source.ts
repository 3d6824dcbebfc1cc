/**
 * Enterprise policy from managed storage: read at start, re-read live when it changes, cached in
 * storage.local (`local:lastPolicy`) so a restarted service worker can apply the last known policy
 * before the managed read resolves (no flash of unmanaged state).
 *
 * Chromium: values come from platform policy (`3rdparty.extensions.<id>`), already filtered by
 * the managed schema. Firefox: from policies.json (`3rdparty.Extensions.<id>`), unfiltered;
 * without policies Firefox rejects storage.managed.get() ("Managed storage manifest not found"),
 * which means "no policy". Firefox does not fire storage.onChanged for the managed area.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { LintWarning, Rejection, ValidatedPolicy } from './types';
import { validatePolicy } from './validate';

export interface PolicyState {
  /** 'managed': the policy sets at least one key. */
  status: 'unmanaged' | 'managed';
  /** Where this state came from. */
  origin: 'managed-storage' | 'cache' | 'unavailable';
  /** What managed storage returned (JSON-safe). */
  raw: Record<string, unknown>;
  policy: ValidatedPolicy;
  rejected: Rejection[];
  warnings: LintWarning[];
  /** Notes for the Diagnostics view (e.g. why managed storage could not be read). */
  diagnostics: string[];
  /** When the raw values were read from managed storage (ms since epoch); 0 when never. */
  readAt: number;
}

export interface CachedPolicy {
  raw: Record<string, unknown>;
  readAt: number;
}

export const lastPolicyItem = storage.defineItem<CachedPolicy | null>('local:lastPolicy', {
  version: 1,
  fallback: null,
  migrations: {},
});

function stateFrom(raw: Record<string, unknown>, origin: PolicyState['origin'], readAt: number, diagnostics: string[] = []): PolicyState {
  const { policy, rejected, warnings } = validatePolicy(raw);
  return {
    status: Object.keys(raw).length > 0 ? 'managed' : 'unmanaged',
    origin,
    raw,
    policy,
    rejected,
    warnings,
    diagnostics,
    readAt,
  };
}

export function unmanagedState(diagnostics: string[] = [], origin: PolicyState['origin'] = 'managed-storage'): PolicyState {
  return stateFrom({}, origin, 0, diagnostics);
}

/** The last applied policy, re-validated with the current code; null when none was cached. */
export async function getCachedPolicy(): Promise<PolicyState | null> {
  const cached = await lastPolicyItem.getValue();
  if (!cached || typeof cached !== 'object' || typeof cached.raw !== 'object' || cached.raw === null) return null;
  return stateFrom(cached.raw, 'cache', cached.readAt);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Firefox's answer when no policies.json configures this extension. */
function meansNoPolicy(message: string): boolean {
  return /managed storage manifest not found|no managed storage/i.test(message);
}

/**
 * How long to wait for an answer to the `attempt`-th storage.managed.get (0-based) before asking
 * again: 1.5 s, 3 s, 6 s, then every 10 s.
 */
export function managedReadRetryDelay(attempt: number): number {
  return Math.min(10_000, 1500 * 2 ** Math.max(0, attempt));
}

/**
 * `get()`'s answer, asking again while none comes. Chromium 156 sometimes never answers the first
 * storage.managed.get of a worker started with the browser (no policy installed; seen still
 * pending after 20 s, which held every content-script answer), while a second call made a second
 * later answered, and the first with it, within about 1 s. The first answer (or error) wins.
 * Headless Chromium 156 answers the first call 4.5-7.5 s after launch, and not at all while the
 * browser has no tab open (still pending after 75 s; a new tab got it answered within 3 s), retries
 * included: test/bench/browsers.ts and the e2e tests keep a tab open where they need the answer.
 */
export function getAnswered<T>(get: () => Promise<T>, delay: (attempt: number) => number = managedReadRetryDelay): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const ask = (attempt: number) => {
      get().then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
      if (!settled) timer = setTimeout(() => ask(attempt + 1), delay(attempt));
    };
    ask(0);
  });
}

/**
 * Reads managed storage, validates, caches, returns the state. Never throws: a missing API means
 * "no policy" (with a diagnostics note); a read error falls back to the cached policy, if any.
 */
export async function readPolicy(now: () => number = Date.now): Promise<PolicyState> {
  const area = (browser as { storage?: { managed?: { get?: (keys?: null) => Promise<Record<string, unknown>> } } }).storage?.managed;
  if (!area || typeof area.get !== 'function') {
    return unmanagedState(['This browser has no managed storage (storage.managed): running without enterprise policy.'], 'unavailable');
  }
  let raw: Record<string, unknown>;
  try {
    const got: unknown = await getAnswered(() => area.get!(null));
    raw = got && typeof got === 'object' && !Array.isArray(got) ? JSON.parse(JSON.stringify(got)) : {};
  } catch (err) {
    const message = errorMessage(err);
    if (meansNoPolicy(message)) {
      await lastPolicyItem.setValue({ raw: {}, readAt: now() });
      return unmanagedState([`No enterprise policy is configured for this extension (${message}).`]);
    }
    const cached = await getCachedPolicy();
    if (cached) {
      return { ...cached, diagnostics: [`Could not read managed storage (${message}); applying the policy last read at ${new Date(cached.readAt).toISOString()}.`] };
    }
    return unmanagedState([`Could not read managed storage (${message}); running without enterprise policy.`], 'unavailable');
  }
  const readAt = now();
  await lastPolicyItem.setValue({ raw, readAt });
  return stateFrom(raw, 'managed-storage', readAt);
}

/**
 * Calls `cb` with every policy change read from managed storage (Chromium fires
 * storage.onChanged with area 'managed'). Reads are serialised: callbacks arrive in order.
 * Returns the unsubscribe function.
 */
export function watchPolicy(cb: (state: PolicyState) => void, now: () => number = Date.now): () => void {
  let chain: Promise<void> = Promise.resolve();
  const listener = (_changes: unknown, areaName: string) => {
    if (areaName !== 'managed') return;
    chain = chain.then(() => readPolicy(now)).then(cb, () => undefined);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * Start-up helper for the background: calls `cb` with the cached policy first (if one exists),
 * then with the fresh one, then on every change.
 * Resolves once the fresh state was delivered; returns the unsubscribe function.
 */
export async function subscribePolicy(cb: (state: PolicyState) => void, now: () => number = Date.now): Promise<() => void> {
  const cached = await getCachedPolicy();
  const fresh = readPolicy(now);
  if (cached) cb(cached);
  const stop = watchPolicy(cb, now);
  cb(await fresh);
  return stop;
}

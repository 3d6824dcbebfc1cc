/**
 * The outbox's injected dependencies and its in-memory state (per worker life): change listeners,
 * accounts known to be rate-limited, the last rate budget seen per account.
 */
import type { JobRecord, JobWaitKind } from '../db';
import type { RateBudget } from '../docusign/rate-budget';
import { toSummary } from './summary';
import { OutboxError, type JobSummary, type OutboxDeps } from './types';

export const DEFAULT_MAX_STORED_BYTES = 200 * 1024 * 1024;
export const DEFAULT_IN_PROCESS_WAKE_MAX_MS = 60_000;

let deps: OutboxDeps | undefined;
const listeners = new Set<(job: JobSummary) => void>();

export interface AccountLimit {
  atMs: number;
  waitKind: JobWaitKind;
}

/** `${baseUri}|${accountId}` → until when the account's API budget is known to be used up. */
export const limitedAccounts = new Map<string, AccountLimit>();
/** `${baseUri}|${accountId}` → the last rate budget DocuSign reported for it. */
export const accountBudgets = new Map<string, RateBudget>();

let wakeTimer: ReturnType<typeof setTimeout> | undefined;

export function setDeps(next: OutboxDeps): void {
  deps = next;
  limitedAccounts.clear();
  accountBudgets.clear();
  clearWakeTimer();
}

export function requireDeps(): OutboxDeps {
  if (!deps) throw new OutboxError('not_configured', 'The outbox is not ready yet (configureOutbox was not called).');
  return deps;
}

export function maybeDeps(): OutboxDeps | undefined {
  return deps;
}

export function now(): number {
  return (deps?.now ?? Date.now)();
}

export function random(): () => number {
  return deps?.random ?? Math.random;
}

export function reportError(error: unknown): void {
  try {
    deps?.onError?.(error);
  } catch {
    // Diagnostics must never break the outbox.
  }
}

export function addListener(listener: (job: JobSummary) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Tells every listener about a persisted change. */
export function emitChanged(job: JobRecord): void {
  const summary = toSummary(job);
  for (const listener of [...listeners]) {
    try {
      listener(summary);
    } catch (error) {
      reportError(error);
    }
  }
}

/**
 * Calls left in the hour below which status queries and duplicate checks wait (sends come first):
 * max(100, 10 % of the hourly limit).
 */
export function statusReserve(limit: number | undefined): number {
  return Math.max(100, Math.ceil((limit ?? 3000) * 0.1));
}

/**
 * Until when calls other than sends (status queries, duplicate checks) wait for this account
 * (`accountKey`): it is rate-limited, or its budget is down to the reserve. undefined: go ahead.
 */
export function optionalCallsWaitUntil(acct: string, at: number): number | undefined {
  const limit = limitedAccounts.get(acct);
  if (limit && limit.atMs > at) return limit.atMs;
  const budget = accountBudgets.get(acct);
  if (budget?.remaining === undefined || !budget.resetAt || budget.resetAt.getTime() <= at) return undefined;
  return budget.remaining <= statusReserve(budget.limit) ? budget.resetAt.getTime() : undefined;
}

/** Whether the profile's session is for this account (never query another account's envelopes). */
export async function sessionIsFor(profileId: string, acct: string): Promise<boolean> {
  const session = await requireDeps().getSession(profileId);
  return !!session.account && accountKey(session.account) === acct;
}

export function accountKey(account: { baseUri: string; accountId: string }): string {
  return `${account.baseUri.trim().replace(/\/+$/, '').toLowerCase()}|${account.accountId.toLowerCase()}`;
}

export function clearWakeTimer(): void {
  if (wakeTimer !== undefined) clearTimeout(wakeTimer);
  wakeTimer = undefined;
}

export function setWakeTimer(delayMs: number, run: () => void): void {
  clearWakeTimer();
  wakeTimer = setTimeout(() => {
    wakeTimer = undefined;
    run();
  }, Math.max(0, delayMs));
  (wakeTimer as { unref?: () => void }).unref?.();
}

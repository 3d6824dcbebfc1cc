/**
 * When (and whether) the outbox tries a failed DocuSign call again. Pure and deterministic given
 * `now` and `random`.
 *
 * - Hourly API limit: wait until X-RateLimit-Reset plus 0–30 s jitter (every client of the account
 *   wakes at the reset; the jitter spreads them). Without a usable reset time (missing, already
 *   past, or more than 65 min away: clock skew) wait until the next full hour (DocuSign resets on
 *   the hour) plus the same jitter.
 * - Burst limit: DocuSign's burst window is 30 s, so wait 30–45 s.
 * - Status polling limit: 20 min (+ 0–60 s).
 *   Rate-limit waits do not use up attempts: the account is busy, the request is fine.
 * - 5xx, network, unexpected answers: exponential backoff with full jitter,
 *   delay = random · min(5 min, 2 s · 2^(attempt-1)); after 6 failed attempts: fail.
 * - 401: refresh the token and retry once; a 401 right after that (previousErrorKind
 *   'unauthorized') → the user must sign in again.
 * - validation, not_member, forbidden, forbidden_cors, not_found: fail at once.
 */
import type { DocuSignApiError, DocuSignApiErrorKind } from '../docusign/errors';

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** Failed attempts (server/network/bad_response) after which the job fails. */
export const MAX_ATTEMPTS = 6;
export const HOURLY_JITTER_MS = 30_000;
export const BURST_WAIT_MS = 30_000;
export const BURST_JITTER_MS = 15_000;
export const POLLING_WAIT_MS = 20 * 60_000;
export const POLLING_JITTER_MS = 60_000;
/** A reset further away than this is not believed (DocuSign's window is one hour). */
export const MAX_BELIEVABLE_RESET_MS = 65 * 60_000;
const HOUR_MS = 3_600_000;

export type RetryReason =
  | 'rate_limited_hourly'
  | 'rate_limited_burst'
  | 'polling_limited'
  | 'server'
  | 'network'
  | 'bad_response';

export type FailReason = 'not_retryable' | 'attempts_exhausted';

export type RetryDecision =
  | { action: 'retry'; atMs: number; reason: RetryReason }
  | { action: 'fail'; reason: FailReason; kind: DocuSignApiErrorKind; message: string }
  | { action: 'refresh-then-retry' }
  | { action: 'needs-sign-in' };

export interface RetryInput {
  /** The failure (a DocuSignApiError, or its JSON form from an outbox record). */
  error: Pick<DocuSignApiError, 'kind' | 'message'> & { resetAt?: Date | number };
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** Epoch ms. */
  now: number;
  /** [0, 1); default Math.random. */
  random?: () => number;
  /** The kind of the failure before this one, if the previous attempt failed too. */
  previousErrorKind?: DocuSignApiErrorKind;
}

/** The start of the next full UTC hour after `now` (DocuSign's hourly window resets on the hour). */
export function nextFullHour(now: number): number {
  return Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
}

/** The upper bound of the backoff for a given failed attempt (before jitter). */
export function backoffCeiling(attempt: number): number {
  const exp = Math.max(0, Math.min(30, Math.floor(attempt) - 1));
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exp);
}

function unit(random: () => number): number {
  const r = random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
}

export function nextAttemptDelay(input: RetryInput): RetryDecision {
  const { error, now } = input;
  const attempt = Math.max(1, Math.floor(input.attempt));
  const random = input.random ?? Math.random;

  switch (error.kind) {
    case 'rate_limited_hourly': {
      const reset = error.resetAt instanceof Date ? error.resetAt.getTime() : error.resetAt;
      const believable = typeof reset === 'number' && Number.isFinite(reset) && reset > now && reset - now <= MAX_BELIEVABLE_RESET_MS;
      const base = believable ? reset : nextFullHour(now);
      return { action: 'retry', atMs: Math.round(base + unit(random) * HOURLY_JITTER_MS), reason: 'rate_limited_hourly' };
    }
    case 'rate_limited_burst':
      return { action: 'retry', atMs: Math.round(now + BURST_WAIT_MS + unit(random) * BURST_JITTER_MS), reason: 'rate_limited_burst' };
    case 'polling_limited':
      return { action: 'retry', atMs: Math.round(now + POLLING_WAIT_MS + unit(random) * POLLING_JITTER_MS), reason: 'polling_limited' };
    case 'unauthorized':
      return input.previousErrorKind === 'unauthorized' ? { action: 'needs-sign-in' } : { action: 'refresh-then-retry' };
    case 'server':
    case 'network':
    case 'bad_response': {
      if (attempt >= MAX_ATTEMPTS) {
        return { action: 'fail', reason: 'attempts_exhausted', kind: error.kind, message: error.message };
      }
      // Full jitter: uniformly anywhere between 0 and the ceiling.
      return { action: 'retry', atMs: Math.round(now + unit(random) * backoffCeiling(attempt)), reason: error.kind };
    }
    case 'validation':
    case 'not_member':
    case 'forbidden':
    case 'forbidden_cors':
    case 'not_found':
    default:
      return { action: 'fail', reason: 'not_retryable', kind: error.kind, message: error.message };
  }
}

import { describe, expect, it } from 'vitest';
import { DocuSignApiError, type DocuSignApiErrorKind } from '../../../utils/docusign/errors';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  BURST_JITTER_MS,
  BURST_WAIT_MS,
  HOURLY_JITTER_MS,
  MAX_ATTEMPTS,
  POLLING_JITTER_MS,
  POLLING_WAIT_MS,
  backoffCeiling,
  nextAttemptDelay,
  nextFullHour,
} from '../../../utils/outbox/retry-timing';

const NOW = Date.UTC(2026, 4, 12, 10, 17, 30, 250);
const err = (kind: DocuSignApiErrorKind, extra: Partial<{ resetAt: Date; status: number }> = {}) =>
  new DocuSignApiError({ kind, status: extra.status ?? 400, message: `msg ${kind}`, retryable: true, ...extra });
const fixed = (v: number) => () => v;

describe('nextAttemptDelay', () => {
  it('hourly limit waits until X-RateLimit-Reset plus jitter', () => {
    const resetAt = new Date(Date.UTC(2026, 4, 12, 11, 0, 0));
    expect(nextAttemptDelay({ error: err('rate_limited_hourly', { resetAt }), attempt: 1, now: NOW, random: fixed(0) })).toEqual({
      action: 'retry',
      atMs: resetAt.getTime(),
      reason: 'rate_limited_hourly',
    });
    const late = nextAttemptDelay({ error: err('rate_limited_hourly', { resetAt }), attempt: 9, now: NOW, random: fixed(0.999999) });
    expect(late.action === 'retry' && late.atMs).toBeGreaterThan(resetAt.getTime() + HOURLY_JITTER_MS - 10);
    expect(late.action === 'retry' && late.atMs).toBeLessThanOrEqual(resetAt.getTime() + HOURLY_JITTER_MS);
  });

  it('hourly limit without a usable reset waits for the next full hour', () => {
    const next = Date.UTC(2026, 4, 12, 11, 0, 0);
    expect(nextFullHour(NOW)).toBe(next);
    for (const resetAt of [undefined, new Date(NOW - 1000), new Date(NOW + 3 * 3_600_000)]) {
      const d = nextAttemptDelay({ error: err('rate_limited_hourly', resetAt ? { resetAt } : {}), attempt: 1, now: NOW, random: fixed(0.5) });
      expect(d).toEqual({ action: 'retry', atMs: next + HOURLY_JITTER_MS / 2, reason: 'rate_limited_hourly' });
    }
  });

  it('accepts the JSON form of an error (resetAt as epoch ms)', () => {
    const resetAt = new Date(NOW + 60_000);
    const json = err('rate_limited_hourly', { resetAt }).toJSON();
    expect(nextAttemptDelay({ error: json, attempt: 1, now: NOW, random: fixed(0) })).toMatchObject({ atMs: resetAt.getTime() });
    expect(nextAttemptDelay({ error: DocuSignApiError.fromJSON(json), attempt: 1, now: NOW, random: fixed(0) })).toMatchObject({
      atMs: resetAt.getTime(),
    });
  });

  it('burst limit: a short wait covering the 30 s window, jittered', () => {
    expect(nextAttemptDelay({ error: err('rate_limited_burst'), attempt: 1, now: NOW, random: fixed(0) })).toEqual({
      action: 'retry',
      atMs: NOW + BURST_WAIT_MS,
      reason: 'rate_limited_burst',
    });
    const max = nextAttemptDelay({ error: err('rate_limited_burst'), attempt: 12, now: NOW, random: fixed(0.9999999) });
    expect(max.action === 'retry' && max.atMs - NOW).toBeLessThanOrEqual(BURST_WAIT_MS + BURST_JITTER_MS);
  });

  it('polling limit: 20 minutes', () => {
    const d = nextAttemptDelay({ error: err('polling_limited'), attempt: 1, now: NOW, random: fixed(0.25) });
    expect(d).toEqual({ action: 'retry', atMs: NOW + POLLING_WAIT_MS + POLLING_JITTER_MS / 4, reason: 'polling_limited' });
    expect(POLLING_WAIT_MS).toBe(20 * 60_000);
  });

  it.each(['server', 'network', 'bad_response'] as const)('%s: exponential backoff with full jitter, then fail', (kind) => {
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
      expect(backoffCeiling(attempt)).toBe(ceiling);
      const low = nextAttemptDelay({ error: err(kind), attempt, now: NOW, random: fixed(0) });
      const high = nextAttemptDelay({ error: err(kind), attempt, now: NOW, random: fixed(0.9999999) });
      const mid = nextAttemptDelay({ error: err(kind), attempt, now: NOW, random: fixed(0.5) });
      expect(low).toEqual({ action: 'retry', atMs: NOW, reason: kind });
      expect(mid).toEqual({ action: 'retry', atMs: NOW + ceiling / 2, reason: kind });
      expect(high.action === 'retry' && high.atMs - NOW).toBeLessThanOrEqual(ceiling);
      expect(high.action === 'retry' && high.atMs - NOW).toBeGreaterThan(ceiling - 5);
    }
    expect(nextAttemptDelay({ error: err(kind), attempt: MAX_ATTEMPTS, now: NOW, random: fixed(0.5) })).toEqual({
      action: 'fail',
      reason: 'attempts_exhausted',
      kind,
      message: `msg ${kind}`,
    });
  });

  it('caps the backoff at 5 minutes for large attempt numbers', () => {
    expect(backoffCeiling(50)).toBe(BACKOFF_CAP_MS);
    expect(backoffCeiling(0)).toBe(BACKOFF_BASE_MS);
  });

  it('random backoffs stay within bounds', () => {
    let s = 7;
    const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 500; i++) {
      const attempt = 1 + (i % (MAX_ATTEMPTS - 1));
      const d = nextAttemptDelay({ error: err('server', { status: 503 }), attempt, now: NOW, random });
      expect(d.action).toBe('retry');
      if (d.action === 'retry') {
        expect(d.atMs).toBeGreaterThanOrEqual(NOW);
        expect(d.atMs).toBeLessThanOrEqual(NOW + backoffCeiling(attempt));
      }
    }
  });

  it('401: refresh once, then sign in again', () => {
    expect(nextAttemptDelay({ error: err('unauthorized', { status: 401 }), attempt: 1, now: NOW })).toEqual({ action: 'refresh-then-retry' });
    expect(nextAttemptDelay({ error: err('unauthorized', { status: 401 }), attempt: 4, now: NOW, previousErrorKind: 'server' })).toEqual({
      action: 'refresh-then-retry',
    });
    expect(
      nextAttemptDelay({ error: err('unauthorized', { status: 401 }), attempt: 2, now: NOW, previousErrorKind: 'unauthorized' }),
    ).toEqual({ action: 'needs-sign-in' });
  });

  it.each(['validation', 'not_member', 'forbidden', 'forbidden_cors', 'not_found'] as const)('%s fails at once', (kind) => {
    for (const attempt of [1, 2, 5]) {
      expect(nextAttemptDelay({ error: err(kind), attempt, now: NOW, random: fixed(0.5) })).toEqual({
        action: 'fail',
        reason: 'not_retryable',
        kind,
        message: `msg ${kind}`,
      });
    }
  });

  it('is deterministic given random', () => {
    const a = nextAttemptDelay({ error: err('network'), attempt: 3, now: NOW, random: fixed(0.123) });
    const b = nextAttemptDelay({ error: err('network'), attempt: 3, now: NOW, random: fixed(0.123) });
    expect(a).toEqual(b);
  });
});

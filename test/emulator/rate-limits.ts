// Per-account API rate limits with DocuSign's headers.
//   hourly: `hourlyLimit` calls per window; a 3600 s window resets on the clock hour, any other
//           length gives consecutive windows starting at server start;
//   burst:  `burstLimit` calls per `burstWindowSeconds`, consecutive windows from server start.
import type { HeaderMap } from './http-util.ts';
import type { Limits } from './types.ts';

interface Counter {
  windowStart: number;
  windowMs: number;
  count: number;
}

interface AccountCounters {
  hour: Counter;
  burst: Counter;
}

export interface RateDecision {
  allowed: boolean;
  exceeded: 'hourly' | 'burst' | null;
  headers: HeaderMap;
}

export const HOURLY_LIMIT_CODE = 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED';
export const BURST_LIMIT_CODE = 'BURST_APIINVOCATION_LIMIT_EXCEEDED';

export class RateLimiter {
  private counters = new Map<string, AccountCounters>();

  constructor(
    private readonly limits: () => Limits,
    private readonly now: () => number,
    private readonly startMs: () => number,
  ) {}

  reset(): void {
    this.counters.clear();
  }

  private windowStart(windowMs: number, onTheHour: boolean, now: number): number {
    if (onTheHour) return Math.floor(now / windowMs) * windowMs;
    const start = this.startMs();
    return start + Math.floor(Math.max(0, now - start) / windowMs) * windowMs;
  }

  private current(accountId: string): AccountCounters {
    const limits = this.limits();
    const now = this.now();
    const hourMs = Math.max(1, limits.hourWindowSeconds) * 1000;
    const burstMs = Math.max(1, limits.burstWindowSeconds) * 1000;
    const hourStart = this.windowStart(hourMs, limits.hourWindowSeconds === 3600, now);
    const burstStart = this.windowStart(burstMs, false, now);
    let c = this.counters.get(accountId);
    if (!c) {
      c = { hour: { windowStart: hourStart, windowMs: hourMs, count: 0 }, burst: { windowStart: burstStart, windowMs: burstMs, count: 0 } };
      this.counters.set(accountId, c);
    }
    if (c.hour.windowStart !== hourStart || c.hour.windowMs !== hourMs) c.hour = { windowStart: hourStart, windowMs: hourMs, count: 0 };
    if (c.burst.windowStart !== burstStart || c.burst.windowMs !== burstMs) c.burst = { windowStart: burstStart, windowMs: burstMs, count: 0 };
    return c;
  }

  private headers(c: AccountCounters): HeaderMap {
    const limits = this.limits();
    return {
      'X-RateLimit-Limit': String(limits.hourlyLimit),
      'X-RateLimit-Remaining': String(Math.max(0, limits.hourlyLimit - c.hour.count)),
      'X-RateLimit-Reset': String(Math.ceil((c.hour.windowStart + c.hour.windowMs) / 1000)),
      'X-BurstLimit-Limit': String(limits.burstLimit),
      'X-BurstLimit-Remaining': String(Math.max(0, limits.burstLimit - c.burst.count)),
    };
  }

  /** Counts one API call for the account unless a limit is exhausted. */
  consume(accountId: string): RateDecision {
    const limits = this.limits();
    const c = this.current(accountId);
    if (c.hour.count >= limits.hourlyLimit) return { allowed: false, exceeded: 'hourly', headers: this.headers(c) };
    if (c.burst.count >= limits.burstLimit) return { allowed: false, exceeded: 'burst', headers: this.headers(c) };
    c.hour.count++;
    c.burst.count++;
    return { allowed: true, exceeded: null, headers: this.headers(c) };
  }

  /** The headers for the account without counting a call (responses rejected before the limit check). */
  peek(accountId: string): HeaderMap {
    return this.headers(this.current(accountId));
  }
}

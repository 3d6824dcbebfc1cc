/**
 * DocuSign's rate-limit headers, parsed. Every response (success or error) may carry them; the
 * client returns the parsed budget next to each result so callers can track an account's budget
 * (3,000 calls per hour per account, shared by every app; burst 200 or 500 per 30 s).
 */

export interface RateBudget {
  /** X-RateLimit-Limit: calls allowed in the current hourly window. */
  limit?: number;
  /** X-RateLimit-Remaining. */
  remaining?: number;
  /** X-RateLimit-Reset (Unix seconds) as a Date. */
  resetAt?: Date;
  /** X-BurstLimit-Limit. */
  burstLimit?: number;
  /** X-BurstLimit-Remaining. */
  burstRemaining?: number;
  /** Epoch ms when the response was received (local clock). */
  observedAt: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

function intHeader(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Returns undefined when the response carried none of the headers. */
export function parseRateBudget(headers: HeaderSource, observedAt: number = Date.now()): RateBudget | undefined {
  const limit = intHeader(headers, 'X-RateLimit-Limit');
  const remaining = intHeader(headers, 'X-RateLimit-Remaining');
  const reset = intHeader(headers, 'X-RateLimit-Reset');
  const burstLimit = intHeader(headers, 'X-BurstLimit-Limit');
  const burstRemaining = intHeader(headers, 'X-BurstLimit-Remaining');
  if ([limit, remaining, reset, burstLimit, burstRemaining].every((v) => v === undefined)) return undefined;
  return {
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    // Unix seconds; a value in milliseconds (13 digits) is accepted too.
    ...(reset !== undefined ? { resetAt: new Date(reset > 1e11 ? reset : reset * 1000) } : {}),
    ...(burstLimit !== undefined ? { burstLimit } : {}),
    ...(burstRemaining !== undefined ? { burstRemaining } : {}),
    observedAt,
  };
}

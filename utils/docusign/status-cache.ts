/**
 * Which envelopes may have their status fetched now. DocuSign allows at most one status GET per
 * envelope per 15 minutes (exceeding it can fail the Go-Live review); FACTS says design for 20, so
 * the default interval is 20 minutes and any smaller interval asked for is raised to 15 minutes.
 * Terminal envelopes (completed, declined, voided, deleted) are never polled. Due ids are grouped
 * per account (one REST base + account each) in batches for `envelope_ids=` queries, the
 * least-recently checked first.
 */
import {
  DEFAULT_STATUS_INTERVAL_MS,
  MIN_STATUS_INTERVAL_MS,
  STATUS_BATCH_SIZE,
  isTerminalEnvelopeStatus,
} from './limits';

export interface TrackedEnvelope {
  envelopeId: string;
  /** Identifies the account the envelope is in (e.g. `${baseUri}|${accountId}`). */
  accountKey: string;
  /** Epoch ms of the last status GET that included this envelope. */
  lastCheckedAt?: number;
  /** True for completed/declined/voided (see isTerminalEnvelopeStatus); or pass `status`. */
  terminal?: boolean;
  status?: string;
}

export interface StatusBatch {
  accountKey: string;
  envelopeIds: string[];
}

export function envelopesDueForStatus(
  envelopes: readonly TrackedEnvelope[],
  now: number,
  minIntervalMs: number = DEFAULT_STATUS_INTERVAL_MS,
  batchSize: number = STATUS_BATCH_SIZE,
): StatusBatch[] {
  const interval = Math.max(MIN_STATUS_INTERVAL_MS, Number.isFinite(minIntervalMs) ? minIntervalMs : 0);
  const size = Math.max(1, Math.floor(batchSize));
  // Per envelope (case-insensitive GUID), keep the most recent check among duplicates.
  const byId = new Map<string, { e: TrackedEnvelope; last: number | undefined; terminal: boolean }>();
  for (const e of envelopes) {
    if (!e.envelopeId || !e.accountKey) continue;
    const id = `${e.accountKey}\u0000${e.envelopeId.toLowerCase()}`;
    const last = typeof e.lastCheckedAt === 'number' && Number.isFinite(e.lastCheckedAt) ? e.lastCheckedAt : undefined;
    const terminal = !!e.terminal || isTerminalEnvelopeStatus(e.status);
    const prev = byId.get(id);
    if (!prev) {
      byId.set(id, { e, last, terminal });
    } else {
      prev.terminal ||= terminal;
      if (last !== undefined && (prev.last === undefined || last > prev.last)) prev.last = last;
    }
  }
  const due = [...byId.values()].filter(
    // A check "in the future" (the clock went back) counts as just done: not due.
    ({ last, terminal }) => !terminal && (last === undefined || now - last >= interval),
  );
  // Never checked first, then the oldest check; ties by id for determinism.
  due.sort((a, b) => (a.last ?? -Infinity) - (b.last ?? -Infinity) || a.e.envelopeId.localeCompare(b.e.envelopeId));
  const perAccount = new Map<string, string[]>();
  for (const { e } of due) {
    const list = perAccount.get(e.accountKey) ?? [];
    list.push(e.envelopeId);
    perAccount.set(e.accountKey, list);
  }
  const batches: StatusBatch[] = [];
  for (const [accountKey, ids] of perAccount) {
    for (let i = 0; i < ids.length; i += size) batches.push({ accountKey, envelopeIds: ids.slice(i, i + size) });
  }
  return batches;
}

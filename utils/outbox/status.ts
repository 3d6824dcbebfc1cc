/**
 * Envelope status for the jobs a view shows, on demand only: batched `envelope_ids` queries per
 * profile + account (envelopesDueForStatus), never more than once per envelope per interval
 * (default 20 min, never under DocuSign's 15), terminal envelopes never, and not when the account's
 * budget is nearly used up (sends come first) or the account is known to be rate-limited.
 * The check time is recorded BEFORE each request, so a request whose answer is lost still counts.
 */
import type { JobRecord } from '../db';
import { DocuSignApiError } from '../docusign/errors';
import { DEFAULT_STATUS_INTERVAL_MS } from '../docusign/limits';
import { envelopesDueForStatus, type TrackedEnvelope } from '../docusign/status-cache';
import { accountKey, limitedAccounts, now, optionalCallsWaitUntil, random, reportError, requireDeps, sessionIsFor } from './context';
import { nextAttemptDelay } from './retry-timing';
import { apply, outboxClientFor } from './runner';
import { jobsByIndex, markStatusChecked, readJob } from './store';
import { toSummary } from './summary';
import type { JobSummary } from './types';
import { serialQueue } from '../serial-queue';


type Bound = JobRecord & { account: NonNullable<JobRecord['account']>; envelopeId: string };

const serialized = serialQueue();

/** Refreshes what may be refreshed of these jobs' envelope statuses; returns their summaries. */
export function refreshStatuses(jobIds: string[]): Promise<JobSummary[]> {
  return serialized(() => refresh(jobIds));
}

async function refresh(jobIds: string[]): Promise<JobSummary[]> {
  const deps = requireDeps();
  const ids = [...new Set(jobIds)];
  const t = now();
  const jobs = (await Promise.all(ids.map((id) => readJob(id)))).filter((j): j is JobRecord => !!j);
  const groups = new Map<string, Bound>();
  const tracked: TrackedEnvelope[] = [];
  for (const job of jobs) {
    if (!job.envelopeId || !job.account || job.state === 'discarded') continue;
    const group = `${job.profileId}\u0000${accountKey(job.account)}`;
    if (!groups.has(group)) groups.set(group, job as Bound);
    tracked.push({
      envelopeId: job.envelopeId,
      accountKey: group,
      ...(job.envelopeStatusCheckedAt !== undefined ? { lastCheckedAt: job.envelopeStatusCheckedAt } : {}),
      ...(job.envelopeStatus !== undefined ? { status: job.envelopeStatus } : {}),
    });
  }
  const batches = envelopesDueForStatus(tracked, t, deps.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS);
  const skipped = new Set<string>();
  for (const batch of batches) {
    if (skipped.has(batch.accountKey)) continue;
    const rep = groups.get(batch.accountKey);
    if (!rep) continue;
    const acct = accountKey(rep.account);
    if (optionalCallsWaitUntil(acct, t) !== undefined) {
      skipped.add(batch.accountKey);
      continue;
    }
    try {
      if (!(await sessionIsFor(rep.profileId, acct))) {
        skipped.add(batch.accountKey);
        continue;
      }
      await deps.getAccessToken(rep.profileId);
    } catch {
      skipped.add(batch.accountKey); // not signed in: status can wait
      continue;
    }
    await markStatusChecked(batch.envelopeIds, t);
    try {
      const result = await outboxClientFor(rep).listStatus(batch.envelopeIds);
      const byLower = new Map(batch.envelopeIds.map((id) => [id.toLowerCase(), id] as const));
      for (const envelope of result.value.envelopes) {
        const stored = byLower.get(envelope.envelopeId.toLowerCase()) ?? envelope.envelopeId;
        for (const job of await jobsByIndex('by-envelope', stored)) {
          await apply(job.id, { type: 'envelope-status', envelopeStatus: envelope.status });
        }
      }
    } catch (error) {
      if (error instanceof DocuSignApiError) {
        if (error.kind === 'rate_limited_hourly' || error.kind === 'rate_limited_burst') {
          const decision = nextAttemptDelay({ error, attempt: 1, now: t, random: random() });
          if (decision.action === 'retry') limitedAccounts.set(acct, { atMs: decision.atMs, waitKind: decision.reason });
        }
        // Polling limit: the envelopes were marked checked above, so they wait a full interval.
        skipped.add(batch.accountKey);
        continue;
      }
      if ((error as { code?: unknown } | null)?.code === undefined) reportError(error);
      skipped.add(batch.accountKey);
    }
  }
  const fresh = await Promise.all(ids.map((id) => readJob(id)));
  return fresh.filter((j): j is JobRecord => !!j).map(toSummary);
}

/**
 * Duplicate drafts. One create request can create two envelopes: Chromium re-sends a request on
 * its own (any method) when a reused keep-alive connection drops before the answer arrives
 * (net/http HttpNetworkTransaction::ShouldResendRequest), and DocuSign has no idempotency key
 * (FACTS.md). The outbox therefore creates every envelope as a draft (direct mode sends it with a
 * second call) and, TIDY_DELAY_MS after the create, asks DocuSign for every envelope with the job's
 * transactionId, in batches per account, and deletes the drafts that are not the job's envelope.
 * A draft costs nothing and reaches no one, so the check can wait and share one call among jobs.
 *
 * A profile may choose one call per direct send instead (directSend "one-call": the envelope is
 * created sent). A re-sent create then leaves a second *sent* envelope; the same check voids it
 * (moved to the recycle bin, which voids an envelope in process) and the job records it, so the
 * user can tell the recipients why they had two requests.
 */
import { AuthError } from '../auth/errors';
import type { JobRecord } from '../db';
import type { DocuSignClient } from '../docusign/client';
import { DocuSignApiError } from '../docusign/errors';
import { STATUS_BATCH_SIZE } from '../docusign/limits';
import type { EnvelopeInfo } from '../docusign/types';
import { accountKey, limitedAccounts, now, optionalCallsWaitUntil, reportError, sessionIsFor } from './context';
import { jobsDueForTidy, recordTidy } from './store';

/** Checks that failed this often are given up (the drafts stay; nothing was sent twice). */
export const TIDY_MAX_ATTEMPTS = 5;
/** Statuses of envelopes that no longer count (already deleted or voided by anyone). */
const GONE = new Set(['deleted', 'voided']);

/**
 * Which of the envelopes carrying a job's transactionId the job adopts after a lost answer: one
 * that is no longer a draft first (a send cannot be undone, so that one is "the" envelope), else
 * the oldest draft; never a deleted one. undefined: nothing was created.
 */
export function pickAdoptedEnvelope(envelopes: readonly EnvelopeInfo[]): EnvelopeInfo | undefined {
  const live = envelopes.filter((e) => !GONE.has(e.status));
  const byAge = (a: EnvelopeInfo, b: EnvelopeInfo) =>
    (a.createdDateTime ?? '').localeCompare(b.createdDateTime ?? '') || a.envelopeId.localeCompare(b.envelopeId);
  return live.filter((e) => e.status !== 'created').sort(byAge)[0] ?? live.filter((e) => e.status === 'created').sort(byAge)[0];
}

/** Statuses of an envelope sent and not yet finished: the ones a void still stops. */
const IN_PROCESS = new Set(['sent', 'delivered']);

/**
 * The job's duplicates: envelopes with its transactionId that are not its own. Drafts are always
 * deleted. Sent ones are voided only for a job that created its envelope sent (one call): then a
 * second sent envelope can only come from the same create request, re-sent; a draft-first job's
 * copies are drafts, and anything sent from one was sent by a person.
 */
export function duplicatesOf(
  job: Pick<JobRecord, 'envelopeId' | 'sendOnCreate'>,
  envelopes: readonly EnvelopeInfo[],
): { drafts: string[]; sent: string[] } {
  const own = job.envelopeId?.toLowerCase();
  if (!own) return { drafts: [], sent: [] };
  const others = envelopes.filter((e) => e.envelopeId.toLowerCase() !== own);
  return {
    drafts: others.filter((e) => e.status === 'created').map((e) => e.envelopeId),
    sent: job.sendOnCreate ? others.filter((e) => IN_PROCESS.has(e.status)).map((e) => e.envelopeId) : [],
  };
}

/** When a failed check is tried again: 15, 30, 60, 120 s after the attempt; undefined: give up. */
export function tidyRetryAt(failedAttempts: number, at: number): number | undefined {
  if (failedAttempts >= TIDY_MAX_ATTEMPTS) return undefined;
  return at + 15_000 * 2 ** Math.max(0, failedAttempts - 1);
}

/** Due jobs grouped so that one client (profile's token, account's server) serves each group. */
export function tidyGroups(jobs: readonly JobRecord[]): { skip: JobRecord[]; groups: JobRecord[][] } {
  const skip: JobRecord[] = [];
  const groups = new Map<string, JobRecord[]>();
  for (const job of jobs) {
    if (!job.account || !job.envelopeId) {
      skip.push(job);
      continue;
    }
    const key = `${job.profileId}|${accountKey(job.account)}`;
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  return { skip, groups: [...groups.values()] };
}

type BoundJob = JobRecord & { account: NonNullable<JobRecord['account']> };

/** Runs every due duplicate check (one GET per account and batch, one PUT when there is something to delete). */
export async function tidyDuplicates(clientFor: (job: BoundJob) => DocuSignClient): Promise<void> {
  const at = now();
  const { skip, groups } = tidyGroups(await jobsDueForTidy(at));
  for (const job of skip) await recordTidy(job.id, { done: true, deleted: 0, voided: 0 });
  for (const group of groups) {
    const first = group[0] as BoundJob;
    const acct = accountKey(first.account);
    // The same rule as status queries: sends come first when the account's budget runs low.
    const waitUntil = optionalCallsWaitUntil(acct, at);
    if (waitUntil !== undefined) {
      // The account's budget is used up or nearly: checks wait (no failed attempt).
      for (const job of group) await recordTidy(job.id, { done: false, retryAt: waitUntil, failed: false });
      continue;
    }
    // Only with a session for the jobs' own account (the profile may be signed in elsewhere now):
    // never list or delete with another account's sign-in.
    let sameAccount = false;
    try {
      sameAccount = await sessionIsFor(first.profileId, acct);
    } catch (error) {
      reportError(error);
    }
    if (!sameAccount) {
      for (const job of group) {
        await recordTidy(job.id, { done: false, retryAt: tidyRetryAt((job.tidyAttempts ?? 0) + 1, at), failed: true });
      }
      continue;
    }
    const client = clientFor(first);
    for (let i = 0; i < group.length; i += STATUS_BATCH_SIZE) {
      const batch = group.slice(i, i + STATUS_BATCH_SIZE);
      try {
        const found = await client.findByTransactionIds(batch.map((j) => j.id));
        const perJob = batch.map((job) => ({ job, ...duplicatesOf(job, found.value.get(job.id) ?? []) }));
        // One call deletes the drafts and voids the sent copies (DocuSign's recycle bin does both).
        const toDelete = perJob.flatMap((p) => [...p.drafts, ...p.sent]);
        if (toDelete.length > 0) await client.deleteEnvelopes(toDelete);
        for (const { job, drafts, sent } of perJob) await recordTidy(job.id, { done: true, deleted: drafts.length, voided: sent.length });
      } catch (error) {
        const limited = error instanceof DocuSignApiError && (error.kind === 'rate_limited_hourly' || error.kind === 'rate_limited_burst');
        if (limited && error.resetAt) {
          const resetAt = error.resetAt.getTime();
          limitedAccounts.set(accountKey(first.account), { atMs: resetAt, waitKind: error.kind as 'rate_limited_hourly' | 'rate_limited_burst' });
          for (const job of batch) await recordTidy(job.id, { done: false, retryAt: resetAt, failed: false });
          continue;
        }
        // A sign-in problem or DocuSign failing: try again later (bounded); anything else is a bug.
        if (!(error instanceof DocuSignApiError) && !(error instanceof AuthError)) reportError(error);
        for (const job of batch) {
          await recordTidy(job.id, { done: false, retryAt: tidyRetryAt((job.tidyAttempts ?? 0) + 1, at), failed: true });
        }
      }
    }
  }
}

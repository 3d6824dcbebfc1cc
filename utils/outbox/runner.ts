/**
 * Runs due jobs: performs the DocuSign calls each state needs and persists every result through the
 * state machine (store.applyOutcome). One run at a time per worker (single-flight); a request for
 * another run while one is under way makes the current one go round again.
 *
 * Per job, in order: account known to be rate-limited → wait without calling; profile still
 * configured; session's account = the job's account (wrong-account guard); a valid token; then
 *   creating + createUncertain → findByTransactionId → adopt, or mark "nothing created";
 *   creating → persist create-attempt → POST a draft (transactionId = job id; JSON, or multipart for large documents);
 *   created, direct → (sendUncertain: GET the envelope first) persist send-attempt → PUT status=sent;
 *   created, embedded → POST sender view (returnUrl = host page + swdJob) → openSenderView → sender-view-opened;
 *   sent → done.
 * After the runnable jobs, the due duplicate checks (tidy.ts) run.
 */
import { AuthError } from '../auth/errors';
import type { SessionSnapshot } from '../auth/types';
import type { JobRecord } from '../db';
import { createDocuSignClient, type DocuSignClient } from '../docusign/client';
import { DocuSignApiError } from '../docusign/errors';
import { MAX_RETURN_URL_CHARS } from '../docusign/limits';
import {
  DEFAULT_IN_PROCESS_WAKE_MAX_MS,
  accountBudgets,
  accountKey,
  emitChanged,
  limitedAccounts,
  now,
  random,
  reportError,
  requireDeps,
  setWakeTimer,
} from './context';
import { RUNNABLE_STATES, createStatusOf, destinationLabel, isDue, waitReasonText, type JobOutcome } from './state-machine';
import { applyOutcome, earliestTidyDue, jobsByIndex, readDocumentBytes, readJob, type Applied } from './store';
import { pickAdoptedEnvelope, tidyDuplicates } from './tidy';
import { toSummary } from './summary';

/** The query parameter that ties the sender view's return to its job (read by the content script). */
export const JOB_QUERY_PARAM = 'swdJob';
/** Steps one job may take in one go (lookup, create, sender view, retries after a refresh...). */
const MAX_STEPS_PER_JOB = 12;
/** Extra passes a run makes on its own for jobs that became due at once (e.g. zero backoff). */
const MAX_SELF_PASSES = 25;
/**
 * While jobs are being worked on, an alarm this far ahead: if the worker is stopped in the middle
 * of a request (no nextAttemptAt was written), the alarm starts it again and the job resumes.
 * Chromium's alarms fire 30 s after creation at the earliest.
 */
export const WATCHDOG_MS = 30_000;

/** Auth failures that only a new sign-in fixes. */
const SIGN_IN_CODES = new Set([
  'needs_sign_in',
  'unauthorized',
  'not_member',
  'base_uri_mismatch',
  'no_accounts',
  'needs_account_choice',
  'profile_changed',
  'invalid_grant',
]);
const TRANSIENT_AUTH_CODES = new Set(['network', 'server_error', 'bad_response']);

/** Applies an outcome and tells listeners when something was written. */
export async function apply(id: string, outcome: JobOutcome): Promise<Applied | undefined> {
  const applied = await applyOutcome(id, outcome, now());
  if (applied?.written) emitChanged(applied.job);
  return applied;
}

/**
 * The sender view's returnUrl: the host page with `swdJob=<id>` (other parameters kept; an old
 * `event`/`swdJob` and the fragment dropped, since DocuSign appends `event` to the end). Shortened
 * when over DocuSign's 470 characters: first without the other parameters, then the origin only.
 */
export function senderViewReturnUrl(hostPageUrl: string, jobId: string): string {
  const url = new URL(hostPageUrl);
  url.hash = '';
  url.searchParams.delete('event');
  url.searchParams.delete(JOB_QUERY_PARAM);
  url.searchParams.append(JOB_QUERY_PARAM, jobId);
  if (url.href.length <= MAX_RETURN_URL_CHARS) return url.href;
  const short = new URL(url.origin + url.pathname);
  short.searchParams.set(JOB_QUERY_PARAM, jobId);
  if (short.href.length <= MAX_RETURN_URL_CHARS) return short.href;
  return `${url.origin}/?${JOB_QUERY_PARAM}=${encodeURIComponent(jobId)}`;
}

function clientFor(job: JobRecord & { account: NonNullable<JobRecord['account']> }): DocuSignClient {
  const deps = requireDeps();
  const key = accountKey(job.account);
  return createDocuSignClient({
    baseUri: job.account.baseUri,
    accountId: job.account.accountId,
    getAccessToken: () => deps.getAccessToken(job.profileId),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    now,
    onRateBudget: (budget) => accountBudgets.set(key, budget),
  });
}

export { clientFor as outboxClientFor };

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}

/** Turns a failure to get or renew a token into the job's outcome. */
async function authFailed(job: JobRecord, error: unknown, session: SessionSnapshot | undefined): Promise<Applied | undefined> {
  const code = errorCode(error);
  const label = destinationLabel(job);
  if (code && SIGN_IN_CODES.has(code)) {
    return apply(job.id, {
      type: 'auth-required',
      message: `Sign in to DocuSign (${label}) to continue this send. ${errorMessage(error, '')}`.trim(),
      ...(session?.signedInAt !== undefined ? { sessionSignedInAt: session.signedInAt } : {}),
    });
  }
  if (code && TRANSIENT_AUTH_CODES.has(code)) {
    return apply(job.id, {
      type: 'api-error',
      error: { kind: code === 'network' ? 'network' : 'server', message: errorMessage(error, 'DocuSign sign-in could not be renewed.') },
      random: random(),
    });
  }
  if (code === 'unknown_profile') {
    return apply(job.id, {
      type: 'fail',
      error: { kind: 'profile_missing', message: `The DocuSign profile \u201c${label}\u201d is no longer configured. Ask your administrator, or discard this send.` },
    });
  }
  if (!(error instanceof AuthError)) reportError(error);
  return apply(job.id, {
    type: 'fail',
    error: { kind: code ?? 'unexpected', message: errorMessage(error, 'The DocuSign sign-in failed.') },
  });
}

/** Runs one job as far as it can go now. */
export async function runJob(id: string): Promise<void> {
  const deps = requireDeps();
  for (let step = 0; step < MAX_STEPS_PER_JOB; step++) {
    const job = await readJob(id);
    if (!job || !isDue(job, now())) return;
    if (job.state === 'sent') {
      await apply(id, { type: 'finish' });
      continue;
    }

    // Another job of this account hit its limit: wait with it instead of spending a call.
    if (job.account) {
      const limit = limitedAccounts.get(accountKey(job.account));
      if (limit && limit.atMs > now()) {
        await apply(id, {
          type: 'defer',
          atMs: limit.atMs,
          waitKind: limit.waitKind,
          waitReason: waitReasonText(limit.waitKind, destinationLabel(job)),
        });
        return;
      }
    }

    const profile = await deps.getProfile(job.profileId);
    if (!profile) {
      await apply(id, {
        type: 'fail',
        error: {
          kind: 'profile_missing',
          message: `The DocuSign profile \u201c${destinationLabel(job)}\u201d is no longer configured. Ask your administrator, or discard this send.`,
        },
      });
      return;
    }

    let session: SessionSnapshot | undefined;
    try {
      session = await deps.getSession(job.profileId);
    } catch (error) {
      // Without the session the wrong-account guard cannot run: do not call DocuSign now.
      reportError(error);
      await apply(id, {
        type: 'api-error',
        error: { kind: 'server', message: 'The DocuSign sign-in could not be read. The extension will try again.' },
        random: random(),
      });
      return;
    }
    // A usable token first: without one the job waits for sign-in without entering `creating`.
    try {
      await deps.getAccessToken(job.profileId);
    } catch (error) {
      await authFailed(job, error, session);
      return;
    }
    const started = await apply(id, {
      type: 'start',
      ...(session?.account ? { account: session.account } : {}),
      ...(session?.user ? { user: session.user } : {}),
    });
    if (!started || !started.transition.ok) return;
    const current = started.job;
    if (current.state === 'failed') return; // wrong account

    if (!current.account) {
      await apply(id, {
        type: 'auth-required',
        message: `Sign in to DocuSign (${destinationLabel(current)}) to continue this send.`,
        ...(session?.signedInAt !== undefined ? { sessionSignedInAt: session.signedInAt } : {}),
      });
      return;
    }
    const bound = current as JobRecord & { account: NonNullable<JobRecord['account']> };
    const client = clientFor(bound);

    try {
      if (current.state === 'creating' && current.createUncertain) {
        // An earlier create may have reached DocuSign: ask before creating again.
        const found = await client.findByTransactionId(current.id);
        // More than one: the create reached DocuSign twice; the others are deleted by the duplicate check.
        const adopted = pickAdoptedEnvelope(found.value);
        if (adopted) {
          await apply(id, { type: 'lookup-found', envelopeId: adopted.envelopeId, envelopeStatus: adopted.status });
        } else {
          await apply(id, { type: 'lookup-empty' });
        }
        continue;
      }

      if (current.state === 'creating') {
        const bytes = await readDocumentBytes(id);
        if (!bytes) {
          await apply(id, {
            type: 'fail',
            error: { kind: 'document_missing', message: 'The document is no longer stored, so it cannot be sent. Send it again from the app.' },
          });
          return;
        }
        const envelope = {
          documentBytes: bytes,
          name: current.document.name,
          fileType: current.document.fileType,
          recipients: current.recipients,
          subject: current.subject,
          ...(current.message !== undefined ? { message: current.message } : {}),
          // A draft, also in direct mode (sent by the next step): a create that reaches DocuSign
          // twice then leaves a spare draft to delete, never a second sent envelope. Sent at once
          // only when the profile chose one call per direct send (tidy.ts voids a second one).
          status: createStatusOf(current),
          transactionId: current.id,
          customFields: customFieldsFor(current),
        };
        // Persisted BEFORE the request: from here on, a lost answer means "look it up first".
        const attempt = await apply(id, { type: 'create-attempt' });
        if (!attempt?.transition.ok) return; // discarded meanwhile
        // JSON + base64 when that request fits DocuSign's limit, multipart above (the same plan validateSend checked).
        const created = await client.createEnvelopeWithDocument(envelope);
        await apply(id, { type: 'created', envelopeId: created.value.envelopeId, envelopeStatus: created.value.status });
        continue;
      }

      if (current.state === 'created' && current.envelopeId && current.mode === 'direct') {
        if (current.sendUncertain) {
          // An earlier send may have gone through without its answer: look before sending again.
          const info = await client.getEnvelope(current.envelopeId);
          await apply(id, { type: 'envelope-status', envelopeStatus: info.value.status });
          continue;
        }
        const attempt = await apply(id, { type: 'send-attempt' });
        if (!attempt?.transition.ok) return; // discarded meanwhile
        try {
          await client.sendDraft(current.envelopeId);
        } catch (error) {
          if (!(await settledElsewhere(client, id, current.envelopeId, error))) throw error;
          continue;
        }
        await apply(id, { type: 'draft-sent' });
        continue;
      }

      if (current.state === 'created' && current.envelopeId) {
        let view: Awaited<ReturnType<DocuSignClient['createSenderView']>>;
        try {
          view = await client.createSenderView(current.envelopeId, { returnUrl: senderViewReturnUrl(current.hostPageUrl, id) });
        } catch (error) {
          // Reopening the view of an envelope the user already sent (its return was lost): done, not failed.
          if (!(await settledElsewhere(client, id, current.envelopeId, error))) throw error;
          return;
        }
        const latest = await readJob(id);
        if (!latest || latest.state !== 'created') return; // discarded or finished meanwhile
        try {
          await deps.openSenderView(view.value.url, toSummary(latest));
        } catch (error) {
          await apply(id, {
            type: 'fail',
            error: {
              kind: 'open_failed',
              message: `The DocuSign window could not be opened (${errorMessage(error, 'unknown reason')}). Retry to open it again.`,
            },
          });
          return;
        }
        await apply(id, { type: 'sender-view-opened' });
        return;
      }
      // A record this code cannot continue (e.g. created without an envelope id): stop, visibly.
      await apply(id, {
        type: 'fail',
        error: { kind: 'unexpected', message: 'This send is in an inconsistent state and cannot continue. Discard it and send the document again.' },
      });
      return;
    } catch (error) {
      if (error instanceof DocuSignApiError) {
        const applied = await apply(id, {
          type: 'api-error',
          error: error.toJSON(),
          random: random(),
          ...(session?.signedInAt !== undefined ? { sessionSignedInAt: session.signedInAt } : {}),
        });
        if (!applied?.transition.ok) return;
        const after = applied.job;
        if (after.waitKind === 'rate_limited_hourly' || after.waitKind === 'rate_limited_burst') {
          if (after.nextAttemptAt !== undefined) {
            limitedAccounts.set(accountKey(bound.account), { atMs: after.nextAttemptAt, waitKind: after.waitKind });
          }
        }
        if (applied.transition.effects.refresh) {
          try {
            await deps.refreshSession(current.profileId);
          } catch (refreshError) {
            await authFailed(after, refreshError, session);
            return;
          }
          continue;
        }
        return;
      }
      if (errorCode(error) !== undefined || error instanceof AuthError) {
        // The client asks for the token before each request: a sign-in problem arrives here too.
        await authFailed(current, error, session);
        return;
      }
      reportError(error);
      await apply(id, {
        type: 'fail',
        error: { kind: 'unexpected', message: `Something went wrong while sending (${errorMessage(error, 'unknown error')}). Retry, or discard this send.` },
      });
      return;
    }
  }
}

/**
 * DocuSign refused a draft-only request (send, sender view) as invalid: the envelope may have
 * left the draft state already (our own earlier send re-sent by the browser, or the user sent it
 * in DocuSign). Reads the envelope; when it is no longer a draft, records that status (the job
 * finishes) and returns true. Otherwise false: the caller handles the original error.
 */
async function settledElsewhere(client: DocuSignClient, id: string, envelopeId: string, error: unknown): Promise<boolean> {
  if (!(error instanceof DocuSignApiError) || error.kind !== 'validation') return false;
  const info = await client.getEnvelope(envelopeId);
  if (info.value.status === 'created') return false;
  await apply(id, { type: 'envelope-status', envelopeStatus: info.value.status });
  return true;
}

/** Hidden envelope custom fields that say where the envelope came from (DocuSign-side reports). */
function customFieldsFor(job: JobRecord): { hostUser?: string; profile?: string } {
  const hostUser = job.hostUser.email || job.hostUser.id;
  return { ...(hostUser ? { hostUser } : {}), profile: job.profileId };
}

/** needs-sign-in jobs whose profile has a usable session again (a sign-in newer than the failure). */
async function resumeSignedIn(): Promise<void> {
  const deps = requireDeps();
  const waiting = await jobsByIndex('by-state', 'needs-sign-in');
  const sessions = new Map<string, SessionSnapshot | null>();
  for (const job of waiting) {
    if (!sessions.has(job.profileId)) {
      try {
        sessions.set(job.profileId, await deps.getSession(job.profileId));
      } catch (error) {
        reportError(error);
        sessions.set(job.profileId, null);
      }
    }
    const session = sessions.get(job.profileId);
    if (!session || (session.state !== 'signed-in' && session.state !== 'expired')) continue;
    if (job.blockedSignedInAt !== undefined && !((session.signedInAt ?? 0) > job.blockedSignedInAt)) continue;
    await apply(job.id, { type: 'signed-in' });
  }
}

/** Jobs in the states the runner works on (by index: finished jobs, kept for the usage report, are not read). */
async function runnableJobs(): Promise<JobRecord[]> {
  const lists = await Promise.all(RUNNABLE_STATES.map((state) => jobsByIndex('by-state', state)));
  return lists.flat();
}

async function dueJobs(): Promise<JobRecord[]> {
  const t = now();
  return (await runnableJobs()).filter((j) => isDue(j, t)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Schedules the next wake-up at the earliest nextAttemptAt of all waiting jobs. */
async function scheduleNextWake(): Promise<void> {
  const deps = requireDeps();
  const t = now();
  let earliest: number | undefined;
  for (const job of await runnableJobs()) {
    if (job.nextAttemptAt === undefined) continue;
    if (earliest === undefined || job.nextAttemptAt < earliest) earliest = job.nextAttemptAt;
  }
  const tidyAt = await earliestTidyDue();
  if (tidyAt !== undefined && (earliest === undefined || tidyAt < earliest)) earliest = tidyAt;
  if (earliest === undefined) return;
  try {
    await deps.scheduleWake(Math.max(earliest, t));
  } catch (error) {
    reportError(error);
  }
  const maxInProcess = deps.inProcessWakeMaxMs ?? DEFAULT_IN_PROCESS_WAKE_MAX_MS;
  if (maxInProcess > 0 && earliest - t <= maxInProcess) {
    setWakeTimer(earliest - t, () => {
      void runDueJobs().catch(reportError);
    });
  }
}

/** The safety alarm for jobs under way (see WATCHDOG_MS); scheduleWake keeps an earlier alarm. */
async function scheduleWatchdog(): Promise<void> {
  try {
    await requireDeps().scheduleWake(now() + WATCHDOG_MS);
  } catch (error) {
    reportError(error);
  }
}

let running: Promise<void> | undefined;
let again = false;

/**
 * Runs every unfinished job whose time has come (worker start, alarm, after sign-in, after
 * enqueue). Single-flight: while a run is under way, callers get its promise and it makes one more
 * pass before it resolves.
 */
export function runDueJobs(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  const run = (async () => {
    try {
      let selfPasses = 0;
      for (;;) {
        again = false;
        await resumeSignedIn();
        const due = await dueJobs();
        if (due.length > 0) await scheduleWatchdog();
        for (const job of due) {
          try {
            await runJob(job.id);
          } catch (error) {
            // A bug or a storage failure for one job must not stop the others.
            reportError(error);
          }
        }
        try {
          await tidyDuplicates(clientFor);
        } catch (error) {
          reportError(error);
        }
        if (again) continue;
        if ((await dueJobs()).length > 0 && ++selfPasses <= MAX_SELF_PASSES) continue;
        await scheduleNextWake();
        // Checked last, with nothing awaited after it: a request made during this run is never lost.
        if (again) continue;
        break;
      }
    } finally {
      running = undefined;
    }
  })();
  running = run;
  return run;
}

/** Resolves when no run is under way (tests, shutdown). */
export async function whenIdle(): Promise<void> {
  while (running) await running.catch(() => undefined);
}

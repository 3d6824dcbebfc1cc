/**
 * The send job state machine, as one pure function: `nextState(job, outcome, { now })` says what a
 * job becomes when something happens to it (a step started, DocuSign answered, the user acted).
 * The runner (runner.ts) performs the network calls and persists each result of this function in
 * one IndexedDB transaction; nothing here does I/O, so every state × outcome pair is unit-tested.
 *
 * States (DESIGN.md "Send job"):
 *   queued ──start──▶ creating ──created/lookup-found──▶ created ──sender-view-opened──▶ sender-view-opened
 *                         │                                   │ (direct) draft-sent          │ event Send
 *                         └──(found already sent)─────────────┴──────────▶ sent ◀────────────┘
 *                                                                           │ finish
 *                                                                           ▼
 *   (Save / Cancel, envelope sent elsewhere) ───────────────────────────▶ done
 *   any unfinished state ──▶ failed | needs-sign-in | discarded;  failed / needs-sign-in ──retry / signed-in──▶ where it left off
 *
 * Rules:
 * - Every envelope is created as a draft, also in direct mode, which then sends it with a second
 *   request (`send-attempt` persisted first, `sendUncertain`). Why: Chromium re-sends a request on
 *   its own when a reused keep-alive connection drops before any answer (net/http
 *   HttpNetworkTransaction::ShouldResendRequest, any method, POST included), so one create call can
 *   create two envelopes that nothing on our side can see. Two drafts cost nothing and reach no
 *   one; the job's transactionId is checked some seconds later (`tidyDueAt`, tidy.ts) and drafts
 *   that are not the job's envelope are deleted. Two *sent* envelopes could not be taken back.
 * - `creating` is persisted before every create POST with `createUncertain = true`. While that flag
 *   is set the runner first looks the job up by transactionId (= job id) and adopts what it finds;
 *   the flag is cleared only by an answer that proves nothing was created (a DocuSign error response
 *   other than 5xx, or an empty lookup).
 * - Errors go through retry-timing: a wait (nextAttemptAt, waitReason), a token refresh then an
 *   immediate retry, needs-sign-in, or failed. Rate-limit waits do not use up attempts.
 * - A job bound to a verified account never runs against another one (`start` checks the session's
 *   account: the user may have signed in to another account meanwhile).
 * - Document bytes are purged (effect `purge`) as soon as DocuSign has the envelope (nothing uploads
 *   them again: a job with an envelope never creates another), and at the latest on done and
 *   discarded. A job without an envelope keeps them while it can still be retried (failed included).
 */
import type { DocuSignUser, VerifiedAccount } from '../auth/types';
import type { JobError, JobOutcomeKind, JobRecord, JobState, JobWaitKind } from '../db';
import type { DocuSignApiErrorKind, DocuSignOperation } from '../docusign/errors';
import { nextAttemptDelay } from './retry-timing';

/** A DocuSign failure in plain form (DocuSignApiError.toJSON() fits). */
export interface ApiFailure {
  kind: DocuSignApiErrorKind;
  message: string;
  status?: number;
  errorCode?: string;
  /** Epoch ms (X-RateLimit-Reset), or a Date. */
  resetAt?: number | Date;
  operation?: DocuSignOperation;
}

export type JobOutcome =
  /** The runner begins work on a due job; carries the profile's current session (account guard). */
  | { type: 'start'; account?: VerifiedAccount; user?: DocuSignUser }
  /** About to POST the envelope (persisted before the request). */
  | { type: 'create-attempt' }
  /** findByTransactionId found nothing: nothing was created. */
  | { type: 'lookup-empty' }
  /** findByTransactionId found the envelope an earlier attempt created: adopt it. */
  | { type: 'lookup-found'; envelopeId: string; envelopeStatus: string }
  /** The create POST succeeded. */
  | { type: 'created'; envelopeId: string; envelopeStatus: string }
  /** About to send the draft (direct mode): persisted before the PUT. */
  | { type: 'send-attempt' }
  /** DocuSign accepted the send of the draft. */
  | { type: 'draft-sent' }
  /** The sender view URL was handed to the browser. */
  | { type: 'sender-view-opened' }
  /** DocuSign's sender view returned to the host page with `event`. */
  | { type: 'sender-view-event'; event: string }
  /** sent → done (after a direct send, or the sender view's Send). */
  | { type: 'finish' }
  /** A DocuSign call failed; retry-timing decides. */
  | { type: 'api-error'; error: ApiFailure; random?: () => number; sessionSignedInAt?: number }
  /** A local failure that no retry can fix by waiting (account changed, document missing, ...). */
  | { type: 'fail'; error: JobError }
  /** No usable DocuSign sign-in (token missing, refresh refused). */
  | { type: 'auth-required'; message: string; sessionSignedInAt?: number }
  /** The profile has a usable session again (after sign-in). */
  | { type: 'signed-in' }
  /** Wait without calling DocuSign (the account is known to be rate-limited until atMs). */
  | { type: 'defer'; atMs: number; waitKind: JobWaitKind; waitReason: string }
  /** A status query reported the envelope's status. */
  | { type: 'envelope-status'; envelopeStatus: string }
  /** The user asked to try again (or to reopen the sender view). */
  | { type: 'retry' }
  /** The user discarded the job. */
  | { type: 'discard' };

export type JobOutcomeType = JobOutcome['type'];

export const JOB_OUTCOME_TYPES: readonly JobOutcomeType[] = [
  'start',
  'create-attempt',
  'lookup-empty',
  'lookup-found',
  'created',
  'send-attempt',
  'draft-sent',
  'sender-view-opened',
  'sender-view-event',
  'finish',
  'api-error',
  'fail',
  'auth-required',
  'signed-in',
  'defer',
  'envelope-status',
  'retry',
  'discard',
];

export interface TransitionContext {
  /** Epoch ms. */
  now: number;
}

export interface TransitionEffects {
  /** Delete the job's document bytes (done / discarded). */
  purge: boolean;
  /** The job waits until then (the runner schedules a wake-up). */
  wakeAt?: number;
  /** Refresh the profile's token, then run the job again at once. */
  refresh: boolean;
}

export type Transition =
  | { ok: true; job: JobRecord; changed: boolean; effects: TransitionEffects }
  | { ok: false; reason: string };

/** How long after an envelope was created its transactionId is checked for duplicate drafts. */
export const TIDY_DELAY_MS = 20_000;

/** States the runner works on (when their nextAttemptAt has come). */
export const RUNNABLE_STATES: readonly JobState[] = ['queued', 'creating', 'created', 'sent'];
/** States after which nothing happens to the job any more. */
export const FINAL_STATES: readonly JobState[] = ['done', 'discarded'];
/** Before DocuSign has the envelope (or while the runner still has to call DocuSign). */
const CALLING_STATES: readonly JobState[] = ['queued', 'creating', 'created'];
/** Kinds after which a create request may nevertheless have created the envelope. */
const AMBIGUOUS_KINDS: readonly string[] = ['network', 'server', 'bad_response'];
/** Kinds that count as an attempt (retry-timing's bounded backoff). */
const TRANSIENT_KINDS: readonly string[] = ['network', 'server', 'bad_response'];

/**
 * The status a job's create request asks for: "sent" only for a direct send in one call (the
 * profile's directSend "one-call"); otherwise a draft, so that a create the browser re-sends leaves
 * a spare draft (tidy.ts deletes it), never a second sent envelope.
 */
export function createStatusOf(job: { mode: 'embedded' | 'direct'; sendOnCreate?: boolean }): 'created' | 'sent' {
  return job.mode === 'direct' && job.sendOnCreate === true ? 'sent' : 'created';
}

export function isDue(job: JobRecord, now: number): boolean {
  return RUNNABLE_STATES.includes(job.state) && (job.nextAttemptAt === undefined || job.nextAttemptAt <= now);
}

/** Where a failed / needs-sign-in job picks up again. */
export function resumeStateOf(job: JobRecord): JobState {
  if (job.envelopeId) return job.envelopeStatus && job.envelopeStatus !== 'created' ? 'sent' : 'created';
  return job.createUncertain ? 'creating' : 'queued';
}

/** "Acme EU": the name the user knows the destination by. */
export function destinationLabel(job: Pick<JobRecord, 'profileLabel' | 'account' | 'profileId'>): string {
  return job.profileLabel || job.account?.accountName || job.profileId;
}

/** The `waitReason` shown as "queued until 14:00 (…)". */
export function waitReasonText(kind: JobWaitKind, label: string): string {
  switch (kind) {
    case 'rate_limited_hourly':
      return `DocuSign hourly limit for ${label}`;
    case 'rate_limited_burst':
      return `DocuSign short-term limit for ${label}`;
    case 'polling_limited':
      return `DocuSign status limit for ${label}`;
    case 'server':
      return 'DocuSign is temporarily unavailable';
    case 'network':
      return 'DocuSign could not be reached';
    case 'bad_response':
      return 'DocuSign sent an unexpected answer';
    case 'refresh':
      return 'renewing the DocuSign sign-in';
  }
}

/** Sender view `event` values: Send / Save / Cancel in DocuSign's casing; anything else kept as given. */
export function normalizeSenderViewEvent(event: string): string {
  const clean = event.trim().slice(0, 64);
  switch (clean.toLowerCase()) {
    case 'send':
      return 'Send';
    case 'save':
      return 'Save';
    case 'cancel':
      return 'Cancel';
    default:
      return clean;
  }
}

function sameBaseUri(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

function accountChangedMessage(job: JobRecord, bound: { accountName: string; accountId: string }, now: VerifiedAccount): string {
  const wanted = bound.accountName || bound.accountId;
  return (
    `This send was prepared for the DocuSign account \u201c${wanted}\u201d, but ${destinationLabel(job)} is now signed in to ` +
    `\u201c${now.accountName || now.accountId}\u201d. Nothing was sent. Sign in to \u201c${wanted}\u201d again and retry, or discard it.`
  );
}

const NO_WAIT = { nextAttemptAt: undefined, waitKind: undefined, waitReason: undefined } as const;
const NO_ERROR = { error: undefined, lastErrorKind: undefined, blockedSignedInAt: undefined } as const;

/** Object spread that really removes keys set to undefined (records stay clean in IndexedDB). */
function patch(job: JobRecord, changes: Partial<JobRecord>, now: number): JobRecord {
  const next = { ...job, ...changes, updatedAt: now } as JobRecord & Record<string, unknown>;
  for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
  return next;
}

function statusAfterEnvelope(envelopeStatus: string): JobState {
  return envelopeStatus === 'created' ? 'created' : 'sent';
}

function outcomeForStatus(status: string): JobOutcomeKind {
  return status === 'voided' || status === 'deleted' || status === 'declined' ? 'cancelled' : 'sent';
}

export function nextState(job: JobRecord, outcome: JobOutcome, ctx: TransitionContext): Transition {
  const { now } = ctx;
  const state = job.state;
  const none: TransitionEffects = { purge: false, refresh: false };
  const to = (changes: Partial<JobRecord>, effects: Partial<TransitionEffects> = {}): Transition => ({
    ok: true,
    job: patch(job, changes, now),
    changed: true,
    effects: { ...none, ...effects },
  });
  const unchanged = (): Transition => ({ ok: true, job, changed: false, effects: none });
  const reject = (reason: string): Transition => ({ ok: false, reason });
  const notIn = () => reject(`${outcome.type} does not apply to a job in state ${state}`);
  const finished = (changes: Partial<JobRecord>): Transition =>
    to({ ...changes, state: 'done', ...NO_WAIT, storedBytes: 0, finishedAt: now }, { purge: true });

  switch (outcome.type) {
    case 'start': {
      if (!CALLING_STATES.includes(state)) return notIn();
      const changes: Partial<JobRecord> = {};
      const acc = outcome.account;
      if (acc) {
        const bound = job.account ?? (job.expectedAccountId ? { accountId: job.expectedAccountId, accountName: '', baseUri: '' } : undefined);
        const mismatch =
          !!bound &&
          (bound.accountId.toLowerCase() !== acc.accountId.toLowerCase() || (bound.baseUri !== '' && !sameBaseUri(bound.baseUri, acc.baseUri)));
        if (mismatch && bound) {
          return to({
            state: 'failed',
            ...NO_WAIT,
            error: { kind: 'account_changed', message: accountChangedMessage(job, bound, acc) },
          });
        }
        if (!job.account) changes.account = { accountId: acc.accountId, accountName: acc.accountName, baseUri: acc.baseUri };
      }
      if (outcome.user && !job.envelopeId && (!job.docuSignUser || job.docuSignUser.sub !== outcome.user.sub)) {
        changes.docuSignUser = { sub: outcome.user.sub, email: outcome.user.email, name: outcome.user.name };
      }
      if (state === 'queued') changes.state = 'creating';
      if (job.nextAttemptAt !== undefined || job.waitKind !== undefined || job.waitReason !== undefined) Object.assign(changes, NO_WAIT);
      if (Object.keys(changes).length === 0) return unchanged();
      return to(changes);
    }

    case 'create-attempt':
      if (state !== 'creating') return notIn();
      return to({ createUncertain: true, createRequests: (job.createRequests ?? 0) + 1 });

    case 'lookup-empty':
      if (state !== 'creating') return notIn();
      // A successful call: the previous failure no longer counts as "the one before" (401 rule).
      return to({ createUncertain: false, lastErrorKind: undefined });

    case 'lookup-found':
    case 'created': {
      const envelope = {
        envelopeId: outcome.envelopeId,
        envelopeStatus: outcome.envelopeStatus.toLowerCase(),
        envelopeCreatedAt: job.envelopeCreatedAt ?? now,
        // Its status is known now: no status GET for this envelope for the next interval.
        envelopeStatusCheckedAt: now,
        createUncertain: false,
      };
      // Discarded while the request was under way: keep the envelope for the record (usage), stay discarded.
      if (state === 'discarded') return job.envelopeId ? unchanged() : to(envelope);
      if (state !== 'creating') return notIn();
      // The document now lives in DocuSign and no later step uploads it again (a job with an
      // envelope never creates another): the local copy is purged at once.
      return to(
        {
          ...envelope,
          state: statusAfterEnvelope(envelope.envelopeStatus),
          tidyDueAt: now + TIDY_DELAY_MS,
          attempts: 0,
          storedBytes: 0,
          ...NO_WAIT,
          ...NO_ERROR,
        },
        { purge: true },
      );
    }

    case 'send-attempt':
      if (state !== 'created' || job.mode !== 'direct' || !job.envelopeId) return notIn();
      return to({ sendUncertain: true, sendRequests: (job.sendRequests ?? 0) + 1 });

    case 'draft-sent':
      if (state !== 'created' || job.mode !== 'direct' || !job.envelopeId) return notIn();
      return to({
        state: 'sent',
        envelopeStatus: 'sent',
        envelopeStatusCheckedAt: now,
        sendUncertain: undefined,
        attempts: 0,
        ...NO_WAIT,
        ...NO_ERROR,
      });

    case 'sender-view-opened':
      if (state !== 'created') return notIn();
      return to({
        state: 'sender-view-opened',
        senderViewOpenedAt: now,
        senderViewCount: (job.senderViewCount ?? 0) + 1,
        attempts: 0,
        ...NO_WAIT,
        ...NO_ERROR,
      });

    case 'sender-view-event': {
      // `created` too: the view may have been opened just before the worker stopped (not yet persisted).
      if (state !== 'sender-view-opened' && state !== 'created') return notIn();
      const event = normalizeSenderViewEvent(outcome.event);
      if (!event) return reject('empty event');
      switch (event) {
        case 'Send':
          return to({ state: 'sent', senderViewEvent: event, envelopeStatus: 'sent', ...NO_WAIT, ...NO_ERROR });
        case 'Save':
          return finished({ senderViewEvent: event, outcome: 'draft-saved', ...NO_ERROR });
        case 'Cancel':
          return finished({ senderViewEvent: event, outcome: 'cancelled', ...NO_ERROR });
        default:
          // Unknown (UNCONFIRMED values): noted, the job stays where it is; the user can reopen or discard.
          return job.senderViewEvent === event ? unchanged() : to({ senderViewEvent: event });
      }
    }

    case 'finish':
      if (state !== 'sent') return notIn();
      return finished({ outcome: job.outcome ?? 'sent', ...NO_ERROR });

    case 'api-error': {
      if (!CALLING_STATES.includes(state)) return notIn();
      const { error } = outcome;
      const transient = TRANSIENT_KINDS.includes(error.kind);
      const attempt = (job.attempts ?? 0) + 1;
      const decision = nextAttemptDelay({
        error: { kind: error.kind, message: error.message, ...(error.resetAt !== undefined ? { resetAt: error.resetAt } : {}) },
        attempt,
        now,
        ...(outcome.random ? { random: outcome.random } : {}),
        ...(job.lastErrorKind ? { previousErrorKind: job.lastErrorKind as DocuSignApiErrorKind } : {}),
      });
      const jobError: JobError = {
        kind: error.kind,
        message: error.message,
        ...(error.errorCode !== undefined ? { errorCode: error.errorCode } : {}),
        ...(error.status !== undefined ? { status: error.status } : {}),
      };
      const changes: Partial<JobRecord> = {
        attempts: transient ? attempt : job.attempts ?? 0,
        lastErrorKind: error.kind,
        error: jobError,
      };
      // DocuSign answered with an error that proves the create request did nothing.
      if (error.operation === 'createEnvelope' && !AMBIGUOUS_KINDS.includes(error.kind)) changes.createUncertain = false;
      switch (decision.action) {
        case 'retry':
          return to(
            {
              ...changes,
              nextAttemptAt: decision.atMs,
              waitKind: decision.reason,
              waitReason: waitReasonText(decision.reason, destinationLabel(job)),
            },
            { wakeAt: decision.atMs },
          );
        case 'refresh-then-retry':
          return to({ ...changes, nextAttemptAt: now, waitKind: 'refresh', waitReason: waitReasonText('refresh', '') }, { refresh: true });
        case 'needs-sign-in':
          return to({
            ...changes,
            state: 'needs-sign-in',
            ...NO_WAIT,
            error: {
              ...jobError,
              message: `DocuSign did not accept the sign-in for ${destinationLabel(job)}. Sign in again; this send is kept and continues afterwards.`,
            },
            ...(outcome.sessionSignedInAt !== undefined ? { blockedSignedInAt: outcome.sessionSignedInAt } : {}),
          });
        case 'fail':
          return to({ ...changes, state: 'failed', ...NO_WAIT });
      }
      return notIn();
    }

    case 'fail':
      if (!CALLING_STATES.includes(state)) return notIn();
      return to({ state: 'failed', ...NO_WAIT, error: outcome.error });

    case 'auth-required':
      if (!CALLING_STATES.includes(state)) return notIn();
      return to({
        state: 'needs-sign-in',
        ...NO_WAIT,
        error: { kind: 'needs_sign_in', message: outcome.message },
        lastErrorKind: undefined,
        blockedSignedInAt: outcome.sessionSignedInAt,
      });

    case 'signed-in':
      if (state !== 'needs-sign-in') return notIn();
      return to({ state: resumeStateOf(job), attempts: 0, ...NO_WAIT, ...NO_ERROR });

    case 'defer':
      if (!CALLING_STATES.includes(state)) return notIn();
      return to({ nextAttemptAt: outcome.atMs, waitKind: outcome.waitKind, waitReason: outcome.waitReason }, { wakeAt: outcome.atMs });

    case 'envelope-status': {
      if (!job.envelopeId) return reject('the job has no envelope yet');
      const status = outcome.envelopeStatus.toLowerCase();
      const sentOrGone = status !== 'created';
      // The envelope left the draft state in DocuSign (sent from the sender view without the return
      // reaching us, or from DocuSign's own web app): nothing is left to do here.
      if (sentOrGone && (state === 'created' || state === 'sender-view-opened' || state === 'sent' || state === 'failed')) {
        return finished({ envelopeStatus: status, outcome: outcomeForStatus(status), ...NO_ERROR });
      }
      // Still a draft: a send that was under way did not go through (direct mode sends it again).
      if (job.sendUncertain) return to({ envelopeStatus: status, sendUncertain: undefined });
      if (job.envelopeStatus === status) return unchanged();
      return to({ envelopeStatus: status });
    }

    case 'retry':
      switch (state) {
        case 'failed':
        case 'needs-sign-in':
          return to({ state: resumeStateOf(job), attempts: 0, ...NO_WAIT, ...NO_ERROR });
        case 'sender-view-opened':
          // The sender view URL is single-use: reopening means a new view of the SAME envelope.
          return to({ state: 'created', attempts: 0, senderViewEvent: undefined, ...NO_WAIT, ...NO_ERROR });
        case 'queued':
        case 'creating':
        case 'created':
          // "Try now": the wait is dropped.
          return to({ attempts: 0, ...NO_WAIT, ...NO_ERROR });
        default:
          return notIn();
      }

    case 'discard':
      if (FINAL_STATES.includes(state)) return notIn();
      return to({ state: 'discarded', ...NO_WAIT, storedBytes: 0, finishedAt: now }, { purge: true });
  }
}

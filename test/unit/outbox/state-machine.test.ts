// The send job state machine: every state × every outcome, then the outcomes' details.
import { describe, expect, it } from 'vitest';
import { JOB_STATES, type JobRecord, type JobState } from '../../../utils/db';
import { MAX_ATTEMPTS } from '../../../utils/outbox/retry-timing';
import {
  JOB_OUTCOME_TYPES,
  isDue,
  nextState,
  normalizeSenderViewEvent,
  resumeStateOf,
  TIDY_DELAY_MS,
  type JobOutcome,
  type JobOutcomeType,
  type Transition,
} from '../../../utils/outbox/state-machine';
import { ACCOUNT_EU, ACCOUNT_NA, JANE, T0, jobRecord } from './fixtures';

const NOW = T0;
const ctx = { now: NOW };
const zero = () => 0;

/** One representative outcome per type (details per type are tested below). */
const SAMPLE: Record<JobOutcomeType, JobOutcome> = {
  start: { type: 'start', account: { ...ACCOUNT_EU }, user: JANE },
  'create-attempt': { type: 'create-attempt' },
  'lookup-empty': { type: 'lookup-empty' },
  'lookup-found': { type: 'lookup-found', envelopeId: 'env-found', envelopeStatus: 'created' },
  created: { type: 'created', envelopeId: 'env-new', envelopeStatus: 'created' },
  'send-attempt': { type: 'send-attempt' },
  'draft-sent': { type: 'draft-sent' },
  'sender-view-opened': { type: 'sender-view-opened' },
  'sender-view-event': { type: 'sender-view-event', event: 'Send' },
  finish: { type: 'finish' },
  'api-error': { type: 'api-error', error: { kind: 'server', message: 'HTTP 503', status: 503 }, random: zero },
  fail: { type: 'fail', error: { kind: 'document_missing', message: 'gone' } },
  'auth-required': { type: 'auth-required', message: 'Sign in' },
  'signed-in': { type: 'signed-in' },
  defer: { type: 'defer', atMs: NOW + 60_000, waitKind: 'rate_limited_hourly', waitReason: 'DocuSign hourly limit for Acme EU' },
  'envelope-status': { type: 'envelope-status', envelopeStatus: 'sent' },
  retry: { type: 'retry' },
  discard: { type: 'discard' },
};

/**
 * Fixture job per state: queued/creating/needs-sign-in/discarded without an envelope; failed failed
 * during create (createUncertain); created/sender-view-opened hold a draft; sent/done a sent one.
 */
function jobIn(state: JobState, mode: 'embedded' | 'direct' = 'embedded'): JobRecord {
  return jobRecord(state, {
    mode,
    ...(state === 'failed' ? { createUncertain: true, error: { kind: 'server', message: 'x' }, attempts: MAX_ATTEMPTS } : {}),
  });
}

type Expected = JobState | null | 'same-unchanged';
/** outcome → state → resulting state (null: rejected; 'same-unchanged': accepted, nothing to write). */
const TABLE: Record<JobOutcomeType, Partial<Record<JobState, Expected>>> = {
  start: { queued: 'creating', creating: 'same-unchanged', created: 'same-unchanged' },
  'create-attempt': { creating: 'creating' },
  'lookup-empty': { creating: 'creating' },
  'lookup-found': { creating: 'created', discarded: 'discarded' },
  created: { creating: 'created', discarded: 'discarded' },
  // Direct mode only (see TABLE_DIRECT).
  'send-attempt': {},
  'draft-sent': {},
  'sender-view-opened': { created: 'sender-view-opened' },
  'sender-view-event': { created: 'sent', 'sender-view-opened': 'sent' },
  finish: { sent: 'done' },
  'api-error': { queued: 'queued', creating: 'creating', created: 'created' },
  fail: { queued: 'failed', creating: 'failed', created: 'failed' },
  'auth-required': { queued: 'needs-sign-in', creating: 'needs-sign-in', created: 'needs-sign-in' },
  'signed-in': { 'needs-sign-in': 'queued' },
  defer: { queued: 'queued', creating: 'creating', created: 'created' },
  'envelope-status': { created: 'done', 'sender-view-opened': 'done', sent: 'done', done: 'same-unchanged' },
  retry: { failed: 'creating', 'needs-sign-in': 'queued', 'sender-view-opened': 'created', queued: 'queued', creating: 'creating', created: 'created' },
  discard: {
    queued: 'discarded',
    creating: 'discarded',
    created: 'discarded',
    'sender-view-opened': 'discarded',
    sent: 'discarded',
    failed: 'discarded',
    'needs-sign-in': 'discarded',
  },
};

/** Direct mode: the same, plus sending the draft (the job holds a draft in `created`). */
const TABLE_DIRECT: typeof TABLE = {
  ...TABLE,
  'send-attempt': { created: 'created' },
  'draft-sent': { created: 'sent' },
};

describe('nextState: every state × every outcome × both modes', () => {
  it('the table covers every outcome type', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...JOB_OUTCOME_TYPES].sort());
    expect(Object.keys(SAMPLE).sort()).toEqual([...JOB_OUTCOME_TYPES].sort());
    expect(JOB_STATES).toHaveLength(9);
  });

  for (const mode of ['embedded', 'direct'] as const) {
    for (const type of JOB_OUTCOME_TYPES) {
      for (const state of JOB_STATES) {
        const expected: Expected = (mode === 'direct' ? TABLE_DIRECT : TABLE)[type][state] ?? null;
        it(`${mode}: ${state} × ${type} → ${expected === null ? 'rejected' : expected}`, () => {
          const job = jobIn(state, mode);
          const frozen = structuredClone(job);
          const t: Transition = nextState(job, SAMPLE[type], ctx);
          expect(job).toEqual(frozen); // pure: the input is never mutated
          if (expected === null) {
            expect(t.ok).toBe(false);
            return;
          }
          expect(t.ok).toBe(true);
          if (!t.ok) return;
          if (expected === 'same-unchanged') {
            expect(t.changed).toBe(false);
            expect(t.job).toBe(job);
            return;
          }
          expect(t.changed).toBe(true);
          expect(t.job.state).toBe(expected);
          expect(t.job.updatedAt).toBe(NOW);
          expect(t.job.id).toBe(job.id);
          // Bytes: gone at done / discarded at the latest, and as soon as DocuSign has the envelope;
          // a job without an envelope that can still run or be retried keeps them.
          if (expected === 'done' || expected === 'discarded' || t.job.envelopeId) expect(t.job.storedBytes).toBe(0);
          else expect(t.job.storedBytes).toBe(job.storedBytes);
          const becomesFinal = (expected === 'done' || expected === 'discarded') && expected !== state;
          expect(t.effects.purge).toBe(becomesFinal || (job.storedBytes > 0 && t.job.storedBytes === 0));
          // No transition ever invents a second envelope for a job that has one.
          if (job.envelopeId) expect(t.job.envelopeId).toBe(job.envelopeId);
          // Records stay free of undefined-valued keys.
          expect(Object.values(t.job).every((v) => v !== undefined)).toBe(true);
        });
      }
    }
  }
});

describe('nextState details', () => {
  it('start binds an unbound job to the session account and user', () => {
    const job = jobRecord('queued', { account: undefined, docuSignUser: undefined });
    const t = nextState(job, { type: 'start', account: { ...ACCOUNT_EU }, user: JANE }, ctx);
    expect(t).toMatchObject({ ok: true, job: { state: 'creating', account: ACCOUNT_EU, docuSignUser: JANE } });
  });

  it('start refuses to run against another account than the bound one (the user switched)', () => {
    for (const state of ['queued', 'creating', 'created'] as const) {
      const t = nextState(jobRecord(state), { type: 'start', account: { ...ACCOUNT_NA }, user: JANE }, ctx);
      expect(t.ok && t.job.state).toBe('failed');
      expect(t.ok && t.job.error?.kind).toBe('account_changed');
      expect(t.ok && t.job.error?.message).toMatch(/Acme Europe GmbH.*Acme Corp NA.*Nothing was sent/);
    }
    // Same account id on another regional server: also refused.
    const moved = nextState(jobRecord('queued'), { type: 'start', account: { ...ACCOUNT_EU, baseUri: 'https://na.docusign.example' } }, ctx);
    expect(moved.ok && moved.job.state).toBe('failed');
    // Unbound but the profile names an account: a session for another account is refused too.
    const unbound = jobRecord('queued', { account: undefined });
    const other = nextState(unbound, { type: 'start', account: { ...ACCOUNT_NA } }, ctx);
    expect(other.ok && other.job.error?.kind).toBe('account_changed');
  });

  it('start without a session account does not fail (the token step decides) and clears a finished wait', () => {
    const job = jobRecord('creating', { nextAttemptAt: NOW - 1, waitKind: 'server', waitReason: 'x' });
    const t = nextState(job, { type: 'start' }, ctx);
    expect(t.ok && t.changed).toBe(true);
    expect(t.ok && [t.job.state, t.job.nextAttemptAt, t.job.waitReason]).toEqual(['creating', undefined, undefined]);
  });

  it('create-attempt marks the create as uncertain before the request; lookup-empty clears it', () => {
    const t = nextState(jobRecord('creating'), { type: 'create-attempt' }, ctx);
    expect(t.ok && [t.job.createUncertain, t.job.createRequests]).toEqual([true, 1]);
    const empty = nextState(jobRecord('creating', { createUncertain: true, lastErrorKind: 'network' }), { type: 'lookup-empty' }, ctx);
    expect(empty.ok && [empty.job.createUncertain, empty.job.lastErrorKind]).toEqual([false, undefined]);
  });

  it('lookup-found / created: a draft → created, anything else → sent; the envelope is recorded', () => {
    const job = jobRecord('creating', { createUncertain: true, attempts: 3, error: { kind: 'network', message: 'x' } });
    const draft = nextState(job, { type: 'lookup-found', envelopeId: 'E1', envelopeStatus: 'created' }, ctx);
    expect(draft.ok && draft.job).toMatchObject({ state: 'created', envelopeId: 'E1', envelopeStatus: 'created', envelopeCreatedAt: NOW, createUncertain: false, attempts: 0 });
    expect(draft.ok && draft.job.error).toBeUndefined();
    const sent = nextState(jobRecord('creating', { mode: 'direct' }), { type: 'created', envelopeId: 'E2', envelopeStatus: 'Sent' }, ctx);
    expect(sent.ok && sent.job).toMatchObject({ state: 'sent', envelopeStatus: 'sent' });
    // Discarded while the request ran: stays discarded, the envelope is kept for the record.
    const late = nextState(jobRecord('discarded'), { type: 'created', envelopeId: 'E3', envelopeStatus: 'created' }, ctx);
    expect(late.ok && late.job).toMatchObject({ state: 'discarded', envelopeId: 'E3' });
    expect(late.ok && late.effects.purge).toBe(false);
  });

  it('hourly rate limit: waits until X-RateLimit-Reset, no attempt used, reason names the profile', () => {
    const resetAt = Date.UTC(2026, 4, 12, 14, 0, 0);
    const job = jobRecord('creating', { createUncertain: true });
    const t = nextState(
      job,
      {
        type: 'api-error',
        error: { kind: 'rate_limited_hourly', message: 'limit', status: 429, errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', resetAt, operation: 'createEnvelope' },
        random: zero,
      },
      ctx,
    );
    expect(t.ok && t.job).toMatchObject({
      state: 'creating',
      nextAttemptAt: resetAt,
      waitKind: 'rate_limited_hourly',
      waitReason: 'DocuSign hourly limit for Acme EU',
      attempts: 0,
      // A rate-limit answer proves nothing was created: no lookup needed next time.
      createUncertain: false,
      error: { kind: 'rate_limited_hourly', errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', status: 429 },
    });
    expect(t.ok && t.effects.wakeAt).toBe(resetAt);
  });

  it('burst limit waits 30 s (+ jitter); 5xx backs off and counts attempts; the 6th failure fails', () => {
    const burst = nextState(jobRecord('created'), { type: 'api-error', error: { kind: 'rate_limited_burst', message: 'b' }, random: zero }, ctx);
    expect(burst.ok && [burst.job.nextAttemptAt, burst.job.waitReason]).toEqual([NOW + 30_000, 'DocuSign short-term limit for Acme EU']);

    let job = jobRecord('creating', { createUncertain: true });
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      const t = nextState(job, { type: 'api-error', error: { kind: 'server', message: 'HTTP 503', operation: 'createEnvelope' }, random: () => 0.5 }, ctx);
      expect(t.ok).toBe(true);
      if (!t.ok) return;
      expect(t.job).toMatchObject({ state: 'creating', attempts: i, createUncertain: true, waitKind: 'server' });
      expect(t.job.nextAttemptAt).toBe(NOW + Math.round(0.5 * Math.min(300_000, 2000 * 2 ** (i - 1))));
      job = t.job;
    }
    const last = nextState(job, { type: 'api-error', error: { kind: 'network', message: 'offline', operation: 'createEnvelope' }, random: zero }, ctx);
    expect(last.ok && last.job).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, error: { kind: 'network' } });
    expect(last.ok && last.job.nextAttemptAt).toBeUndefined();
    expect(last.ok && last.effects.purge).toBe(false); // bytes kept for retry
  });

  it('401: refresh then retry at once; a second 401 in a row → needs-sign-in', () => {
    const first = nextState(jobRecord('created'), { type: 'api-error', error: { kind: 'unauthorized', message: '401', status: 401 } }, ctx);
    expect(first.ok && first.effects.refresh).toBe(true);
    expect(first.ok && first.job).toMatchObject({ state: 'created', nextAttemptAt: NOW, lastErrorKind: 'unauthorized' });
    if (!first.ok) return;
    const second = nextState(first.job, { type: 'api-error', error: { kind: 'unauthorized', message: '401' }, sessionSignedInAt: 123 }, ctx);
    expect(second.ok && second.job).toMatchObject({ state: 'needs-sign-in', blockedSignedInAt: 123 });
    expect(second.ok && second.job.error?.message).toMatch(/Sign in again; this send is kept/);
  });

  it('non-retryable DocuSign errors fail at once', () => {
    for (const kind of ['validation', 'not_member', 'forbidden', 'forbidden_cors', 'not_found'] as const) {
      const t = nextState(jobRecord('creating'), { type: 'api-error', error: { kind, message: `m ${kind}`, operation: 'createEnvelope' } }, ctx);
      expect(t.ok && t.job).toMatchObject({ state: 'failed', error: { kind, message: `m ${kind}` }, createUncertain: false });
    }
  });

  it('sender view events: Send → sent, Save → done (draft saved), Cancel → done (cancelled), unknown → noted', () => {
    const open = jobRecord('sender-view-opened');
    const send = nextState(open, { type: 'sender-view-event', event: 'send' }, ctx);
    expect(send.ok && send.job).toMatchObject({ state: 'sent', senderViewEvent: 'Send', envelopeStatus: 'sent' });
    if (send.ok) expect(nextState(send.job, { type: 'finish' }, ctx)).toMatchObject({ ok: true, job: { state: 'done', outcome: 'sent' }, effects: { purge: true } });
    expect(nextState(open, { type: 'sender-view-event', event: 'Save' }, ctx)).toMatchObject({
      ok: true,
      job: { state: 'done', outcome: 'draft-saved', senderViewEvent: 'Save', storedBytes: 0 },
      effects: { purge: true },
    });
    expect(nextState(open, { type: 'sender-view-event', event: 'Cancel' }, ctx)).toMatchObject({
      ok: true,
      job: { state: 'done', outcome: 'cancelled', senderViewEvent: 'Cancel' },
      effects: { purge: true },
    });
    const unknown = nextState(open, { type: 'sender-view-event', event: 'TTLExpired' }, ctx);
    expect(unknown.ok && unknown.job).toMatchObject({ state: 'sender-view-opened', senderViewEvent: 'TTLExpired' });
    expect(unknown.ok && unknown.effects.purge).toBe(false);
    expect(nextState(open, { type: 'sender-view-event', event: '   ' }, ctx).ok).toBe(false);
    expect(normalizeSenderViewEvent(' CANCEL ')).toBe('Cancel');
  });

  it('envelope-status: a draft that left the draft state finishes; otherwise the status is just noted', () => {
    const open = jobRecord('sender-view-opened');
    expect(nextState(open, { type: 'envelope-status', envelopeStatus: 'completed' }, ctx)).toMatchObject({
      ok: true,
      job: { state: 'done', outcome: 'sent', envelopeStatus: 'completed' },
    });
    expect(nextState(open, { type: 'envelope-status', envelopeStatus: 'created' }, ctx)).toMatchObject({ ok: true, changed: false });
    const done = jobRecord('done');
    expect(nextState(done, { type: 'envelope-status', envelopeStatus: 'Completed' }, ctx)).toMatchObject({
      ok: true,
      job: { state: 'done', envelopeStatus: 'completed' },
      effects: { purge: false },
    });
  });

  it('retry resumes where the job left off and clears the failure', () => {
    expect(resumeStateOf(jobRecord('failed', { createUncertain: true }))).toBe('creating');
    expect(resumeStateOf(jobRecord('failed', { createUncertain: false }))).toBe('queued');
    expect(resumeStateOf(jobRecord('failed', { envelopeId: 'E', envelopeStatus: 'created' }))).toBe('created');
    expect(resumeStateOf(jobRecord('needs-sign-in', { envelopeId: 'E', envelopeStatus: 'sent' }))).toBe('sent');
    const failed = jobRecord('failed', { envelopeId: 'E', envelopeStatus: 'created', error: { kind: 'open_failed', message: 'x' }, attempts: 2 });
    const t = nextState(failed, { type: 'retry' }, ctx);
    expect(t.ok && t.job).toMatchObject({ state: 'created', envelopeId: 'E', attempts: 0 });
    expect(t.ok && t.job.error).toBeUndefined();
    // "Try now" on a waiting job drops the wait.
    const waiting = nextState(jobRecord('queued', { nextAttemptAt: NOW + 9_999, waitKind: 'server' }), { type: 'retry' }, ctx);
    expect(waiting.ok && waiting.job.nextAttemptAt).toBeUndefined();
  });

  it('isDue: runnable states whose time has come', () => {
    expect(isDue(jobRecord('queued'), NOW)).toBe(true);
    expect(isDue(jobRecord('creating', { nextAttemptAt: NOW }), NOW)).toBe(true);
    expect(isDue(jobRecord('created', { nextAttemptAt: NOW + 1 }), NOW)).toBe(false);
    expect(isDue(jobRecord('sent'), NOW)).toBe(true);
    for (const s of ['sender-view-opened', 'done', 'failed', 'needs-sign-in', 'discarded'] as const) expect(isDue(jobRecord(s), NOW)).toBe(false);
  });
});

describe('draft first, then send (direct mode) and the duplicate check', () => {
  it('created and lookup-found schedule the transactionId check TIDY_DELAY_MS later, in both modes', () => {
    for (const mode of ['embedded', 'direct'] as const) {
      for (const outcome of [SAMPLE.created, SAMPLE['lookup-found']]) {
        const t = nextState(jobRecord('creating', { mode, createUncertain: true }), outcome, ctx);
        expect(t.ok && t.job).toMatchObject({ state: 'created', tidyDueAt: NOW + TIDY_DELAY_MS, envelopeStatus: 'created' });
      }
    }
  });

  it('send-attempt marks the send uncertain and counts it; draft-sent makes the job sent and clears the mark', () => {
    const job = jobRecord('created', { mode: 'direct' });
    const a = nextState(job, { type: 'send-attempt' }, ctx);
    expect(a.ok && a.job).toMatchObject({ state: 'created', sendUncertain: true, sendRequests: 1 });
    if (!a.ok) return;
    const again = nextState(a.job, { type: 'send-attempt' }, ctx);
    expect(again.ok && again.job.sendRequests).toBe(2);
    const sent = nextState(a.job, { type: 'draft-sent' }, ctx);
    expect(sent.ok && sent.job).toMatchObject({ state: 'sent', envelopeStatus: 'sent', envelopeStatusCheckedAt: NOW });
    expect(sent.ok && 'sendUncertain' in sent.job).toBe(false);
    // Embedded jobs are sent by the user in DocuSign's sender view, never by the extension.
    expect(nextState(jobRecord('created'), { type: 'send-attempt' }, ctx).ok).toBe(false);
    expect(nextState(jobRecord('created'), { type: 'draft-sent' }, ctx).ok).toBe(false);
  });

  it('an uncertain send resolved by the envelope status: still a draft → send again; sent → done', () => {
    const uncertain = jobRecord('created', { mode: 'direct', sendUncertain: true, sendRequests: 1 });
    const draft = nextState(uncertain, { type: 'envelope-status', envelopeStatus: 'created' }, ctx);
    expect(draft.ok && draft.job.state).toBe('created');
    expect(draft.ok && 'sendUncertain' in draft.job).toBe(false);
    const sent = nextState(uncertain, { type: 'envelope-status', envelopeStatus: 'sent' }, ctx);
    expect(sent.ok && sent.job).toMatchObject({ state: 'done', outcome: 'sent', envelopeStatus: 'sent' });
  });

  it('resuming a failed direct job with a draft goes back to created (it sends the same draft, never creates another)', () => {
    const failed = jobRecord('failed', { mode: 'direct', envelopeId: 'env-1', envelopeStatus: 'created', sendUncertain: true });
    const t = nextState(failed, { type: 'retry' }, ctx);
    expect(t.ok && t.job).toMatchObject({ state: 'created', envelopeId: 'env-1', sendUncertain: true });
  });
});

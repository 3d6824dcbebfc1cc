// The outbox end to end against a scripted fake of DocuSign's REST endpoints: persistence before
// the network, resume by transactionId, retry timing, sign-in, wrong-account guard, purge and caps,
// sender view events, listing, status refresh batching and the 15-minute rule.
import { deleteDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../../utils/auth/errors';
import type { SessionSnapshot } from '../../../utils/auth/types';
import type { IntegrationProfile } from '../../../utils/config/types';
import { closeSwdDb, openSwdDb, SWD_DB_NAME, type JobRecord } from '../../../utils/db';
import {
  configureOutbox,
  discardJob,
  enqueueSend,
  getJob,
  listJobs,
  onJobChanged,
  outboxStorage,
  recordSenderViewEvent,
  refreshStatuses,
  retryJob,
  runDueJobs,
  senderViewReturnUrl,
  whenIdle,
  OutboxError,
  type JobSummary,
  type NewSendJob,
  type OutboxDeps,
} from '../../../utils/outbox';
import { MAX_ATTEMPTS } from '../../../utils/outbox/retry-timing';
import { putJobRecord, readJob } from '../../../utils/outbox/store';
import { TIDY_DELAY_MS } from '../../../utils/outbox/state-machine';
import { WATCHDOG_MS } from '../../../utils/outbox/runner';
import { TIDY_MAX_ATTEMPTS } from '../../../utils/outbox/tidy';
import { ACCOUNT_EU, ACCOUNT_NA, PROFILE_EU, T0, fakeDocuSign, jobRecord, pdfBytes, signedIn, type FakeDocuSign } from './fixtures';

const TOKEN = 'tok-SECRET-0123456789abcdef';
let clock = T0;
let session: SessionSnapshot;
let tokenError: unknown;
let refreshImpl: () => Promise<unknown>;
let refreshes = 0;
let fake: FakeDocuSign;
let opened: Array<{ url: string; job: JobSummary }>;
let wakes: number[];
let profiles: IntegrationProfile[];
let changes: JobSummary[];
let unsubscribe: () => void;

function configure(extra: Partial<OutboxDeps> = {}): void {
  configureOutbox({
    getProfile: async (id) => profiles.find((p) => p.id === id),
    getSession: async () => session,
    getAccessToken: async () => {
      if (tokenError) throw tokenError;
      return TOKEN;
    },
    refreshSession: async () => {
      refreshes++;
      return refreshImpl();
    },
    openSenderView: async (url, job) => {
      opened.push({ url, job });
    },
    scheduleWake: async (at) => {
      wakes.push(at);
    },
    fetch: fake.fetch,
    now: () => clock,
    random: () => 0,
    inProcessWakeMaxMs: 0,
    ...extra,
  });
}

function input(over: Partial<NewSendJob> = {}): NewSendJob {
  return {
    hostUser: { origin: 'https://app.host.example', id: 'u-1001', email: 'jane@host.example', name: 'Jane Host' },
    hostPageUrl: 'https://app.host.example/records/r-1?tab=docs#files',
    documentUrl: 'https://app.host.example/files/nda.pdf',
    profileId: PROFILE_EU.id,
    document: { name: 'NDA.pdf', fileType: 'pdf', bytes: pdfBytes(), contentType: 'application/pdf' },
    recipients: [{ name: 'Bob Customer', email: 'bob@customer.example' }],
    subject: 'Please sign: NDA.pdf',
    message: 'Hello Bob',
    mode: 'embedded',
    ...over,
  };
}

async function record(id: string): Promise<JobRecord | undefined> {
  return (await openSwdDb()).get('jobs', id);
}
async function storedBytes(id: string): Promise<Uint8Array | undefined> {
  return (await (await openSwdDb()).get('jobDocuments', id))?.bytes;
}
async function send(over: Partial<NewSendJob> = {}): Promise<JobSummary> {
  const queued = await enqueueSend(input(over));
  await runDueJobs();
  return (await getJob(queued.id))!;
}

const HOURLY = (resetSeconds: number, status = 429) =>
  ({
    kind: 'http',
    status,
    body: { errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of hourly API invocations has been exceeded.' },
    headers: { 'X-RateLimit-Limit': '3000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetSeconds) },
  }) as const;

beforeEach(async () => {
  await whenIdle();
  await closeSwdDb();
  await deleteDB(SWD_DB_NAME);
  clock = T0;
  session = signedIn();
  tokenError = null;
  refreshImpl = async () => undefined;
  refreshes = 0;
  fake = fakeDocuSign();
  opened = [];
  wakes = [];
  changes = [];
  profiles = [PROFILE_EU, { ...PROFILE_EU, id: 'acme-direct', label: 'Acme EU direct', sendMode: 'direct' }];
  configure();
  unsubscribe = onJobChanged((job) => changes.push(job));
});

afterEach(async () => {
  unsubscribe();
  await whenIdle();
});

describe('embedded and direct sends', () => {
  it('embedded: persisted before the POST, envelope with transactionId = job id, sender view back to the host page', async () => {
    fake.script('createEnvelope', {
      kind: 'hook',
      run: async () => {
        // At the moment of the request the job is on disk as creating, bytes included.
        const [job] = await listJobs();
        const stored = await record(job!.id);
        expect(stored).toMatchObject({ state: 'creating', createUncertain: true, createRequests: 1 });
        expect((await storedBytes(job!.id))?.length).toBe(600);
      },
    });
    const queued = await enqueueSend(input());
    expect(queued).toMatchObject({ state: 'queued', profileLabel: 'Acme EU', accountName: 'Acme Europe GmbH', region: 'eu.docusign.example', documentStored: true });
    expect(queued.sha256).toMatch(/^[0-9a-f]{64}$/);
    await runDueJobs();

    const job = (await getJob(queued.id))!;
    expect(job.state).toBe('sender-view-opened');
    expect(fake.envelopes).toHaveLength(1);
    const create = fake.callsTo('createEnvelope')[0]!;
    expect(create.body).toMatchObject({ transactionId: queued.id, status: 'created', emailSubject: 'Please sign: NDA.pdf', emailBlurb: 'Hello Bob' });
    expect(create.path).toBe(`/restapi/v2.1/accounts/${ACCOUNT_EU.accountId}/envelopes`);
    const view = fake.callsTo('senderView')[0]!;
    expect(view.path).toContain(`/envelopes/${job.envelopeId}/views/sender`);
    const returnUrl = new URL((view.body as { returnUrl: string }).returnUrl);
    expect(returnUrl.searchParams.get('tab')).toBe('docs');
    expect(returnUrl.searchParams.get('swdJob')).toBe(queued.id);
    expect(returnUrl.hash).toBe('');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.url).toContain(job.envelopeId!);
    expect(opened[0]!.job.id).toBe(queued.id);
    expect(fake.callsTo('findByTransactionId')).toHaveLength(0);
    // DocuSign holds the document now; nothing uploads it again, so the local copy is gone already.
    expect(job.documentStored).toBe(false);
    expect(await storedBytes(queued.id)).toBeUndefined();
    // Every transition was announced after it was persisted.
    expect(changes.map((c) => c.state)).toEqual(['queued', 'creating', 'creating', 'created', 'sender-view-opened']);

    const done = await recordSenderViewEvent(queued.id, 'Send');
    expect(done).toMatchObject({ state: 'done', senderViewEvent: 'Send', outcome: 'sent', envelopeStatus: 'sent', documentStored: false });
    expect(await storedBytes(queued.id)).toBeUndefined();
    expect(changes.slice(-2).map((c) => c.state)).toEqual(['sent', 'done']);
    // Reported again (page reload): nothing changes.
    expect(await recordSenderViewEvent(queued.id, 'Send')).toMatchObject({ state: 'done', updatedAt: done.updatedAt });
    // Status is never polled by the send flow itself.
    expect(fake.callsTo('listStatus')).toHaveLength(0);
  });

  it('direct: created as a draft, then sent with a second call → sent → done, bytes purged, no sender view', async () => {
    const job = await send({ profileId: 'acme-direct', mode: 'direct' });
    expect(job).toMatchObject({ state: 'done', outcome: 'sent', envelopeStatus: 'sent', documentStored: false });
    expect(fake.callsTo('createEnvelope')[0]!.body).toMatchObject({ status: 'created' });
    expect(fake.callsTo('sendDraft').map((c) => [c.path.split('/').at(-1), c.body])).toEqual([[job.envelopeId, { status: 'sent' }]]);
    expect(fake.calls).toHaveLength(2);
    expect(fake.envelopes.map((e) => e.status)).toEqual(['sent']);
    expect(opened).toHaveLength(0);
    expect(changes.map((c) => c.state)).toEqual(['queued', 'creating', 'creating', 'created', 'created', 'sent', 'done']);
    expect(await storedBytes(job.id)).toBeUndefined();
  });

  it('Save and Cancel finish the job; an unknown event is noted and the sender view can be reopened for the same envelope', async () => {
    const a = await send();
    expect(await recordSenderViewEvent(a.id, 'Save')).toMatchObject({ state: 'done', outcome: 'draft-saved', documentStored: false });
    const b = await send();
    expect(await recordSenderViewEvent(b.id, 'cancel')).toMatchObject({ state: 'done', outcome: 'cancelled', senderViewEvent: 'Cancel' });
    const c = await send();
    const unknown = await recordSenderViewEvent(c.id, 'TTLExpired');
    expect(unknown).toMatchObject({ state: 'sender-view-opened', senderViewEvent: 'TTLExpired', canRetry: true });
    await retryJob(c.id);
    await runDueJobs();
    const reopened = (await getJob(c.id))!;
    expect(reopened.state).toBe('sender-view-opened');
    const views = fake.callsTo('senderView').filter((v) => v.path.includes(`/envelopes/${c.envelopeId}/`));
    expect(views).toHaveLength(2);
    expect(fake.envelopes).toHaveLength(3); // one per job, none for the reopen
    await expect(recordSenderViewEvent('no-such-job', 'Send')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('tokens are sent as Bearer but never stored in jobs nor given to listeners', async () => {
    await send();
    expect(fake.calls.every((c) => c.auth === `Bearer ${TOKEN}`)).toBe(true);
    const db = await openSwdDb();
    const dump = JSON.stringify([await db.getAll('jobs'), changes, opened.map((o) => o.job)]);
    expect(dump).not.toContain(TOKEN);
  });

  it('single flight: concurrent runs never send a job twice', async () => {
    await enqueueSend(input());
    await Promise.all([runDueJobs(), runDueJobs(), runDueJobs()]);
    expect(fake.callsTo('createEnvelope')).toHaveLength(1);
    expect(fake.callsTo('senderView')).toHaveLength(1);
  });

  it('returnUrl: keeps parameters, replaces an old swdJob/event, drops the fragment, fits 470 characters', () => {
    const u = new URL(senderViewReturnUrl('https://h.example/p?a=1&swdJob=old&event=Send#x', 'job-1'));
    expect([...u.searchParams]).toEqual([['a', '1'], ['swdJob', 'job-1']]);
    const long = senderViewReturnUrl(`https://h.example/p?${'q=x&'.repeat(200)}`, 'job-1');
    expect(long).toBe('https://h.example/p?swdJob=job-1');
  });
});

describe('idempotent resume by transactionId', () => {
  it('a dropped connection after DocuSign created the envelope: the retry finds and adopts it (one envelope)', async () => {
    fake.script('createEnvelope', { kind: 'drop-after' });
    const job = await send();
    expect(job.state).toBe('sender-view-opened');
    expect(fake.envelopes).toHaveLength(1);
    expect(fake.callsTo('createEnvelope')).toHaveLength(1);
    expect(fake.callsTo('findByTransactionId')).toHaveLength(1);
    expect(fake.callsTo('findByTransactionId')[0]!.query.get('transaction_ids')).toBe(job.id);
    expect(job.envelopeId).toBe(fake.envelopes[0]!.envelopeId);
  });

  it('a job found in creating at worker start looks itself up first and adopts the envelope', async () => {
    const job = jobRecord('creating', { createUncertain: true, createRequests: 1 });
    await putJobRecord(job, pdfBytes());
    fake.envelopes.push({ envelopeId: 'env-before-crash', accountId: ACCOUNT_EU.accountId, status: 'created', transactionId: job.id, emailSubject: 's' });
    await runDueJobs();
    expect(await getJob(job.id)).toMatchObject({ state: 'sender-view-opened', envelopeId: 'env-before-crash' });
    expect(fake.callsTo('createEnvelope')).toHaveLength(0);
    expect(fake.callsTo('senderView')[0]!.path).toContain('/envelopes/env-before-crash/views/sender');
  });

  it('a job found in creating whose request never arrived creates exactly once after the lookup', async () => {
    const job = jobRecord('creating', { createUncertain: true, createRequests: 1 });
    await putJobRecord(job, pdfBytes());
    await runDueJobs();
    expect((await getJob(job.id))!.state).toBe('sender-view-opened');
    expect(fake.callsTo('findByTransactionId')).toHaveLength(1);
    expect(fake.callsTo('createEnvelope')).toHaveLength(1);
    expect(fake.envelopes.map((e) => e.transactionId)).toEqual([job.id]);
  });

  it('a job found in created gets the sender view of the same envelope (never a new one)', async () => {
    const job = jobRecord('created', { envelopeId: 'env-draft' });
    await putJobRecord(job, pdfBytes());
    await runDueJobs();
    expect(await getJob(job.id)).toMatchObject({ state: 'sender-view-opened', envelopeId: 'env-draft' });
    expect(fake.callsTo('createEnvelope')).toHaveLength(0);
    expect(fake.callsTo('findByTransactionId')).toHaveLength(0);
    expect(fake.callsTo('senderView').map((c) => c.path)).toEqual([
      `/restapi/v2.1/accounts/${ACCOUNT_EU.accountId}/envelopes/env-draft/views/sender`,
    ]);
  });

  it('a job found in sent finishes and purges its bytes', async () => {
    const job = jobRecord('sent', { storedBytes: 600 });
    await putJobRecord(job, pdfBytes());
    await runDueJobs();
    expect(await getJob(job.id)).toMatchObject({ state: 'done', documentStored: false });
    expect(await storedBytes(job.id)).toBeUndefined();
    expect(fake.calls).toHaveLength(0);
  });
});

describe('retry timing', () => {
  for (const status of [429, 400]) {
    it(`hourly limit (HTTP ${status}): waits until X-RateLimit-Reset with an alarm, then continues; other jobs of the account wait without calling`, async () => {
      const reset = Date.UTC(2026, 4, 12, 14, 0, 0) / 1000;
      fake.script('createEnvelope', HOURLY(reset, status));
      const first = await send();
      expect(first).toMatchObject({
        state: 'creating',
        nextAttemptAt: reset * 1000,
        waitKind: 'rate_limited_hourly',
        waitReason: 'DocuSign hourly limit for Acme EU',
        attempts: 0,
        canRetry: true,
      });
      expect(wakes.at(-1)).toBe(reset * 1000);

      const second = await send();
      expect(second).toMatchObject({ state: 'queued', nextAttemptAt: reset * 1000, waitReason: 'DocuSign hourly limit for Acme EU' });
      expect(fake.callsTo('createEnvelope')).toHaveLength(1); // the second job did not spend a call

      clock = reset * 1000 - 1;
      await runDueJobs();
      expect(fake.callsTo('createEnvelope')).toHaveLength(1);
      clock = reset * 1000;
      await runDueJobs();
      expect((await getJob(first.id))!.state).toBe('sender-view-opened');
      expect((await getJob(second.id))!.state).toBe('sender-view-opened');
      // The rate-limit answer proved nothing was created: no lookup.
      expect(fake.callsTo('findByTransactionId')).toHaveLength(0);
      expect(fake.envelopes).toHaveLength(2);
    });
  }

  it('burst limit: a short wait', async () => {
    fake.script('senderView', { kind: 'http', status: 429, body: { errorCode: 'BURST_APIINVOCATION_LIMIT_EXCEEDED', message: 'burst' } });
    const job = await send();
    expect(job).toMatchObject({ state: 'created', nextAttemptAt: T0 + 30_000, waitReason: 'DocuSign short-term limit for Acme EU' });
    // The earliest of the job's wait and its duplicate check (20 s after the create).
    expect(wakes.at(-1)).toBe(Math.min(T0 + 30_000, T0 + TIDY_DELAY_MS));
    clock = T0 + 30_000;
    await runDueJobs();
    expect((await getJob(job.id))!.state).toBe('sender-view-opened');
    expect(fake.envelopes).toHaveLength(1);
  });

  it('5xx: backoff with jitter, bounded attempts, then failed (bytes kept); retry works and never duplicates', async () => {
    const unavailable = { kind: 'http', status: 503, body: {} } as const;
    fake.script('createEnvelope', ...Array.from({ length: MAX_ATTEMPTS }, () => unavailable));
    const job = await send();
    expect(job).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, error: { kind: 'server' }, documentStored: true, canRetry: true });
    expect(fake.callsTo('createEnvelope')).toHaveLength(MAX_ATTEMPTS);
    // After each ambiguous 5xx the next attempt looked itself up first.
    expect(fake.callsTo('findByTransactionId')).toHaveLength(MAX_ATTEMPTS - 1);

    await retryJob(job.id);
    await runDueJobs();
    expect((await getJob(job.id))!.state).toBe('sender-view-opened');
    expect(fake.envelopes).toHaveLength(1);
  });

  it('5xx with real jitter: the wait is persisted, an alarm is scheduled, the job is not run early', async () => {
    configure({ random: () => 0.5 });
    fake.script('createEnvelope', { kind: 'http', status: 502, body: {} });
    const job = await send();
    expect(job).toMatchObject({ state: 'creating', attempts: 1, nextAttemptAt: T0 + 1000, waitReason: 'DocuSign is temporarily unavailable' });
    expect(wakes.at(-1)).toBe(T0 + 1000);
    await runDueJobs();
    expect(fake.callsTo('createEnvelope')).toHaveLength(1);
    clock = T0 + 1000;
    await runDueJobs();
    expect((await getJob(job.id))!.state).toBe('sender-view-opened');
  });

  it('401: one refresh, then the retry succeeds', async () => {
    fake.script('createEnvelope', { kind: 'http', status: 401, body: { errorCode: 'AUTHORIZATION_INVALID_TOKEN', message: 'expired' } });
    const job = await send();
    expect(job.state).toBe('sender-view-opened');
    expect(refreshes).toBe(1);
    expect(fake.envelopes).toHaveLength(1);
  });

  it('401 again after the refresh: needs-sign-in, resumed only after a new sign-in', async () => {
    const unauthorized = { kind: 'http', status: 401, body: { errorCode: 'AUTHORIZATION_INVALID_TOKEN', message: 'expired' } } as const;
    fake.script('senderView', unauthorized, unauthorized);
    const job = await send();
    expect(job).toMatchObject({ state: 'needs-sign-in', envelopeId: fake.envelopes[0]!.envelopeId });
    expect(refreshes).toBe(1);
    await runDueJobs(); // same session: stays
    expect((await getJob(job.id))!.state).toBe('needs-sign-in');
    session = signedIn(ACCOUNT_EU, T0 + 1);
    await runDueJobs();
    expect((await getJob(job.id))!.state).toBe('sender-view-opened');
    expect(fake.envelopes).toHaveLength(1);
  });

  it('refresh refused (invalid_grant): needs-sign-in', async () => {
    fake.script('createEnvelope', { kind: 'http', status: 401, body: { errorCode: 'AUTHORIZATION_INVALID_TOKEN' } });
    refreshImpl = async () => {
      throw new AuthError('needs_sign_in', 'Your DocuSign sign-in expired or was revoked.', { reasonCode: 'invalid_grant' });
    };
    const job = await send();
    expect(job).toMatchObject({ state: 'needs-sign-in', error: { kind: 'needs_sign_in' } });
    expect(job.error!.message).toMatch(/expired or was revoked/);
  });

  it('a network failure while renewing the token is retried with backoff, not a sign-in', async () => {
    configure({ random: () => 0.5 });
    tokenError = new AuthError('network', 'DocuSign could not be reached during session renewal.');
    const job = await send();
    expect(job).toMatchObject({ state: 'queued', attempts: 1, waitReason: 'DocuSign could not be reached' });
    expect(fake.calls).toHaveLength(0);
  });
});

describe('sign-in and the wrong-account guard', () => {
  it('not signed in is not an error: the job waits in needs-sign-in and continues after sign-in', async () => {
    session = { profileId: PROFILE_EU.id, state: 'signed-out' };
    tokenError = new AuthError('needs_sign_in', 'You are not signed in to DocuSign for this profile.');
    const queued = await enqueueSend(input());
    expect(queued.accountName).toBeUndefined();
    expect(queued.accountId).toBe(ACCOUNT_EU.accountId); // the profile's account, until verified
    await runDueJobs();
    expect(await getJob(queued.id)).toMatchObject({ state: 'needs-sign-in', documentStored: true, error: { kind: 'needs_sign_in' } });
    expect(fake.calls).toHaveLength(0);

    session = signedIn(ACCOUNT_EU, T0 + 5);
    tokenError = null;
    await runDueJobs();
    expect(await getJob(queued.id)).toMatchObject({ state: 'sender-view-opened', accountName: 'Acme Europe GmbH', docuSignUserEmail: 'jane.doe@acme.example' });
  });

  it('the user signed in to another account meanwhile: the job stops with a clear error, nothing is sent elsewhere', async () => {
    profiles = [{ ...PROFILE_EU, accountId: undefined }]; // the user chooses the account at sign-in
    tokenError = new AuthError('needs_sign_in', 'Sign in again.');
    const queued = await enqueueSend(input());
    await runDueJobs();
    expect((await getJob(queued.id))!).toMatchObject({ state: 'needs-sign-in', accountId: ACCOUNT_EU.accountId });

    session = signedIn(ACCOUNT_NA, T0 + 5);
    tokenError = null;
    await runDueJobs();
    const job = (await getJob(queued.id))!;
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'account_changed' }, documentStored: true });
    expect(job.error!.message).toContain('Acme Europe GmbH');
    expect(job.error!.message).toContain('Acme Corp NA');
    expect(fake.calls).toHaveLength(0);

    // Back on the right account, retry sends it where it belongs.
    session = signedIn(ACCOUNT_EU, T0 + 10);
    await retryJob(queued.id);
    await runDueJobs();
    expect((await getJob(queued.id))!.state).toBe('sender-view-opened');
    expect(fake.callsTo('createEnvelope')[0]!.path).toContain(ACCOUNT_EU.accountId);
  });

  it('a profile removed from the configuration fails the job with a clear message', async () => {
    tokenError = new AuthError('needs_sign_in', 'Sign in.');
    const queued = await enqueueSend(input());
    await runDueJobs();
    profiles = [];
    tokenError = null;
    session = signedIn(ACCOUNT_EU, T0 + 5);
    await runDueJobs();
    expect(await getJob(queued.id)).toMatchObject({ state: 'failed', error: { kind: 'profile_missing' } });
  });
});

describe('discard, purge and caps', () => {
  it('discard purges the bytes; discarding during the create request keeps the envelope on record but goes no further', async () => {
    fake.script('createEnvelope', {
      kind: 'hook',
      run: async () => {
        const [job] = await listJobs();
        await discardJob(job!.id);
      },
    });
    const job = await send();
    expect(job).toMatchObject({ state: 'discarded', envelopeId: fake.envelopes[0]!.envelopeId, documentStored: false, canDiscard: false });
    expect(await storedBytes(job.id)).toBeUndefined();
    expect(opened).toHaveLength(0);
    await expect(discardJob(job.id)).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(retryJob(job.id)).rejects.toMatchObject({ code: 'invalid_state' });
    expect(await listJobs()).toHaveLength(0); // discarded jobs are hidden by default
    expect(await listJobs({ includeDiscarded: true })).toHaveLength(1);
  });

  it('enqueue beyond the cap: typed error with a clear message, nothing written; discarding frees room', async () => {
    configure({ maxStoredBytes: 1500 });
    tokenError = new AuthError('needs_sign_in', 'Sign in.');
    const a = await enqueueSend(input());
    await enqueueSend(input());
    const error = await enqueueSend(input()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect(error).toMatchObject({ code: 'storage_full' });
    expect((error as Error).message).toMatch(/The outbox is full: .* of documents are waiting to be sent, and \u201cNDA\.pdf\u201d .* would go over the .* limit\. Nothing was sent\./);
    const db = await openSwdDb();
    expect(await db.count('jobs')).toBe(2);
    expect(await db.count('jobDocuments')).toBe(2);
    expect(await outboxStorage()).toEqual({ usedBytes: 1200, maxBytes: 1500, pendingJobs: 2 });

    await discardJob(a.id);
    expect(await db.count('jobDocuments')).toBe(1);
    await expect(enqueueSend(input())).resolves.toMatchObject({ state: 'queued' });

    const tooBig = await enqueueSend(input({ document: { name: 'Big.pdf', fileType: 'pdf', bytes: pdfBytes(2000) } })).catch((e: unknown) => e);
    expect(tooBig).toMatchObject({ code: 'storage_full', message: expect.stringMatching(/larger than the outbox may store/) });
  });

  it('done jobs release their bytes (the cap counts only waiting documents)', async () => {
    configure({ maxStoredBytes: 1000 });
    const a = await send({ profileId: 'acme-direct', mode: 'direct' });
    const b = await send({ profileId: 'acme-direct', mode: 'direct' });
    expect([a.state, b.state]).toEqual(['done', 'done']);
    expect(await (await openSwdDb()).count('jobDocuments')).toBe(0);
  });

  it('validation problems and unknown profiles are typed errors and write nothing', async () => {
    const bad = await enqueueSend(
      input({
        recipients: [{ name: 'Bob', email: 'not-an-email' }],
        document: { name: 'NDA.pdf', fileType: 'pdf', bytes: new TextEncoder().encode('<!doctype html><html><form><input type="password"></form></html>') },
      }),
    ).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'invalid_send' });
    expect((bad as OutboxError).problems!.map((p) => p.code).sort()).toEqual(['host_session_expired', 'recipient_email_invalid']);
    expect(await enqueueSend(input({ document: { name: 'x.exe', fileType: 'exe', bytes: pdfBytes() } })).catch((e: OutboxError) => e.problems?.[0]?.code)).toBe(
      'unsupported_file_type',
    );
    expect(await enqueueSend(input({ subject: 'x'.repeat(101) })).catch((e: OutboxError) => e.code)).toBe('invalid_send');
    expect(await enqueueSend(input({ profileId: 'nope' })).catch((e: OutboxError) => e.code)).toBe('unknown_profile');
    expect(await enqueueSend(input({ hostPageUrl: 'javascript:alert(1)' })).catch((e: OutboxError) => e.code)).toBe('invalid_send');
    expect(await (await openSwdDb()).count('jobs')).toBe(0);
  });

  it('a view into a larger buffer stores only its own bytes', async () => {
    tokenError = new AuthError('needs_sign_in', 'Sign in.');
    const big = new Uint8Array(5000);
    big.set(pdfBytes(600), 1000);
    const queued = await enqueueSend(input({ document: { name: 'NDA.pdf', fileType: 'pdf', bytes: big.subarray(1000, 1600) } }));
    const bytes = (await storedBytes(queued.id))!;
    expect(bytes.byteLength).toBe(600);
    expect(bytes.buffer.byteLength).toBe(600);
  });
});

describe('listing', () => {
  it('filters by host user and document URL, most recent first, with a limit', async () => {
    tokenError = new AuthError('needs_sign_in', 'Sign in.');
    const a = await enqueueSend(input());
    clock += 1000;
    const b = await enqueueSend(input({ documentUrl: 'https://app.host.example/files/offer.pdf' }));
    clock += 1000;
    const c = await enqueueSend(input({ hostUser: { origin: 'https://app.host.example', id: 'u-2002' } }));
    expect((await listJobs()).map((j) => j.id)).toEqual([c.id, b.id, a.id]);
    expect((await listJobs({ hostUserKey: 'https://app.host.example|u-1001' })).map((j) => j.id)).toEqual([b.id, a.id]);
    expect((await listJobs({ documentUrls: ['https://app.host.example/files/offer.pdf'] })).map((j) => j.id)).toEqual([b.id]);
    expect((await listJobs({ hostUserKey: 'https://app.host.example|u-1001', documentUrls: ['https://app.host.example/files/nda.pdf'] })).map((j) => j.id)).toEqual([a.id]);
    expect(await listJobs({ limit: 1 })).toHaveLength(1);
    expect(await listJobs({ states: ['failed'] })).toHaveLength(0);
    expect(await getJob('missing')).toBeNull();
    // Summaries carry no bytes.
    expect(JSON.stringify(await listJobs())).not.toContain('%PDF');
  });
});

describe('status refresh', () => {
  async function jobWithEnvelope(state: 'done' | 'sender-view-opened', envelopeStatus: string, fakeStatus: string, checkedAgoMs: number, extra: Partial<JobRecord> = {}) {
    const job = jobRecord(state, { envelopeStatusCheckedAt: T0 - checkedAgoMs, ...extra });
    job.envelopeStatus = envelopeStatus;
    await putJobRecord(job);
    fake.envelopes.push({ envelopeId: job.envelopeId!, accountId: job.account!.accountId, status: fakeStatus, emailSubject: 's' });
    return job;
  }

  it('one batched envelope_ids query per account, only for due and non-terminal envelopes; the 15-minute rule', async () => {
    const a = await jobWithEnvelope('done', 'sent', 'delivered', 30 * 60_000);
    const b = await jobWithEnvelope('sender-view-opened', 'created', 'sent', 25 * 60_000);
    const c = await jobWithEnvelope('done', 'completed', 'completed', 60 * 60_000);
    const d = await jobWithEnvelope('done', 'sent', 'sent', 5 * 60_000);
    const e = await jobWithEnvelope('done', 'sent', 'completed', 40 * 60_000, { account: { ...ACCOUNT_NA } });
    session = signedIn(ACCOUNT_EU);

    const result = await refreshStatuses([a.id, b.id, c.id, d.id, e.id, 'unknown-id']);
    const calls = fake.callsTo('listStatus');
    expect(calls).toHaveLength(1); // e's account is not the session's: not queried
    expect(calls[0]!.query.get('envelope_ids')).toBe([a.envelopeId, b.envelopeId].join(','));
    const byId = new Map(result.map((j) => [j.id, j]));
    expect(byId.get(a.id)).toMatchObject({ state: 'done', envelopeStatus: 'delivered', envelopeStatusCheckedAt: T0 });
    // The draft was sent in DocuSign without the return reaching the page: the job is finished.
    expect(byId.get(b.id)).toMatchObject({ state: 'done', envelopeStatus: 'sent', outcome: 'sent' });
    expect(result).toHaveLength(5);

    // Immediately again, and 14:59 later: nothing is due.
    await refreshStatuses([a.id, b.id, c.id, d.id]);
    clock = T0 + 15 * 60_000 - 1;
    configure({ statusIntervalMs: 60_000 }); // asking for less than 15 minutes gets 15
    await refreshStatuses([a.id, b.id, c.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(1);
    // d (checked 5 min before T0) is due at T0 + 10 min; a and b at T0 + 15 min.
    expect(fake.callsTo('listStatus')).toHaveLength(1);
    clock = T0 + 15 * 60_000;
    await refreshStatuses([a.id, b.id, c.id, d.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(2);
    expect(fake.callsTo('listStatus')[1]!.query.get('envelope_ids')!.split(',').sort()).toEqual([a.envelopeId, b.envelopeId, d.envelopeId].sort());
  });

  it('the default interval is 20 minutes', async () => {
    const a = await jobWithEnvelope('done', 'sent', 'sent', 0);
    clock = T0 + 19 * 60_000;
    await refreshStatuses([a.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(0);
    clock = T0 + 20 * 60_000;
    await refreshStatuses([a.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(1);
  });

  it('batches of 50 envelope ids', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push((await jobWithEnvelope('done', 'sent', 'sent', 60 * 60_000)).id);
    await refreshStatuses(ids);
    expect(fake.callsTo('listStatus').map((c) => c.query.get('envelope_ids')!.split(',').length)).toEqual([50, 50, 20]);
  });

  it('stays within the account budget: skipped when the budget is nearly used up or the account is rate-limited', async () => {
    const a = await jobWithEnvelope('done', 'sent', 'sent', 60 * 60_000);
    const b = await jobWithEnvelope('done', 'sent', 'sent', 60 * 60_000);
    fake.budget = { limit: 3000, remaining: 80, reset: Math.floor((T0 + 50 * 60_000) / 1000) };
    await refreshStatuses([a.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(1);
    await refreshStatuses([b.id]); // 80 left ≤ reserve of 300: status can wait
    expect(fake.callsTo('listStatus')).toHaveLength(1);
    clock = T0 + 51 * 60_000; // past the reset: allowed again
    await refreshStatuses([b.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(2);

    fake.budget = null;
    const c = await jobWithEnvelope('done', 'sent', 'sent', 60 * 60_000);
    fake.script('listStatus', HOURLY(Math.floor((T0 + 58 * 60_000) / 1000)));
    await refreshStatuses([c.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(3);
    const d = await jobWithEnvelope('done', 'sent', 'sent', 60 * 60_000);
    await refreshStatuses([d.id]);
    expect(fake.callsTo('listStatus')).toHaveLength(3);
  });

  it('not signed in: no request, no error', async () => {
    const a = await jobWithEnvelope('done', 'sent', 'sent', 60 * 60_000);
    tokenError = new AuthError('needs_sign_in', 'Sign in.');
    await expect(refreshStatuses([a.id])).resolves.toHaveLength(1);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('a request that reaches DocuSign twice (the browser re-sends it) never leaves two envelopes', () => {
  const tidyTime = () => {
    clock = T0 + TIDY_DELAY_MS;
    return runDueJobs();
  };
  const live = () => fake.envelopes.filter((e) => e.status !== 'deleted');

  for (const mode of ['embedded', 'direct'] as const) {
    it(`${mode}: a re-sent create leaves a spare draft that the duplicate check deletes ${TIDY_DELAY_MS / 1000} s later, in one GET`, async () => {
      fake.script('createEnvelope', { kind: 'resent' });
      const job = await send(mode === 'direct' ? { profileId: 'acme-direct', mode } : {});
      expect(fake.envelopes).toHaveLength(2);
      expect(job.state).toBe(mode === 'direct' ? 'done' : 'sender-view-opened');
      // The job's envelope is the one whose answer arrived; the other never left the draft state.
      expect(fake.envelopes.map((e) => [e.envelopeId === job.envelopeId, e.status])).toEqual([
        [false, 'created'],
        [true, mode === 'direct' ? 'sent' : 'created'],
      ]);
      expect((await readJob(job.id))!.tidyDueAt).toBe(T0 + TIDY_DELAY_MS);
      expect(wakes.at(-1)).toBe(T0 + TIDY_DELAY_MS);
      await tidyTime();
      expect(live().map((e) => e.envelopeId)).toEqual([job.envelopeId]);
      expect(fake.callsTo('findByTransactionId')).toHaveLength(1);
      expect(fake.callsTo('deleteEnvelopes').map((c) => c.body)).toEqual([{ envelopeIds: [fake.envelopes[0]!.envelopeId] }]);
      const after = (await readJob(job.id))!;
      expect(after.duplicatesDeleted).toBe(1);
      expect(after.tidyDueAt).toBeUndefined();
      // Checked once: later runs make no further calls.
      const calls = fake.calls.length;
      clock += 3_600_000;
      await runDueJobs();
      expect(fake.calls).toHaveLength(calls);
    });
  }

  it('no duplicate: the check costs one GET for all jobs of the account and deletes nothing', async () => {
    const a = await send({ profileId: 'acme-direct', mode: 'direct' });
    const b = await send({ profileId: 'acme-direct', mode: 'direct', documentUrl: 'https://app.host.example/files/b.pdf' });
    const c = await send();
    await tidyTime();
    // Two profiles of one account: one GET per profile (each has its own sign-in).
    const groups = fake.callsTo('findByTransactionId').map((call) => call.query.get('transaction_ids')!.split(',').sort());
    expect(groups.sort((x, y) => x.length - y.length)).toEqual([[c.id], [a.id, b.id].sort()]);
    expect(fake.callsTo('deleteEnvelopes')).toHaveLength(0);
    for (const job of [a, b, c]) expect((await readJob(job.id))!.tidyDueAt).toBeUndefined();
  });

  it('a lost answer after a re-sent create: the lookup finds two drafts, adopts the oldest and sends only it; the check deletes the other', async () => {
    fake.script('createEnvelope', { kind: 'resent', thenDrop: true });
    const queued = await enqueueSend(input({ profileId: 'acme-direct', mode: 'direct' }));
    await runDueJobs(); // the network failure's backoff is 0 with random() = 0: the retry follows at once
    const job = (await getJob(queued.id))!;
    expect(job).toMatchObject({ state: 'done', outcome: 'sent' });
    expect(fake.callsTo('createEnvelope')).toHaveLength(1);
    expect(fake.callsTo('findByTransactionId')).toHaveLength(1);
    expect(fake.callsTo('sendDraft')).toHaveLength(1);
    expect(job.envelopeId).toBe(fake.envelopes[0]!.envelopeId); // the oldest
    clock = (await readJob(queued.id))!.tidyDueAt!;
    await runDueJobs();
    expect(fake.envelopes.map((e) => e.status)).toEqual(['sent', 'deleted']);
  });

  it('direct: the send answer lost → the envelope is read, found sent → done; never sent twice', async () => {
    fake.script('sendDraft', { kind: 'drop-after' });
    const job = await send({ profileId: 'acme-direct', mode: 'direct' });
    clock = (await readJob(job.id))!.nextAttemptAt ?? clock;
    await runDueJobs();
    const final = (await getJob(job.id))!;
    expect(final).toMatchObject({ state: 'done', outcome: 'sent', envelopeStatus: 'sent' });
    expect(fake.callsTo('sendDraft')).toHaveLength(1);
    expect(fake.callsTo('getEnvelope')).toHaveLength(1);
    expect((await readJob(job.id))!.sendRequests).toBe(1);
  });

  it('direct: the send re-sent by the browser → DocuSign refuses the second one → the envelope is read, sent → done', async () => {
    fake.script('sendDraft', { kind: 'resent' });
    const job = await send({ profileId: 'acme-direct', mode: 'direct' });
    expect(job).toMatchObject({ state: 'done', outcome: 'sent' });
    expect(fake.callsTo('getEnvelope')).toHaveLength(1);
    expect(fake.envelopes.map((e) => e.status)).toEqual(['sent']);
  });

  it('direct: a send refused while the envelope is still a draft fails with DocuSign\'s message (not retried blindly)', async () => {
    fake.script('sendDraft', { kind: 'http', status: 400, body: { errorCode: 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', message: 'The email address for the recipient is invalid.' } });
    const job = await send({ profileId: 'acme-direct', mode: 'direct' });
    expect(job).toMatchObject({ state: 'failed', error: { kind: 'validation' } });
    expect(job.error!.message).toContain('The email address for the recipient is invalid.');
    expect(fake.envelopes.map((e) => e.status)).toEqual(['created']);
  });

  it('embedded: reopening the sender view of an envelope the user already sent ends "done", not failed', async () => {
    const job = await send();
    fake.envelopes[0]!.status = 'sent'; // sent in DocuSign; the return to the host page was lost
    await retryJob(job.id);
    await runDueJobs();
    expect((await getJob(job.id))!).toMatchObject({ state: 'done', outcome: 'sent', envelopeStatus: 'sent' });
    expect(opened).toHaveLength(1);
  });

  it('a failing check is tried again later with backoff and given up after TIDY_MAX_ATTEMPTS; a rate limit waits without counting', async () => {
    const job = await send();
    fake.script('findByTransactionId', HOURLY(Math.floor((T0 + 600_000) / 1000), 400));
    await tidyTime();
    expect((await readJob(job.id))!).toMatchObject({ tidyDueAt: T0 + 600_000 });
    expect((await readJob(job.id))!.tidyAttempts).toBeUndefined();
    for (let i = 1; i <= TIDY_MAX_ATTEMPTS; i++) {
      fake.script('findByTransactionId', { kind: 'http', status: 503, body: {} });
      clock = (await readJob(job.id))!.tidyDueAt!;
      await runDueJobs();
      const rec = (await readJob(job.id))!;
      if (i < TIDY_MAX_ATTEMPTS) expect(rec).toMatchObject({ tidyAttempts: i, tidyDueAt: clock + 15_000 * 2 ** (i - 1) });
      else expect(rec.tidyDueAt).toBeUndefined();
    }
  });

  it('while jobs are worked on, a watchdog alarm is set (a worker stopped mid-request is started again)', async () => {
    await send();
    expect(wakes[0]).toBe(T0 + WATCHDOG_MS);
  });
});

describe('the duplicate check keeps to the account and its budget', () => {
  it('waits without a call (and without counting a failure) while the account budget is nearly used up', async () => {
    const reset = Math.floor((T0 + 900_000) / 1000);
    fake.budget = { limit: 3000, remaining: 50, reset };
    const job = await send();
    clock = T0 + TIDY_DELAY_MS;
    await runDueJobs();
    expect(fake.callsTo('findByTransactionId')).toHaveLength(0);
    expect((await readJob(job.id))!).toMatchObject({ tidyDueAt: reset * 1000 });
    expect((await readJob(job.id))!.tidyAttempts).toBeUndefined();
  });

  it('never lists or deletes with a sign-in for another account: no call, tried again later', async () => {
    const job = await send();
    session = signedIn({ ...ACCOUNT_NA });
    clock = T0 + TIDY_DELAY_MS;
    await runDueJobs();
    expect(fake.callsTo('findByTransactionId')).toHaveLength(0);
    expect(fake.callsTo('deleteEnvelopes')).toHaveLength(0);
    expect((await readJob(job.id))!).toMatchObject({ tidyAttempts: 1, tidyDueAt: clock + 15_000 });
  });
});

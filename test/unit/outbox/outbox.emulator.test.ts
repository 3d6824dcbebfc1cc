// @vitest-environment node
// The outbox against the DocuSign emulator (Node's own fetch, 127.0.0.1): idempotent resume by
// transactionId, the sender view round trip, real rate-limit headers and token refresh.
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pdfOfSize, samplePdf } from '../../emulator/fixtures.ts';
import { signIn, tokenRequest, type Tokens } from '../../emulator/helpers.ts';
import { SEED, startEmulator, type Emulator } from '../../emulator/index.ts';
import { AuthError } from '../../../utils/auth/errors';
import type { SessionSnapshot } from '../../../utils/auth/types';
import type { IntegrationProfile } from '../../../utils/config/types';
import { closeSwdDb, SWD_DB_NAME } from '../../../utils/db';
import { createDocuSignClient } from '../../../utils/docusign/client';
import { buildEnvelopeDefinition } from '../../../utils/send/envelope';
import {
  configureOutbox,
  enqueueSend,
  getJob,
  recordSenderViewEvent,
  refreshStatuses,
  runDueJobs,
  whenIdle,
  type JobSummary,
  type NewSendJob,
  type OutboxDeps,
} from '../../../utils/outbox';
import { putJobRecord, readJob } from '../../../utils/outbox/store';
import { TIDY_DELAY_MS } from '../../../utils/outbox/state-machine';
import { jobRecord } from './fixtures';

const nodeFetch = globalThis.fetch;
const jane = SEED.users.jane;
const acmeEu = SEED.accounts.acmeEu;
const CLIENT_ID = SEED.integrationKeys.main.clientId;

let emu: Emulator;
let tokens: Tokens;
let clock: number;
let offline: boolean;
let requests: Array<{ method: string; path: string }>;
let opened: Array<{ url: string; job: JobSummary }>;
let wakes: number[];
let refreshes: number;

const profile: IntegrationProfile = {
  id: 'acme-eu',
  label: 'Acme EU',
  environment: 'demo',
  integrationKey: CLIENT_ID,
  accountId: acmeEu.accountId,
  sendMode: 'embedded',
};

function account() {
  return { accountId: acmeEu.accountId, accountName: acmeEu.accountName, baseUri: emu.regions.eu };
}

function session(): SessionSnapshot {
  return { profileId: profile.id, state: 'signed-in', account: account(), user: { sub: jane.sub, email: jane.email, name: jane.name }, signedInAt: 1 };
}

function configure(extra: Partial<OutboxDeps> = {}): void {
  configureOutbox({
    getProfile: async (id) => (id === profile.id ? profile : id === 'acme-eu-direct' ? { ...profile, id, sendMode: 'direct' } : undefined),
    getSession: async () => session(),
    getAccessToken: async () => tokens.access_token,
    refreshSession: async () => {
      refreshes++;
      const res = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: CLIENT_ID });
      if (res.status !== 200) throw new AuthError('needs_sign_in', 'Sign in again.');
      tokens = (await res.json()) as Tokens;
      return tokens;
    },
    openSenderView: async (url, job) => {
      opened.push({ url, job });
    },
    scheduleWake: async (at) => {
      wakes.push(at);
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      requests.push({ method: init?.method ?? 'GET', path: `${url.pathname}${url.search}` });
      if (offline) throw new TypeError('fetch failed');
      return nodeFetch(input, init);
    }) as typeof fetch,
    now: () => clock,
    random: () => 0,
    inProcessWakeMaxMs: 0,
    ...extra,
  });
}

function input(over: Partial<NewSendJob> = {}): NewSendJob {
  return {
    hostUser: { origin: 'http://127.0.0.1:9999', id: 'u-1001', email: 'jane@host.example', name: 'Jane Host' },
    hostPageUrl: 'http://127.0.0.1:9999/records/r-1?tab=docs',
    documentUrl: 'http://127.0.0.1:9999/files/nda.pdf',
    profileId: profile.id,
    document: { name: 'NDA.pdf', fileType: 'pdf', bytes: new Uint8Array(samplePdf('Outbox test')), contentType: 'application/pdf' },
    recipients: [{ name: 'Bob Customer', email: 'bob@customer.example' }],
    subject: 'Please sign: NDA.pdf',
    mode: 'embedded',
    ...over,
  };
}

/** Clicks a button in the emulated sender view and returns DocuSign's redirect back to the host page. */
async function clickInSenderView(url: string, event: 'Send' | 'Save' | 'Cancel'): Promise<URL> {
  const page = await nodeFetch(url);
  expect(page.status).toBe(200);
  const res = await nodeFetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ event }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

function envelopeRequests(kind: 'create' | 'lookup' | 'senderView') {
  return requests.filter((r) =>
    kind === 'create'
      ? r.method === 'POST' && /\/envelopes$/.test(r.path)
      : kind === 'lookup'
        ? r.method === 'GET' && r.path.includes('transaction_ids=')
        : /\/views\/sender$/.test(r.path),
  );
}

/**
 * An envelope made outside the outbox, with Node's fetch: what a request that reached DocuSign
 * before the worker stopped, or the browser's re-send of a create, leaves there.
 */
async function createOutsideOutbox(transactionId: string, status: 'created' | 'sent', doc = 'x'): Promise<string> {
  const direct = createDocuSignClient({ baseUri: emu.regions.eu, accountId: acmeEu.accountId, getAccessToken: async () => tokens.access_token, fetch: nodeFetch });
  const created = await direct.createEnvelope(
    buildEnvelopeDefinition({ documentBytes: new Uint8Array(samplePdf(doc)), name: 'NDA.pdf', recipients: [{ name: 'Bob', email: 'bob@customer.example' }], subject: 's', status, transactionId }),
  );
  return created.value.envelopeId;
}

beforeAll(async () => {
  emu = await startEmulator({ autoApprove: true, autoLoginAs: jane.email });
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(async () => {
  await whenIdle();
  await closeSwdDb();
  await deleteDB(SWD_DB_NAME);
  emu.control.reset();
  tokens = await signIn(emu, jane);
  clock = Date.now();
  offline = false;
  requests = [];
  opened = [];
  wakes = [];
  refreshes = 0;
  configure();
});

afterEach(async () => {
  await whenIdle();
});

describe('outbox against the DocuSign emulator', () => {
  it('connection dropped after DocuSign created the envelope: the retry adopts it; exactly one envelope; Send round trip', async () => {
    emu.control.addFaults({ route: 'createEnvelope', drop: 'after' });
    const queued = await enqueueSend(input());
    await runDueJobs();
    const job = (await getJob(queued.id))!;
    expect(job.state).toBe('sender-view-opened');
    const envelopes = emu.control.getEnvelopes();
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]).toMatchObject({ envelopeId: job.envelopeId, transactionId: queued.id, status: 'created', accountId: acmeEu.accountId, region: 'eu' });
    expect(envelopeRequests('create')).toHaveLength(1);
    expect(envelopeRequests('lookup')).toHaveLength(1);

    // The user presses Send in DocuSign; DocuSign returns to the host page with swdJob and event.
    const back = await clickInSenderView(opened[0]!.url, 'Send');
    expect(back.origin + back.pathname).toBe('http://127.0.0.1:9999/records/r-1');
    expect(back.searchParams.get('tab')).toBe('docs');
    expect(back.searchParams.get('swdJob')).toBe(queued.id);
    const done = await recordSenderViewEvent(back.searchParams.get('swdJob')!, back.searchParams.get('event')!);
    expect(done).toMatchObject({ state: 'done', outcome: 'sent', documentStored: false });
    expect(emu.control.getEnvelopes()[0]!.status).toBe('sent');
  });

  it('a job left in creating (worker stopped after the POST reached DocuSign) adopts the envelope once the network is back', async () => {
    const job = jobRecord('creating', { createUncertain: true, createRequests: 1, account: account(), hostPageUrl: 'http://127.0.0.1:9999/p' });
    await putJobRecord(job, new Uint8Array(samplePdf('crash')));
    // The create request that reached DocuSign before the worker stopped.
    const createdId = await createOutsideOutbox(job.id, 'created', 'crash');

    configure({ random: () => 0.5 });
    offline = true;
    await runDueJobs();
    expect(await getJob(job.id)).toMatchObject({ state: 'creating', attempts: 1, waitReason: 'DocuSign could not be reached' });
    expect(envelopeRequests('create')).toHaveLength(0); // never POSTs while uncertain

    offline = false;
    clock += 10_000;
    await runDueJobs();
    expect(await getJob(job.id)).toMatchObject({ state: 'sender-view-opened', envelopeId: createdId });
    expect(envelopeRequests('create')).toHaveLength(0);
    expect(emu.control.getEnvelopes()).toHaveLength(1);
  });

  it('a job left in created gets the sender view of the same envelope', async () => {
    const id = crypto.randomUUID();
    const createdId = await createOutsideOutbox(id, 'created');
    await putJobRecord(jobRecord('created', { id, envelopeId: createdId, account: account(), hostPageUrl: 'http://127.0.0.1:9999/p' }), new Uint8Array(samplePdf('x')));
    await runDueJobs();
    expect(await getJob(id)).toMatchObject({ state: 'sender-view-opened', envelopeId: createdId });
    expect(envelopeRequests('senderView').map((r) => r.path)).toEqual([
      `/restapi/v2.1/accounts/${acmeEu.accountId}/envelopes/${createdId}/views/sender`,
    ]);
    expect(envelopeRequests('create')).toHaveLength(0);
    expect(emu.control.getEnvelopes()).toHaveLength(1);
    const back = await clickInSenderView(opened[0]!.url, 'Save');
    expect(await recordSenderViewEvent(id, back.searchParams.get('event')!)).toMatchObject({ state: 'done', outcome: 'draft-saved' });
  });

  it('hourly limit from the emulator: queued until X-RateLimit-Reset (alarm), then continues', async () => {
    emu.control.setConfig({ limits: { hourlyLimit: 1 } });
    const queued = await enqueueSend(input());
    await runDueJobs();
    const waiting = (await getJob(queued.id))!;
    expect(waiting).toMatchObject({ state: 'created', waitKind: 'rate_limited_hourly', waitReason: 'DocuSign hourly limit for Acme EU' });
    expect(waiting.nextAttemptAt! % 1000).toBe(0); // X-RateLimit-Reset (Unix seconds), jitter 0
    expect(waiting.nextAttemptAt!).toBeGreaterThan(clock);
    // The earliest of the job's wait and its duplicate check (TIDY_DELAY_MS after the create).
    expect(wakes.at(-1)).toBe(Math.min(waiting.nextAttemptAt!, (await readJob(waiting.id))!.tidyDueAt ?? Infinity));

    emu.control.setConfig({ limits: { hourlyLimit: 3000 } });
    clock = waiting.nextAttemptAt!;
    await runDueJobs();
    expect((await getJob(queued.id))!.state).toBe('sender-view-opened');
    expect(emu.control.getEnvelopes()).toHaveLength(1);
  });

  it('a document too large for JSON + base64 (~26 MB) is sent as multipart, once', async () => {
    const bytes = new Uint8Array(pdfOfSize(26 * 1024 * 1024));
    const queued = await enqueueSend(input({ document: { name: 'Scan.pdf', fileType: 'pdf', bytes, contentType: 'application/pdf' } }));
    await runDueJobs();
    expect((await getJob(queued.id))!).toMatchObject({ state: 'sender-view-opened', documentStored: false });
    const [envelope] = emu.control.getEnvelopes();
    expect(envelope).toMatchObject({ transactionId: queued.id });
    expect(envelope!.documents[0]!.bytes).toBe(bytes.length);
    expect(envelopeRequests('create')).toHaveLength(1);
  });

  it('direct mode in one call (directSend "one-call"): one create, sent; a re-sent create\'s second sent envelope is voided and counted', async () => {
    const queued = await enqueueSend(input({ profileId: 'acme-eu-direct', mode: 'direct', sendOnCreate: true }));
    await runDueJobs();
    const done = await getJob(queued.id);
    expect(done).toMatchObject({ state: 'done', outcome: 'sent', envelopeStatus: 'sent' });
    // One DocuSign call for the whole send: the create, with status "sent".
    expect(requests.filter((r) => r.path.startsWith('/restapi/')).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /restapi/v2.1/accounts/${acmeEu.accountId}/envelopes`,
    ]);
    expect(emu.control.getEnvelopes()).toMatchObject([{ envelopeId: done!.envelopeId, status: 'sent', transactionId: queued.id }]);

    // What Chromium's re-send of that POST leaves: a second sent envelope with the same transactionId.
    const copyId = await createOutsideOutbox(queued.id, 'sent');
    clock += TIDY_DELAY_MS;
    await runDueJobs();
    const statuses = Object.fromEntries(emu.control.getEnvelopes().map((e) => [e.envelopeId, e.status]));
    expect(statuses).toEqual({ [done!.envelopeId!]: 'sent', [copyId]: 'voided' });
    expect(await readJob(queued.id)).toMatchObject({ duplicatesVoided: 1 });
    expect(await getJob(queued.id)).toMatchObject({ state: 'done', envelopeId: done!.envelopeId, duplicatesVoided: 1 });
  });

  it('direct mode, draft first (the default): a draft, then its send; a sent envelope with the job\'s transactionId is not voided', async () => {
    const queued = await enqueueSend(input({ profileId: 'acme-eu-direct', mode: 'direct' }));
    await runDueJobs();
    const done = await getJob(queued.id);
    expect(done).toMatchObject({ state: 'done', outcome: 'sent' });
    expect(requests.filter((r) => r.path.startsWith('/restapi/')).map((r) => r.method)).toEqual(['POST', 'PUT']);
    // Only a person sends an envelope of a draft-first job: the duplicate check leaves it alone.
    const otherId = await createOutsideOutbox(queued.id, 'sent');
    clock += TIDY_DELAY_MS;
    await runDueJobs();
    expect(requests.some((r) => r.path.includes('transaction_ids='))).toBe(true);
    const statuses = Object.fromEntries(emu.control.getEnvelopes().map((e) => [e.envelopeId, e.status]));
    expect(statuses).toEqual({ [done!.envelopeId!]: 'sent', [otherId]: 'sent' });
    expect((await getJob(queued.id))!.duplicatesVoided).toBeUndefined();
  });

  it('expired token: one refresh (rotated refresh token), then the send continues; direct mode sends', async () => {
    emu.control.expireTokens();
    const queued = await enqueueSend(input({ profileId: 'acme-eu-direct', mode: 'direct' }));
    await runDueJobs();
    expect(await getJob(queued.id)).toMatchObject({ state: 'done', outcome: 'sent' });
    expect(refreshes).toBe(1);
    expect(emu.control.getEnvelopes()).toMatchObject([{ status: 'sent', transactionId: queued.id }]);
    expect(emu.control.getUsage().find((u) => u.accountId === acmeEu.accountId)).toMatchObject({ envelopesCreated: 1, envelopesSent: 1 });

    // Status: one batched query, then nothing within the interval.
    clock += 20 * 60_000;
    const [after] = await refreshStatuses([queued.id]);
    expect(after).toMatchObject({ envelopeStatus: 'sent' });
    await refreshStatuses([queued.id]);
    expect(requests.filter((r) => r.path.includes('envelope_ids='))).toHaveLength(1);
  });
});

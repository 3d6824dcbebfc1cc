// Shared fixtures for the outbox tests: job records, a session, a profile, and a scripted fake of
// the DocuSign eSignature endpoints the outbox uses (so most tests need no emulator).
import type { SessionSnapshot } from '../../../utils/auth/types';
import type { IntegrationProfile } from '../../../utils/config/types';
import type { JobRecord, JobState } from '../../../utils/db';

export const T0 = Date.UTC(2026, 4, 12, 13, 17, 30);

export const ACCOUNT_EU = { accountId: 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b', accountName: 'Acme Europe GmbH', baseUri: 'https://eu.docusign.example' };
export const ACCOUNT_NA = { accountId: '7d3e9c1a-4b2f-4e8d-a6c5-1f0e2d3c4b5a', accountName: 'Acme Corp NA', baseUri: 'https://na.docusign.example' };
export const JANE = { sub: 'sub-jane', email: 'jane.doe@acme.example', name: 'Jane Doe' };

export const PROFILE_EU: IntegrationProfile = {
  id: 'acme-eu',
  label: 'Acme EU',
  environment: 'demo',
  integrationKey: '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34',
  accountId: ACCOUNT_EU.accountId,
  sendMode: 'embedded',
};

export function signedIn(account = ACCOUNT_EU, signedInAt = T0 - 60_000): SessionSnapshot {
  return { profileId: PROFILE_EU.id, state: 'signed-in', account, user: JANE, signedInAt };
}

/** A minimal valid PDF (sniffDocument accepts it). */
export function pdfBytes(size = 600, text = 'x'): Uint8Array {
  const head = new TextEncoder().encode(`%PDF-1.4\n% ${text}\n`);
  const out = new Uint8Array(Math.max(size, head.length));
  out.fill(0x20);
  out.set(head, 0);
  return out;
}

let seq = 0;
export function jobRecord(state: JobState, extra: Partial<JobRecord> = {}): JobRecord {
  seq++;
  const id = extra.id ?? `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  const withEnvelope = state === 'created' || state === 'sender-view-opened' || state === 'sent' || state === 'done';
  const finished = state === 'done' || state === 'discarded';
  return {
    id,
    v: 1,
    state,
    mode: 'embedded',
    createdAt: T0 - 10_000,
    updatedAt: T0 - 10_000,
    hostUser: { origin: 'https://app.host.example', id: 'u-1001', email: 'jane@host.example', name: 'Jane Host' },
    hostUserKey: 'https://app.host.example|u-1001',
    hostPageUrl: 'https://app.host.example/records/r-1?tab=docs',
    documentUrl: 'https://app.host.example/files/nda.pdf',
    profileId: PROFILE_EU.id,
    profileLabel: PROFILE_EU.label,
    expectedAccountId: ACCOUNT_EU.accountId,
    account: { ...ACCOUNT_EU },
    docuSignUser: { ...JANE },
    document: { name: 'NDA.pdf', fileType: 'pdf', size: 600, sha256: 'ab'.repeat(32) },
    // Bytes are kept only until DocuSign has the envelope.
    storedBytes: finished || withEnvelope ? 0 : 600,
    recipients: [{ name: 'Bob Customer', email: 'bob@customer.example' }],
    subject: 'Please sign: NDA.pdf',
    createUncertain: false,
    attempts: 0,
    createRequests: 0,
    ...(withEnvelope
      ? {
          envelopeId: `env-${seq}`,
          envelopeStatus: state === 'sent' || state === 'done' ? 'sent' : 'created',
          envelopeCreatedAt: T0 - 5_000,
          envelopeStatusCheckedAt: T0 - 5_000,
        }
      : {}),
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// A scripted fake of DocuSign's eSignature endpoints.

export interface FakeEnvelope {
  envelopeId: string;
  accountId: string;
  status: string;
  transactionId?: string;
  emailSubject: string;
}

export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  auth: string | null;
}

export type Route = 'createEnvelope' | 'findByTransactionId' | 'listStatus' | 'senderView' | 'sendDraft' | 'getEnvelope' | 'deleteEnvelopes';

export type Scripted =
  | { kind: 'http'; status: number; body?: unknown; headers?: Record<string, string> }
  /** No response at all (connection refused). */
  | { kind: 'network' }
  /** DocuSign acts, then the connection drops before the answer arrives. */
  | { kind: 'drop-after' }
  /**
   * DocuSign acts, the connection drops, the browser re-sends the request on its own (a reused
   * keep-alive connection) and DocuSign acts again: the caller sees only the second answer.
   */
  | { kind: 'resent'; thenDrop?: boolean }
  /** Runs before the normal handling (e.g. to discard a job while the request is under way). */
  | { kind: 'hook'; run: () => Promise<void> | void };

export interface FakeDocuSign {
  fetch: typeof fetch;
  envelopes: FakeEnvelope[];
  calls: FakeCall[];
  callsTo(route: Route): FakeCall[];
  script(route: Route, ...responses: Scripted[]): void;
  /** Budget headers on every answer. */
  budget: { limit: number; remaining: number; reset: number } | null;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function fakeDocuSign(): FakeDocuSign {
  const queues = new Map<Route, Scripted[]>();
  let nextId = 1;
  const fake: FakeDocuSign = {
    envelopes: [],
    calls: [],
    budget: null,
    callsTo: (route) => fake.calls.filter((c) => routeOf(c) === route),
    script(route, ...responses) {
      queues.set(route, [...(queues.get(route) ?? []), ...responses]);
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const method = (init?.method ?? 'GET').toUpperCase();
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      const headers = new Headers(init?.headers);
      const call: FakeCall = { method, path: url.pathname, query: url.searchParams, body, auth: headers.get('Authorization') };
      fake.calls.push(call);
      const route = routeOf(call);
      const budgetHeaders: Record<string, string> = fake.budget
        ? {
            'X-RateLimit-Limit': String(fake.budget.limit),
            'X-RateLimit-Remaining': String(fake.budget.remaining),
            'X-RateLimit-Reset': String(fake.budget.reset),
          }
        : {};
      let dropAfter = false;
      let resent = false;
      for (;;) {
        const next = route ? queues.get(route)?.shift() : undefined;
        if (!next) break;
        if (next.kind === 'hook') {
          await next.run();
          continue;
        }
        if (next.kind === 'http') return json(next.status, next.body ?? {}, { ...budgetHeaders, ...next.headers });
        if (next.kind === 'network') throw new TypeError('fetch failed');
        if (next.kind === 'resent') {
          resent = true;
          dropAfter = next.thenDrop === true;
        } else dropAfter = true;
        break;
      }
      const accountId = decodeURIComponent(url.pathname.split('/')[4] ?? '');
      const act = (): Response => {
        if (route === 'createEnvelope') {
          const def = body as { status: string; transactionId?: string; emailSubject: string };
          const envelope: FakeEnvelope = {
            envelopeId: `env-fake-${nextId++}`,
            accountId,
            status: def.status,
            emailSubject: def.emailSubject,
            ...(def.transactionId ? { transactionId: def.transactionId } : {}),
          };
          fake.envelopes.push(envelope);
          return json(201, { envelopeId: envelope.envelopeId, status: envelope.status, statusDateTime: new Date(T0).toISOString() }, budgetHeaders);
        }
        if (route === 'findByTransactionId') {
          const txs = (url.searchParams.get('transaction_ids') ?? '').split(',');
          const found = fake.envelopes.filter((e) => e.accountId === accountId && e.transactionId !== undefined && txs.includes(e.transactionId));
          return json(200, found.length ? { envelopes: found, resultSetSize: String(found.length) } : { resultSetSize: '0' }, budgetHeaders);
        }
        if (route === 'listStatus') {
          const ids = (url.searchParams.get('envelope_ids') ?? '').split(',');
          const found = fake.envelopes.filter((e) => ids.includes(e.envelopeId));
          return json(200, { envelopes: found, resultSetSize: String(found.length) }, budgetHeaders);
        }
        const envelopeId = decodeURIComponent(url.pathname.split('/')[6] ?? '');
        const envelope = fake.envelopes.find((e) => e.envelopeId === envelopeId && e.accountId === accountId);
        if (route === 'senderView') {
          if (envelope && envelope.status !== 'created') return json(400, { errorCode: 'ENVELOPE_INVALID_STATUS', message: 'Not a draft.' }, budgetHeaders);
          return json(201, { url: `https://demo.docusign.example/sender/${envelopeId}/${fake.calls.length}` }, budgetHeaders);
        }
        if (route === 'getEnvelope') {
          return envelope ? json(200, envelope, budgetHeaders) : json(404, { errorCode: 'ENVELOPE_DOES_NOT_EXIST', message: 'No such envelope.' }, budgetHeaders);
        }
        if (route === 'sendDraft') {
          if (!envelope) return json(404, { errorCode: 'ENVELOPE_DOES_NOT_EXIST', message: 'No such envelope.' }, budgetHeaders);
          if (envelope.status !== 'created') return json(400, { errorCode: 'ENVELOPE_INVALID_STATUS', message: 'Only a draft can be sent.' }, budgetHeaders);
          envelope.status = 'sent';
          return json(200, { envelopeId }, budgetHeaders);
        }
        if (route === 'deleteEnvelopes') {
          const ids = (body as { envelopeIds: string[] }).envelopeIds;
          for (const e of fake.envelopes) {
            if (e.accountId === accountId && ids.includes(e.envelopeId)) e.status = e.status === 'created' ? 'deleted' : 'voided';
          }
          return json(200, {}, budgetHeaders);
        }
        return json(404, { errorCode: 'RESOURCE_NOT_FOUND', message: 'unknown' });
      };
      if (resent) act();
      const response = act();
      if (dropAfter) throw new TypeError('fetch failed: socket hang up');
      return response;
    }) as typeof fetch,
  };
  return fake;
}

function routeOf(call: FakeCall): Route | undefined {
  if (call.method === 'POST' && /\/envelopes\/[^/]+\/views\/sender$/.test(call.path)) return 'senderView';
  if (call.method === 'PUT' && /\/folders\/recyclebin$/.test(call.path)) return 'deleteEnvelopes';
  if (call.method === 'PUT' && /\/envelopes\/[^/]+$/.test(call.path)) return 'sendDraft';
  if (call.method === 'GET' && /\/envelopes\/[^/]+$/.test(call.path)) return 'getEnvelope';
  if (call.method === 'POST' && /\/envelopes$/.test(call.path)) return 'createEnvelope';
  if (call.method === 'GET' && /\/envelopes$/.test(call.path)) {
    return call.query.has('transaction_ids') ? 'findByTransactionId' : 'listStatus';
  }
  return undefined;
}

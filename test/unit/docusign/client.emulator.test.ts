// @vitest-environment node
// The REST client and the send-side logic against the DocuSign emulator (Node's own fetch, 127.0.0.1).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { samplePdf, pdfOfSize } from '../../emulator/fixtures.ts';
import { CHROME_REDIRECT_URI, SEED, startEmulator, type Emulator } from '../../emulator/index.ts';
import { createDocuSignClient, type DocuSignClient } from '../../../utils/docusign/client';
import { DocuSignApiError } from '../../../utils/docusign/errors';
import { MAX_REQUEST_BYTES } from '../../../utils/docusign/limits';
import { buildEnvelopeDefinition, envelopeOverheadBytes, type EnvelopeInput } from '../../../utils/send/envelope';
import { planEnvelopeUpload } from '../../../utils/send/multipart';
import { validateSend } from '../../../utils/send/validate';
import { nextAttemptDelay } from '../../../utils/outbox/retry-timing';

const nodeFetch = globalThis.fetch;
const jane = SEED.users.jane;
const acmeNa = SEED.accounts.acmeNa;

let emu: Emulator;
let logFile: string;

/** The OAuth code + PKCE dance with plain fetch (the emulator auto-approves and auto-logs-in jane). */
async function accessToken(): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const clientId = SEED.integrationKeys.main.clientId;
  const auth = new URL('/oauth/auth', emu.authServerUrl);
  auth.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CHROME_REDIRECT_URI,
    scope: 'signature extended',
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await nodeFetch(auth, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code');
  expect(code).toBeTruthy();
  const token = await nodeFetch(`${emu.authServerUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      code_verifier: verifier,
      redirect_uri: CHROME_REDIRECT_URI,
      client_id: clientId,
    }),
  });
  expect(token.status).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

let token: string;
function client(accountId: string = acmeNa.accountId, baseUri: string = emu.regions.na): DocuSignClient {
  return createDocuSignClient({ baseUri, accountId, getAccessToken: async () => token, fetch: nodeFetch });
}

function envelopeInput(overrides: Partial<EnvelopeInput> = {}): EnvelopeInput {
  return {
    documentBytes: new Uint8Array(samplePdf('Emulator test')),
    name: 'NDA.pdf',
    recipients: [
      { name: 'Bob Customer', email: 'bob@customer.example' },
      { name: 'Carol Copy', email: 'carol@customer.example', role: 'cc' },
    ],
    subject: 'Please sign: NDA.pdf',
    message: 'Hello Bob',
    status: 'created',
    transactionId: randomUUID(),
    customFields: { hostUser: 'jane@host.example', profile: 'acme-na' },
    ...overrides,
  };
}

async function failure(p: Promise<unknown>): Promise<DocuSignApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DocuSignApiError);
    return e as DocuSignApiError;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  logFile = join(tmpdir(), `swd-client-emulator-${process.pid}-${Date.now()}.jsonl`);
  emu = await startEmulator({ autoApprove: true, autoLoginAs: jane.email, logFile });
});

afterAll(async () => {
  await emu?.close();
  rmSync(logFile, { force: true });
});

beforeEach(async () => {
  emu.control.reset();
  token = await accessToken();
});

describe('DocuSign client against the emulator', () => {
  it('creates a draft and a sent envelope with the built definition', async () => {
    const draft = envelopeInput();
    const created = await client().createEnvelope(buildEnvelopeDefinition(draft));
    expect(created.value.status).toBe('created');
    expect(created.budget).toMatchObject({ limit: 3000, remaining: 2999 });
    expect(created.budget?.resetAt).toBeInstanceOf(Date);

    const sent = await client().createEnvelope(buildEnvelopeDefinition(envelopeInput({ status: 'sent', name: 'Offer', fileType: 'pdf' })));
    expect(sent.value.status).toBe('sent');

    const stored = emu.control.getEnvelopes();
    expect(stored).toHaveLength(2);
    const first = stored.find((e) => e.envelopeId === created.value.envelopeId)!;
    expect(first).toMatchObject({
      accountId: acmeNa.accountId,
      status: 'created',
      transactionId: draft.transactionId,
      emailSubject: 'Please sign: NDA.pdf',
      emailBlurb: 'Hello Bob',
      createdBy: jane.sub,
    });
    expect(first.documents).toEqual([
      expect.objectContaining({ documentId: '1', name: 'NDA.pdf', extension: 'pdf', bytes: draft.documentBytes!.length }),
    ]);
    expect(first.documents[0]!.sha256).toBe(createHash('sha256').update(draft.documentBytes!).digest('hex'));
    expect(first.recipients.signers).toEqual([{ recipientId: '1', email: 'bob@customer.example', name: 'Bob Customer', routingOrder: '1' }]);
    expect(first.recipients.carbonCopies).toEqual([{ recipientId: '2', email: 'carol@customer.example', name: 'Carol Copy', routingOrder: '1' }]);
    expect(emu.control.getUsage().find((u) => u.accountId === acmeNa.accountId)).toMatchObject({ envelopesCreated: 2, envelopesSent: 1 });

    const got = await client().getEnvelope(created.value.envelopeId);
    expect(got.value).toMatchObject({ envelopeId: created.value.envelopeId, status: 'created', transactionId: draft.transactionId });
  });

  it('finds the envelope by transactionId after the connection dropped once DocuSign had acted', async () => {
    const input = envelopeInput();
    emu.control.addFaults({ route: 'createEnvelope', drop: 'after' });
    const e = await failure(client().createEnvelope(buildEnvelopeDefinition(input)));
    expect(e).toMatchObject({ kind: 'network', retryable: true, status: 0 });
    // Recovery: ask before creating again.
    const found = await client().findByTransactionId(input.transactionId);
    expect(found.value).toHaveLength(1);
    expect(found.value[0]).toMatchObject({ transactionId: input.transactionId, status: 'created' });
    expect(emu.control.getEnvelopes().map((x) => x.envelopeId)).toEqual([found.value[0]!.envelopeId]);
    // An unknown transaction id: none.
    expect((await client().findByTransactionId(randomUUID())).value).toEqual([]);
  });

  it('sends a draft, finds every envelope of several transactionIds in one GET and deletes the spare drafts', async () => {
    const a = envelopeInput();
    const b = envelopeInput();
    const first = await client().createEnvelope(buildEnvelopeDefinition(a));
    const spare = await client().createEnvelope(buildEnvelopeDefinition(a)); // the same create, reached DocuSign twice
    const other = await client().createEnvelope(buildEnvelopeDefinition(b));
    expect((await client().sendDraft(first.value.envelopeId)).value).toEqual({ envelopeId: first.value.envelopeId });
    const again = await failure(client().sendDraft(first.value.envelopeId));
    expect(again).toMatchObject({ kind: 'validation', errorCode: 'ENVELOPE_INVALID_STATUS', operation: 'sendEnvelope' });
    const found = await client().findByTransactionIds([a.transactionId, b.transactionId]);
    expect(found.value.get(a.transactionId)!.map((e) => [e.envelopeId, e.status])).toEqual([
      [first.value.envelopeId, 'sent'],
      [spare.value.envelopeId, 'created'],
    ]);
    expect(found.value.get(b.transactionId)!.map((e) => e.envelopeId)).toEqual([other.value.envelopeId]);
    expect((await client().deleteEnvelopes([spare.value.envelopeId])).value).toBeNull();
    expect(emu.control.getEnvelopes().map((e) => e.status)).toEqual(['sent', 'deleted', 'created']);
    expect(await failure(client().deleteEnvelopes([randomUUID()]))).toMatchObject({ kind: 'not_found', operation: 'deleteEnvelopes' });
  });

  it('returns a sender view URL for a draft and sends the current envelopeViewRequest body', async () => {
    const created = await client().createEnvelope(buildEnvelopeDefinition(envelopeInput()));
    const view = await client().createSenderView(created.value.envelopeId, { returnUrl: 'http://127.0.0.1:9/host/doc/1?swd=1' });
    expect(view.value.url.startsWith(`${emu.regions.na}/senderview/`)).toBe(true);
    const page = await nodeFetch(view.value.url);
    expect(page.status).toBe(200);
    await page.text();

    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { method: string; path: string; body: unknown; headers: Record<string, unknown> });
    const logged = lines.filter((l) => l.method === 'POST' && l.path.endsWith('/views/sender')).pop()!;
    expect(logged.body).toEqual({
      returnUrl: 'http://127.0.0.1:9/host/doc/1?swd=1',
      viewAccess: 'envelope',
      settings: { startingScreen: 'Tagger', sendButtonAction: 'send', showBackButton: 'false' },
    });
    expect(JSON.stringify(logged.headers)).not.toContain(token);
  });

  it('batches status queries', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await client().createEnvelope(buildEnvelopeDefinition(envelopeInput()))).value.envelopeId);
    const missing = randomUUID();
    const result = await client().listStatus([...ids, missing]);
    expect(result.value.envelopes.map((e) => e.envelopeId).sort()).toEqual([...ids].sort());
    expect(result.value.missing).toEqual([missing]);
    expect(result.value.envelopes.every((e) => e.status === 'created')).toBe(true);
  });

  it('a DocuSign validation error → kind validation with DocuSign\u2019s message', async () => {
    const def = buildEnvelopeDefinition(envelopeInput({ recipients: [{ name: 'Bob', email: 'bob@localhost' }] }));
    const e = await failure(client().createEnvelope(def));
    expect(e).toMatchObject({
      kind: 'validation',
      status: 400,
      errorCode: 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT',
      retryable: false,
      operation: 'createEnvelope',
    });
    expect(e.message).toMatch(/^The email address for the recipient is invalid/);
    expect(e.message).toBe(e.docuSignMessage);
    expect(nextAttemptDelay({ error: e, attempt: 1, now: Date.now() })).toMatchObject({ action: 'fail', reason: 'not_retryable' });
  });

  it('a not-a-PDF document is rejected by DocuSign as validation (sniffing would have caught it first)', async () => {
    const def = buildEnvelopeDefinition(envelopeInput({ documentBytes: new TextEncoder().encode('<html>login</html>') }));
    expect(await failure(client().createEnvelope(def))).toMatchObject({ kind: 'validation', errorCode: 'PDF_VALIDATION_FAILED' });
  });

  it.each([429, 400] as const)('hourly limit as HTTP %i → rate_limited_hourly with resetAt', async (status) => {
    emu.control.setConfig({ limits: { hourlyLimit: 1, rateLimitStatus: status } });
    const ok = await client().listStatus([randomUUID()]);
    expect(ok.budget?.remaining).toBe(0);
    const e = await failure(client().getEnvelope(randomUUID()));
    expect(e).toMatchObject({ kind: 'rate_limited_hourly', status, errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', retryable: true });
    expect(e.resetAt).toBeInstanceOf(Date);
    expect(e.resetAt!.getTime() % 3_600_000).toBe(0);
    expect(e.resetAt!.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(e.budget?.remaining).toBe(0);
    const decision = nextAttemptDelay({ error: e, attempt: 1, now: Date.now(), random: () => 0 });
    expect(decision).toEqual({ action: 'retry', atMs: e.resetAt!.getTime(), reason: 'rate_limited_hourly' });
  });

  it.each([429, 400] as const)('burst limit as HTTP %i → rate_limited_burst', async (status) => {
    emu.control.setConfig({ limits: { burstLimit: 2, rateLimitStatus: status } });
    await client().listStatus([randomUUID()]);
    const second = await client().listStatus([randomUUID()]);
    expect(second.budget?.burstRemaining).toBe(0);
    const e = await failure(client().listStatus([randomUUID()]));
    expect(e).toMatchObject({ kind: 'rate_limited_burst', status, errorCode: 'BURST_APIINVOCATION_LIMIT_EXCEEDED', retryable: true });
    expect(e.resetAt).toBeInstanceOf(Date);
  });

  it('an injected polling-limit fault → polling_limited', async () => {
    emu.control.addFaults({ route: 'listEnvelopes', status: 429, errorCode: 'Hourly_Envelope_Polling_Limit_Exceeded', message: 'Polled too often.' });
    expect(await failure(client().listStatus([randomUUID()]))).toMatchObject({ kind: 'polling_limited', status: 429, message: 'Polled too often.' });
  });

  it('an expired token → unauthorized', async () => {
    emu.control.expireTokens();
    const e = await failure(client().getEnvelope(randomUUID()));
    expect(e).toMatchObject({ kind: 'unauthorized', status: 401, errorCode: 'AUTHORIZATION_INVALID_TOKEN', retryable: true });
    expect(JSON.stringify(e)).not.toContain(token);
    expect(nextAttemptDelay({ error: e, attempt: 1, now: 0 })).toEqual({ action: 'refresh-then-retry' });
  });

  it('an account the user is not a member of → not_member', async () => {
    const personal = SEED.accounts.samPersonal;
    expect(await failure(client(personal.accountId).getEnvelope(randomUUID()))).toMatchObject({ kind: 'not_member', errorCode: 'USER_LACKS_MEMBERSHIP' });
  });

  it('5xx fault → server, retryable; unknown envelope → not_found', async () => {
    emu.control.addFaults({ route: 'getEnvelope', status: 503 });
    expect(await failure(client().getEnvelope(randomUUID()))).toMatchObject({ kind: 'server', status: 503, retryable: true });
    expect(await failure(client().getEnvelope(randomUUID()))).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('a closed port → network', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const e = await failure(client(acmeNa.accountId, `http://127.0.0.1:${port}`).getEnvelope('x'));
    expect(e).toMatchObject({ kind: 'network', status: 0, retryable: true });
  });

  it('the request-size formula matches DocuSign\u2019s 35,651,584-byte limit exactly', async () => {
    // Pick a subject length that makes the base64 end exactly on the limit.
    let input = envelopeInput();
    let size = 0;
    for (let pad = 0; pad < 4; pad++) {
      input = envelopeInput({ subject: `Exact fit ${'x'.repeat(pad)}` });
      const overhead = envelopeOverheadBytes(input);
      if ((MAX_REQUEST_BYTES - overhead) % 4 === 0) {
        size = ((MAX_REQUEST_BYTES - overhead) / 4) * 3;
        break;
      }
    }
    const bytes = new Uint8Array(pdfOfSize(size));
    expect(validateSend({ ...input, documentSize: size })).toEqual({ ok: true });
    const def = buildEnvelopeDefinition({ ...input, documentBytes: bytes });
    expect(Buffer.byteLength(JSON.stringify(def))).toBe(MAX_REQUEST_BYTES);
    const created = await client().createEnvelope(def);
    expect(created.value.envelopeId).toBeTruthy();

    // One more byte: as JSON DocuSign refuses it (413), so validation accepts it only because the
    // send then goes as multipart (createEnvelopeWithDocument), which fits easily.
    const over = { ...input, subject: `${input.subject}!` };
    const { documentBytes: _d, ...overShape } = over;
    expect(planEnvelopeUpload(overShape, size)).toMatchObject({ transport: 'multipart', fits: true });
    expect(validateSend({ ...over, documentSize: size })).toEqual({ ok: true });
    const e = await failure(client().createEnvelope(buildEnvelopeDefinition({ ...over, documentBytes: bytes })));
    expect(e).toMatchObject({ kind: 'validation', status: 413, retryable: false });
    const viaMultipart = await client().createEnvelopeWithDocument({ ...over, documentBytes: bytes });
    expect(viaMultipart.transport).toBe('multipart');
    expect(viaMultipart.requestBytes).toBeLessThan(MAX_REQUEST_BYTES - 8 * 1024 * 1024);
    expect(emu.control.getEnvelopes().find((x) => x.envelopeId === viaMultipart.value.envelopeId)?.documents[0]?.bytes).toBe(size);
  }, 30_000);
});

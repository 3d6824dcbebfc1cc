// @vitest-environment node
// Large documents through multipart/form-data against the DocuSign emulator (Node's own fetch,
// 127.0.0.1): a 30 MiB PDF end to end, the 32 MiB document limit, the exact multipart request limit,
// and the JSON path still used for small documents.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pdfOfSize, samplePdf } from '../../emulator/fixtures.ts';
import { CHROME_REDIRECT_URI, SEED, startEmulator, type Emulator } from '../../emulator/index.ts';
import { createDocuSignClient, type DocuSignClient } from '../../../utils/docusign/client';
import { DocuSignApiError } from '../../../utils/docusign/errors';
import { MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES } from '../../../utils/docusign/limits';
import { envelopeRequestBytes, type EnvelopeInput, type EnvelopeShapeInput } from '../../../utils/send/envelope';
import { buildEnvelopeMultipart, multipartOverheadBytes, multipartRequestBytes } from '../../../utils/send/multipart';
import { validateSend } from '../../../utils/send/validate';

const nodeFetch = globalThis.fetch;
const jane = SEED.users.jane;
const acmeNa = SEED.accounts.acmeNa;
const MIB = 1024 * 1024;

let emu: Emulator;
let logFile: string;
let token: string;

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
  const res = await nodeFetch(`${emu.authServerUrl}/oauth/token`, {
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
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function client(): DocuSignClient {
  return createDocuSignClient({ baseUri: emu.regions.na, accountId: acmeNa.accountId, getAccessToken: async () => token, fetch: nodeFetch });
}

function envelopeInput(overrides: Partial<EnvelopeInput> = {}): EnvelopeInput {
  return {
    documentBytes: new Uint8Array(samplePdf('Multipart test')),
    name: 'Scan.pdf',
    recipients: [
      { name: 'Bob Customer', email: 'bob@customer.example' },
      { name: 'Carol Copy', email: 'carol@customer.example', role: 'cc' },
    ],
    subject: 'Please sign: Scan.pdf',
    message: 'Hello Bob',
    status: 'created',
    transactionId: randomUUID(),
    customFields: { hostUser: 'jane@host.example', profile: 'acme-na' },
    ...overrides,
  };
}

function shapeOf(i: EnvelopeInput): EnvelopeShapeInput {
  const { documentBytes: _d, documentBase64: _b, ...shape } = i;
  return shape;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface LogLine {
  method: string;
  path: string;
  status: number | null;
  headers: Record<string, string>;
  body: unknown;
}

/** Logged POST …/envelopes requests. */
function envelopePosts(): LogLine[] {
  return readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine)
    .filter((l) => l.method === 'POST' && /\/envelopes$/.test(l.path));
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
  logFile = join(tmpdir(), `swd-multipart-emulator-${process.pid}-${Date.now()}.jsonl`);
  emu = await startEmulator({ autoApprove: true, autoLoginAs: jane.email, logFile });
});

afterAll(async () => {
  await emu?.close();
  rmSync(logFile, { force: true });
});

beforeEach(async () => {
  emu.control.reset();
  rmSync(logFile, { force: true });
  token = await accessToken();
});

describe('createEnvelopeWithDocument against the emulator', () => {
  it('a 30 MiB PDF goes through as multipart: stored with the right byte count and sha256', async () => {
    const bytes = new Uint8Array(pdfOfSize(30 * MIB));
    bytes.set(randomBytes(4096), 1024); // not only padding: the digest must cover real content
    const input = envelopeInput({ documentBytes: bytes, status: 'sent' });
    expect(validateSend({ ...shapeOf(input), documentSize: bytes.length })).toEqual({ ok: true });

    const result = await client().createEnvelopeWithDocument(input);
    expect(result.transport).toBe('multipart');
    expect(result.requestBytes).toBe(multipartRequestBytes(shapeOf(input), bytes.length));
    expect(result.value).toMatchObject({ status: 'sent' });
    expect(result.budget).toMatchObject({ limit: 3000, remaining: 2999 });

    const stored = emu.control.getEnvelopes();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      envelopeId: result.value.envelopeId,
      accountId: acmeNa.accountId,
      status: 'sent',
      transactionId: input.transactionId,
      emailSubject: 'Please sign: Scan.pdf',
      emailBlurb: 'Hello Bob',
      createdBy: jane.sub,
    });
    expect(stored[0]!.documents).toEqual([
      { documentId: '1', name: 'Scan.pdf', extension: 'pdf', bytes: 30 * MIB, sha256: sha256(bytes) },
    ]);
    expect(stored[0]!.recipients.signers.map((s) => s.email)).toEqual(['bob@customer.example']);
    expect(stored[0]!.recipients.carbonCopies.map((s) => s.email)).toEqual(['carol@customer.example']);

    // On the wire: multipart/form-data, exactly requestBytes long, JSON part then one 30 MiB part.
    const [post] = envelopePosts();
    expect(post!.status).toBe(201);
    expect(post!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=swd-boundary-/);
    expect(Number(post!.headers['content-length'])).toBe(result.requestBytes);
    expect(post!.body).toMatchObject({
      multipart: true,
      length: result.requestBytes,
      parts: [
        { disposition: 'form-data; name="envelopeDefinition"', json: expect.objectContaining({ emailSubject: 'Please sign: Scan.pdf' }) },
        { disposition: 'file; filename="Scan.pdf"; documentid=1', contentType: 'application/pdf', bytes: 30 * MIB },
      ],
    });
    expect(JSON.stringify(post!.body)).not.toContain('documentBase64');
  }, 15_000);

  it('small documents still go as JSON (documentBase64)', async () => {
    const input = envelopeInput({ name: 'Zoë’s "NDA".pdf' });
    const result = await client().createEnvelopeWithDocument(input);
    expect(result.transport).toBe('json');
    expect(result.requestBytes).toBe(envelopeRequestBytes(shapeOf(input), input.documentBytes!.length));
    const [post] = envelopePosts();
    expect(post!.headers['content-type']).toBe('application/json');
    expect(Number(post!.headers['content-length'])).toBe(result.requestBytes);
    expect(post!.body).toMatchObject({ documents: [{ documentBase64: { redacted: true } }] });
    const stored = emu.control.getEnvelopes();
    expect(stored[0]!.documents).toEqual([
      { documentId: '1', name: 'Zoë’s "NDA".pdf', extension: 'pdf', bytes: input.documentBytes!.length, sha256: sha256(input.documentBytes!) },
    ]);
  });

  it('a forced multipart upload of an odd name and a Word file: the emulator keeps the exact name', async () => {
    const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...randomBytes(500)]);
    const input = envelopeInput({ documentBytes: docx, name: 'Angebot "Q3"; für Zoë 合同.docx' });
    const result = await client().createEnvelopeWithDocument(input, { transport: 'multipart' });
    expect(result.transport).toBe('multipart');
    expect(emu.control.getEnvelopes()[0]!.documents).toEqual([
      { documentId: '1', name: 'Angebot "Q3"; für Zoë 合同.docx', extension: 'docx', bytes: docx.length, sha256: sha256(docx) },
    ]);
  });

  it('a 32 MiB + 1 byte document is refused locally, before anything is uploaded', async () => {
    const size = MAX_DOCUMENT_BYTES + 1;
    const input = envelopeInput({ documentBytes: new Uint8Array(pdfOfSize(size)) });
    expect(validateSend({ ...shapeOf(input), documentSize: size })).toMatchObject({ ok: false, problems: [{ code: 'document_too_large' }] });
    const e = await failure(client().createEnvelopeWithDocument(input));
    expect(e).toMatchObject({ kind: 'validation', status: 0, retryable: false, operation: 'createEnvelope' });
    expect(envelopePosts()).toEqual([]);
    expect(emu.control.getEnvelopes()).toEqual([]);
    expect(emu.control.getUsage().find((u) => u.accountId === acmeNa.accountId)).toMatchObject({ apiCalls: 0, envelopesCreated: 0 });
  });

  it('exactly 32 MiB is accepted; at the request limit the envelope details decide, to the byte', async () => {
    const doc32 = new Uint8Array(pdfOfSize(MAX_DOCUMENT_BYTES));
    const ok = await client().createEnvelopeWithDocument(envelopeInput({ documentBytes: doc32 }));
    expect(ok.transport).toBe('multipart');
    expect(emu.control.getEnvelopes()[0]!.documents[0]!.bytes).toBe(MAX_DOCUMENT_BYTES);

    // Envelope details over 2 MiB (hidden custom fields with long names) leave less than 32 MiB for the
    // document: the largest document that fits makes the request exactly 35,651,584 bytes.
    const extra = Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`field${k}-${'n'.repeat(22_000)}`, 'v']));
    const heavy = envelopeInput({ customFields: { extra } });
    const size = MAX_REQUEST_BYTES - multipartOverheadBytes(shapeOf(heavy));
    expect(size).toBeLessThan(MAX_DOCUMENT_BYTES);
    const doc = doc32.subarray(0, size);
    const atLimit = await client().createEnvelopeWithDocument({ ...heavy, documentBytes: doc });
    expect(atLimit.requestBytes).toBe(MAX_REQUEST_BYTES);
    expect(emu.control.getEnvelopes()).toHaveLength(2);

    // One subject character more: refused locally (validation agrees) ...
    const over = { ...heavy, subject: `${heavy.subject}!` };
    expect(validateSend({ ...shapeOf(over), documentSize: size })).toMatchObject({ ok: false, problems: [{ code: 'request_too_large' }] });
    const e = await failure(client().createEnvelopeWithDocument({ ...over, documentBytes: doc }));
    expect(e).toMatchObject({ kind: 'validation', status: 0 });
    expect(e.message).toBe('The upload would take 34.0 MB (35,651,585 bytes); DocuSign accepts at most 34 MB per request.');
    expect(envelopePosts()).toHaveLength(2);

    // ... and DocuSign (the emulator) would have refused that very body with 413.
    const body = buildEnvelopeMultipart({ ...over, documentBytes: doc });
    expect(body.byteLength).toBe(MAX_REQUEST_BYTES + 1);
    const res = await nodeFetch(`${emu.regions.na}/restapi/v2.1/accounts/${acmeNa.accountId}/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': body.contentType },
      body: body.body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(emu.control.getEnvelopes()).toHaveLength(2);
  }, 15_000);

  it('DocuSign errors on the multipart path are mapped as for createEnvelope (validation, fault, dropped connection)', async () => {
    const notPdf = envelopeInput({ documentBytes: new TextEncoder().encode('<html>login</html>') });
    expect(await failure(client().createEnvelopeWithDocument(notPdf, { transport: 'multipart' }))).toMatchObject({
      kind: 'validation',
      status: 400,
      errorCode: 'PDF_VALIDATION_FAILED',
      operation: 'createEnvelope',
    });
    emu.control.addFaults({ route: 'createEnvelope', status: 503 });
    expect(await failure(client().createEnvelopeWithDocument(envelopeInput(), { transport: 'multipart' }))).toMatchObject({
      kind: 'server',
      status: 503,
      retryable: true,
    });
    // Dropped after DocuSign acted: recovery by transactionId finds it, as for the JSON path.
    const input = envelopeInput();
    emu.control.addFaults({ route: 'createEnvelope', drop: 'after' });
    expect(await failure(client().createEnvelopeWithDocument(input, { transport: 'multipart' }))).toMatchObject({ kind: 'network', retryable: true });
    expect((await client().findByTransactionId(input.transactionId)).value).toMatchObject([{ transactionId: input.transactionId }]);
  });
});

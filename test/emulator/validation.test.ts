import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pdfOfSize, samplePdfBase64 } from './fixtures.ts';
import { api, envelopeDefinition, signIn } from './helpers.ts';
import { startEmulator, type Emulator } from './index.ts';
import { SEED } from './seed.ts';
import { MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES } from './validation.ts';

const NA = SEED.accounts.acmeNa.accountId;
const PATH = `/accounts/${NA}/envelopes`;

let emu: Emulator;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ autoApprove: true });
  token = (await signIn(emu, SEED.users.jane)).access_token;
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.control.clearFaults();
});

interface ErrorBody {
  errorCode: string;
  message: string;
}

const pdf = samplePdfBase64();
const doc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ documentBase64: pdf, name: 'a.pdf', fileExtension: 'pdf', documentId: '1', ...over });
const signer = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ email: 's@example.org', name: 'Signer', recipientId: '1', routingOrder: '1', ...over });
const signers = (...list: Array<Record<string, unknown>>): Record<string, unknown> => ({ recipients: { signers: list } });
const many = (n: number): Array<Record<string, unknown>> => Array.from({ length: n }, (_, i) => signer({ recipientId: String(i + 1), email: `s${i}@example.org` }));

async function post(body: string, contentType = 'application/json'): Promise<Response> {
  return api(emu, 'na', token, PATH, { body, headers: { 'Content-Type': contentType } });
}

async function expectRejected(res: Response, errorCode: string, status = 400): Promise<ErrorBody> {
  const before = emu.control.getEnvelopes().length;
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(body.errorCode).toBe(errorCode);
  expect(body.message.length).toBeGreaterThan(10);
  expect(emu.control.getEnvelopes().length).toBe(before);
  return body;
}

describe('envelopeDefinition validation (400 errorDetails)', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['status not created/sent', 'ENVELOPE_INVALID_STATUS', { status: 'completed' }],
    ['emailSubject of 101 characters', 'EMAIL_SUBJECT_TOO_LONG', { emailSubject: 'x'.repeat(101) }],
    ['emailBlurb over 10000 characters', 'EMAIL_BLURB_TOO_LONG', { emailBlurb: 'x'.repeat(10_001) }],
    ['status sent without emailSubject', 'ENVELOPE_IS_INCOMPLETE', { status: 'sent', emailSubject: '' }],
    ['status sent without documents', 'ENVELOPE_IS_INCOMPLETE', { status: 'sent', documents: [] }],
    ['status sent without signers (only a carbon copy)', 'ENVELOPE_IS_INCOMPLETE', { status: 'sent', recipients: { carbonCopies: [signer()] } }],
    ['documents not an array', 'INVALID_REQUEST_BODY', { documents: { documentBase64: pdf } }],
    ['emailSubject an object', 'INVALID_REQUEST_BODY', { emailSubject: { text: 'x' } }],
    ['documentId missing', 'INVALID_DOCUMENT_ID', { documents: [doc({ documentId: undefined })] }],
    ['documentId not a number', 'INVALID_DOCUMENT_ID', { documents: [doc({ documentId: 'one' })] }],
    ['documentId duplicated', 'INVALID_DOCUMENT_ID', { documents: [doc(), doc({ name: 'b.pdf' })] }],
    ['document name missing', 'DOCUMENT_NAME_REQUIRED', { documents: [doc({ name: '  ' })] }],
    ['documentBase64 not base64', 'NO_DOCUMENT_RECEIVED', { documents: [doc({ documentBase64: 'not base64!!' })] }],
    ['documentBase64 base64url alphabet', 'NO_DOCUMENT_RECEIVED', { documents: [doc({ documentBase64: Buffer.from('%PDF-1.4 ??>>').toString('base64url') + 'A' })] }],
    ['documentBase64 missing', 'NO_DOCUMENT_RECEIVED', { documents: [doc({ documentBase64: undefined })] }],
    ['unsupported fileExtension', 'UNSUPPORTED_FILE_TYPE', { documents: [doc({ fileExtension: 'exe', name: 'a.exe' })] }],
    [
      'a .docx without fileExtension is taken as PDF and fails',
      'PDF_VALIDATION_FAILED',
      { documents: [doc({ fileExtension: undefined, name: 'a.docx', documentBase64: Buffer.from('PK\u0003\u0004 word').toString('base64') })] },
    ],
    ['a PDF that is not a PDF', 'PDF_VALIDATION_FAILED', { documents: [doc({ documentBase64: Buffer.from('hello').toString('base64') })] }],
    ['an empty docx', 'FORMAT_CONVERSION_ERROR', { documents: [doc({ fileExtension: 'docx', documentBase64: '' })] }],
    ['signer email invalid', 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', signers(signer({ email: 'not-an-email' }))],
    ['signer email missing', 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', signers(signer({ email: undefined }))],
    ['signer email over 100 characters', 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', signers(signer({ email: `${'a'.repeat(90)}@example.org` }))],
    ['carbon copy email invalid', 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', { recipients: { signers: [signer()], carbonCopies: [signer({ recipientId: '2', email: 'a@b' })] } }],
    ['signer name missing', 'INVALID_USERNAME_FOR_RECIPIENT', signers(signer({ name: undefined }))],
    ['signer name over 100 characters', 'INVALID_USERNAME_FOR_RECIPIENT', signers(signer({ name: 'n'.repeat(101) }))],
    ['recipientId missing', 'INVALID_RECIPIENT_ID', signers(signer({ recipientId: undefined }))],
    ['recipientId duplicated across signers and carbon copies', 'INVALID_RECIPIENT_ID', { recipients: { signers: [signer()], carbonCopies: [signer({ email: 'c@example.org' })] } }],
    ['routingOrder not a number', 'INVALID_ROUTING_ORDER', signers(signer({ routingOrder: 'first' }))],
    ['signers not an array', 'INVALID_REQUEST_BODY', { recipients: { signers: signer() } }],
    ['101 recipients', 'MAX_RECIPIENTS_EXCEEDED', { recipients: { signers: many(100), carbonCopies: [signer({ recipientId: '101', email: 'cc@example.org' })] } }],
    ['templateId (no templates)', 'TEMPLATE_ID_INVALID', { templateId: '12345678-1234-4234-8234-123456789012' }],
  ];

  it.each(cases)('%s -> %s', async (_name, errorCode, overrides) => {
    await expectRejected(await api(emu, 'na', token, PATH, { json: envelopeDefinition(overrides) }), errorCode);
  });

  it('malformed JSON -> INVALID_REQUEST_BODY', async () => {
    await expectRejected(await post('{"emailSubject": "x",'), 'INVALID_REQUEST_BODY');
  });

  it('a JSON array instead of an object -> INVALID_REQUEST_BODY', async () => {
    await expectRejected(await post('[]'), 'INVALID_REQUEST_BODY');
  });

  it('text/plain (fetch without a Content-Type) -> INVALID_CONTENT_TYPE', async () => {
    await expectRejected(await post(JSON.stringify(envelopeDefinition()), 'text/plain;charset=UTF-8'), 'INVALID_CONTENT_TYPE');
  });

  it('malformed multipart -> INVALID_MULTI_PART_REQUEST', async () => {
    await expectRejected(await post('garbage', 'multipart/form-data; boundary=XYZ'), 'INVALID_MULTI_PART_REQUEST');
  });
});

describe('accepted variants', () => {
  it.each([
    ['exactly 100 characters of subject', { emailSubject: 'x'.repeat(100) }],
    ['exactly 100 recipients', { recipients: { signers: many(100) } }],
    ['numbers where DocuSign types strings', { documents: [doc({ documentId: 1 })], recipients: { signers: [signer({ recipientId: 1, routingOrder: 2 })] } }],
    ['a docx with its fileExtension', { documents: [doc({ fileExtension: 'docx', name: 'a.docx', documentBase64: Buffer.from('PK\u0003\u0004 word').toString('base64') })] }],
    ['an upper-case PDF extension', { documents: [doc({ fileExtension: 'PDF' })] }],
    ['a draft without documents or recipients', { documents: undefined, recipients: undefined, emailSubject: undefined }],
    ['base64 with line breaks (MIME style)', { documents: [doc({ documentBase64: pdf.replace(/(.{76})/g, '$1\r\n') })] }],
    ['status sent with everything', { status: 'sent' }],
  ])('%s -> 201', async (_name, overrides) => {
    const res = await api(emu, 'na', token, PATH, { json: envelopeDefinition(overrides) });
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it('stores numeric ids as strings', async () => {
    const res = await api(emu, 'na', token, PATH, { json: envelopeDefinition({ transactionId: 'num-ids', documents: [doc({ documentId: 7 })] }) });
    expect(res.status).toBe(201);
    const env = emu.control.getEnvelopes().find((e) => e.transactionId === 'num-ids')!;
    expect(env.documents[0]!.documentId).toBe('7');
  });
});

function multipart(definition: Record<string, unknown>, parts: Array<{ documentId: string; bytes: Buffer; filename: string }>): { body: Buffer; contentType: string } {
  const boundary = 'emulator-boundary-7f3a';
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data\r\n\r\n${JSON.stringify(definition)}\r\n`),
  ];
  for (const p of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Type: application/pdf\r\nContent-Disposition: file; filename="${p.filename}"; documentid=${p.documentId}\r\n\r\n`),
      p.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('multipart requests and size limits', () => {
  const definition = (transactionId: string): Record<string, unknown> =>
    envelopeDefinition({ transactionId, documents: [{ name: 'big.pdf', fileExtension: 'pdf', documentId: '1' }] });

  it('a multipart request with a binary document part is accepted', async () => {
    const m = multipart(definition('mp-small'), [{ documentId: '1', bytes: pdfOfSize(5000), filename: 'big.pdf' }]);
    const res = await api(emu, 'na', token, PATH, { body: m.body, headers: { 'Content-Type': m.contentType } });
    expect(res.status).toBe(201);
    expect(emu.control.getEnvelopes().find((e) => e.transactionId === 'mp-small')!.documents[0]!.bytes).toBe(5000);
  });

  it('a document of exactly 32 MB is accepted; one byte more -> MAX_DOCUMENT_SIZE_EXCEEDED', async () => {
    const ok = multipart(definition('mp-32mb'), [{ documentId: '1', bytes: pdfOfSize(MAX_DOCUMENT_BYTES), filename: 'big.pdf' }]);
    expect(ok.body.length).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    const res = await api(emu, 'na', token, PATH, { body: ok.body, headers: { 'Content-Type': ok.contentType } });
    expect(res.status).toBe(201);
    expect(emu.control.getEnvelopes().find((e) => e.transactionId === 'mp-32mb')!.documents[0]!.bytes).toBe(MAX_DOCUMENT_BYTES);

    const tooBig = multipart(definition('mp-32mb+1'), [{ documentId: '1', bytes: pdfOfSize(MAX_DOCUMENT_BYTES + 1), filename: 'big.pdf' }]);
    const body = await expectRejected(await api(emu, 'na', token, PATH, { body: tooBig.body, headers: { 'Content-Type': tooBig.contentType } }), 'MAX_DOCUMENT_SIZE_EXCEEDED');
    expect(body.message).toContain(String(MAX_DOCUMENT_BYTES));
  });

  it('a multipart document part without documentid -> INVALID_MULTI_PART_REQUEST', async () => {
    const m = multipart(definition('mp-noid'), [{ documentId: '1', bytes: pdfOfSize(100), filename: 'a.pdf' }]);
    const broken = Buffer.from(m.body.toString('latin1').replace('; documentid=1', ''), 'latin1');
    await expectRejected(await api(emu, 'na', token, PATH, { body: broken, headers: { 'Content-Type': m.contentType } }), 'INVALID_MULTI_PART_REQUEST');
  });

  it(`a JSON request of exactly ${MAX_REQUEST_BYTES} bytes is accepted; one byte more -> 413`, async () => {
    // A real envelope padded with JSON whitespace up to the exact limit.
    const def = Buffer.from(JSON.stringify(envelopeDefinition({ transactionId: 'json-limit' })));
    const exact = Buffer.alloc(MAX_REQUEST_BYTES, 0x20);
    def.copy(exact);
    const ok = await api(emu, 'na', token, PATH, { body: exact, headers: { 'Content-Type': 'application/json' } });
    expect(ok.status).toBe(201);
    const over = await api(emu, 'na', token, PATH, { body: Buffer.concat([exact, Buffer.from(' ')]), headers: { 'Content-Type': 'application/json' } });
    expect(over.status).toBe(413);
    expect(((await over.json()) as ErrorBody).errorCode).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(emu.control.getEnvelopes().filter((e) => e.transactionId === 'json-limit')).toHaveLength(1);
  });

  it('a large base64 document (5 MB) in JSON is decoded and hashed', async () => {
    const bytes = pdfOfSize(5_000_000);
    const res = await api(emu, 'na', token, PATH, {
      json: envelopeDefinition({ transactionId: 'json-5mb', documents: [doc({ documentBase64: bytes.toString('base64') })] }),
    });
    expect(res.status).toBe(201);
    const stored = emu.control.getEnvelopes().find((e) => e.transactionId === 'json-5mb')!;
    expect(stored.documents[0]!.bytes).toBe(5_000_000);
    expect(stored.documents[0]!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('an oversized streamed request (no Content-Length) is cut off at the limit with 413', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) controller.close();
        else {
          sent++;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await fetch(`${emu.regions.na}/restapi/v2.1${PATH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).errorCode).toBe('REQUEST_ENTITY_TOO_LARGE');
  });
});

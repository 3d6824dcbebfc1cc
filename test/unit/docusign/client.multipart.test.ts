// createEnvelopeWithDocument with a fake fetch: transport choice, request shape, local refusals,
// and the same error / budget / timeout handling as createEnvelope.
import { describe, expect, it } from 'vitest';
import { parseMultipart, boundaryOf } from '../../emulator/multipart.ts';
import { createDocuSignClient, type FetchFn } from '../../../utils/docusign/client';
import { DocuSignApiError } from '../../../utils/docusign/errors';
import { MAX_DOCUMENT_BYTES, MAX_REQUEST_BYTES } from '../../../utils/docusign/limits';
import { buildEnvelopeDefinition, envelopeRequestBytes, type EnvelopeInput } from '../../../utils/send/envelope';
import { bytesToBase64 } from '../../../utils/send/base64';
import { multipartRequestBytes } from '../../../utils/send/multipart';

const TOKEN = 'eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.secret-token-value-1234567890';
const BASE = 'https://eu.docusign.net';
const ACCOUNT = 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b';
const TX = '3f2c1a7e-9b8d-4c6e-a5f4-1e2d3c4b5a69';
const RATE_HEADERS = {
  'X-RateLimit-Limit': '3000',
  'X-RateLimit-Remaining': '2999',
  'X-RateLimit-Reset': '1800003600',
  'X-BurstLimit-Limit': '500',
  'X-BurstLimit-Remaining': '499',
};

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(responder: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchFn = async (url, init = {}) => {
    const call = { url, init };
    calls.push(call);
    return responder(call);
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const created = () => json(201, { envelopeId: 'env-1', status: 'created', statusDateTime: '2026-05-12T10:00:00Z', uri: '/envelopes/env-1' }, RATE_HEADERS);

function client(fetch: FetchFn, extra: Partial<Parameters<typeof createDocuSignClient>[0]> = {}) {
  return createDocuSignClient({ baseUri: BASE, accountId: ACCOUNT, getAccessToken: async () => TOKEN, fetch, now: () => 42, ...extra });
}

function pdf(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.4\n').subarray(0, size));
  return bytes;
}

function input(overrides: Partial<EnvelopeInput> = {}): EnvelopeInput {
  return {
    documentBytes: pdf(1000),
    name: 'NDA.pdf',
    recipients: [{ name: 'Bob', email: 'bob@customer.example' }],
    subject: 'Please sign',
    status: 'created',
    transactionId: TX,
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

const header = (call: Call, name: string) => (call.init.headers as Record<string, string>)[name];

async function multipartOf(call: Call) {
  const body = call.init.body;
  expect(body).toBeInstanceOf(Blob);
  const bytes = Buffer.from(await (body as Blob).arrayBuffer());
  const boundary = boundaryOf(header(call, 'Content-Type'));
  expect(boundary).toBeTruthy();
  return { bytes, parts: parseMultipart(bytes, boundary!)! };
}

describe('createEnvelopeWithDocument', () => {
  it('a small document goes as JSON, exactly as createEnvelope sends it', async () => {
    const { fetch, calls } = fakeFetch(() => created());
    const i = input();
    const result = await client(fetch).createEnvelopeWithDocument(i);
    expect(result).toEqual({
      value: { envelopeId: 'env-1', status: 'created', statusDateTime: '2026-05-12T10:00:00Z', uri: '/envelopes/env-1' },
      budget: expect.objectContaining({ limit: 3000, remaining: 2999 }),
      transport: 'json',
      requestBytes: envelopeRequestBytes(i, 1000),
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/envelopes`);
    expect(calls[0]!.init.method).toBe('POST');
    expect(header(calls[0]!, 'Content-Type')).toBe('application/json');
    expect(header(calls[0]!, 'Authorization')).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]!.init.body).toBe(JSON.stringify(buildEnvelopeDefinition(i)));
    expect(new TextEncoder().encode(calls[0]!.init.body as string).length).toBe(result.requestBytes);
  });

  it('a document whose JSON request would not fit goes as multipart: definition part + raw bytes', async () => {
    const { fetch, calls } = fakeFetch(() => created());
    const budgets: unknown[] = [];
    const size = 26 * 1024 * 1024; // ~34.7 MB as base64: over the limit as JSON
    const i = input({ documentBytes: pdf(size), name: 'Big scan.pdf', status: 'sent' });
    expect(envelopeRequestBytes(i, size)).toBeGreaterThan(MAX_REQUEST_BYTES);
    const result = await client(fetch, { onRateBudget: (b) => budgets.push(b) }).createEnvelopeWithDocument(i);
    expect(result.transport).toBe('multipart');
    expect(result.requestBytes).toBe(multipartRequestBytes(i, size));
    expect(result.value.envelopeId).toBe('env-1');
    expect(budgets).toHaveLength(1);
    const call = calls[0]!;
    expect(header(call, 'Content-Type')).toMatch(/^multipart\/form-data; boundary=swd-boundary-[A-Za-z0-9]{27}$/);
    expect(header(call, 'Authorization')).toBe(`Bearer ${TOKEN}`);
    expect(header(call, 'Accept')).toBe('application/json');
    expect(call.init).toMatchObject({ method: 'POST', credentials: 'omit', cache: 'no-store', redirect: 'error' });
    const { bytes, parts } = await multipartOf(call);
    expect(bytes.length).toBe(result.requestBytes);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.disposition).toEqual({ name: 'envelopeDefinition' });
    const def = JSON.parse(parts[0]!.body.toString('utf8')) as { status: string; documents: unknown[] };
    expect(def.status).toBe('sent');
    expect(def.documents).toEqual([{ documentId: '1', name: 'Big scan.pdf', fileExtension: 'pdf' }]);
    expect(parts[1]!.disposition).toEqual({ filename: 'Big scan.pdf', documentid: '1' });
    expect(parts[1]!.contentType).toBe('application/pdf');
    expect(parts[1]!.body.length).toBe(size);
  });

  it('the transport can be forced (small document as multipart)', async () => {
    const { fetch, calls } = fakeFetch(() => created());
    const result = await client(fetch).createEnvelopeWithDocument(input({ name: 'Zoë.docx' }), { transport: 'multipart' });
    expect(result.transport).toBe('multipart');
    const { parts } = await multipartOf(calls[0]!);
    expect(parts[1]!.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(parts[1]!.disposition['filename*']).toBe("UTF-8''Zo%C3%AB.docx");
  });

  it('refuses a document over 32 MiB locally, before any request', async () => {
    const { fetch, calls } = fakeFetch(() => created());
    let tokenAsked = false;
    const c = client(fetch, { getAccessToken: async () => ((tokenAsked = true), TOKEN) });
    const e = await failure(c.createEnvelopeWithDocument(input({ documentBytes: new Uint8Array(MAX_DOCUMENT_BYTES + 1) })));
    expect(e).toMatchObject({ kind: 'validation', status: 0, retryable: false, operation: 'createEnvelope' });
    expect(e.message).toBe('The document is 32.0 MB (33,554,433 bytes); DocuSign accepts documents up to 32 MB.');
    expect(calls).toHaveLength(0);
    expect(tokenAsked).toBe(false);
  });

  it('refuses locally a request that would exceed 35,651,584 bytes (forced JSON, or multipart with huge details)', async () => {
    const { fetch, calls } = fakeFetch(() => created());
    const big = input({ documentBytes: pdf(26 * 1024 * 1024) });
    const e = await failure(client(fetch).createEnvelopeWithDocument(big, { transport: 'json' }));
    expect(e).toMatchObject({ kind: 'validation', status: 0, operation: 'createEnvelope' });
    expect(e.message).toMatch(/^The upload would take 34\.7 MB; DocuSign accepts at most 34 MB per request\.$/);

    const extra = Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`field${k}-${'n'.repeat(22_000)}`, 'v']));
    const heavy = input({ documentBytes: pdf(MAX_DOCUMENT_BYTES), customFields: { extra } });
    const e2 = await failure(client(fetch).createEnvelopeWithDocument(heavy));
    expect(e2).toMatchObject({ kind: 'validation', status: 0 });
    expect(e2.message).toMatch(/^The upload would take 34\.\d MB; DocuSign accepts at most 34 MB per request\.$/);
    expect(calls).toHaveLength(0);
  });

  it('an input with documentBase64 only goes as JSON', async () => {
    const { fetch, calls } = fakeFetch(() => created());
    const { documentBytes: _d, ...rest } = input();
    const i = { ...rest, documentBase64: bytesToBase64(pdf(10)) };
    const result = await client(fetch).createEnvelopeWithDocument(i);
    expect(result.transport).toBe('json');
    expect(calls[0]!.init.body).toBe(JSON.stringify(buildEnvelopeDefinition(i)));
    await expect(client(fetch).createEnvelopeWithDocument(i, { transport: 'multipart' })).rejects.toThrow(/multipart needs documentBytes/);
    await expect(client(fetch).createEnvelopeWithDocument(rest)).rejects.toThrow(/documentBytes or documentBase64 is required/);
    const e = await failure(client(fetch).createEnvelopeWithDocument({ ...rest, documentBase64: 'A'.repeat(MAX_REQUEST_BYTES) }));
    expect(e).toMatchObject({ kind: 'validation', status: 0 });
    expect(calls).toHaveLength(1);
  });

  it('DocuSign errors on the multipart path map exactly as for createEnvelope', async () => {
    const { fetch } = fakeFetch(() =>
      json(400, { errorCode: 'INVALID_MULTI_PART_REQUEST', message: `Bad part (token ${TOKEN})` }, RATE_HEADERS),
    );
    const e = await failure(client(fetch).createEnvelopeWithDocument(input(), { transport: 'multipart' }));
    expect(e).toMatchObject({ kind: 'validation', status: 400, errorCode: 'INVALID_MULTI_PART_REQUEST', operation: 'createEnvelope', retryable: false });
    expect(e.message).not.toContain(TOKEN);
    expect(e.budget).toMatchObject({ remaining: 2999 });

    const bad = fakeFetch(() => json(201, { status: 'created' }));
    expect(await failure(client(bad.fetch).createEnvelopeWithDocument(input(), { transport: 'multipart' }))).toMatchObject({
      kind: 'bad_response',
      operation: 'createEnvelope',
    });
    const server = fakeFetch(() => json(503, {}));
    expect(await failure(client(server.fetch).createEnvelopeWithDocument(input(), { transport: 'multipart' }))).toMatchObject({
      kind: 'server',
      retryable: true,
    });
  });

  it('uses the upload timeout (uploadTimeoutMs, not timeoutMs) and aborts: network', async () => {
    const hanging: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const started = Date.now();
    const e = await failure(
      client(hanging, { timeoutMs: 1, uploadTimeoutMs: 60 }).createEnvelopeWithDocument(input(), { transport: 'multipart' }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(e).toMatchObject({ kind: 'network', status: 0, retryable: true, operation: 'createEnvelope' });
    expect(e.message).toMatch(/did not answer in time/);
  });
});

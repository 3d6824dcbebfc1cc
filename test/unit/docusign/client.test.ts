import { describe, expect, it } from 'vitest';
import { createDocuSignClient, type FetchFn } from '../../../utils/docusign/client';
import { DocuSignApiError, classifyHttpError } from '../../../utils/docusign/errors';
import { parseRateBudget } from '../../../utils/docusign/rate-budget';

const TOKEN = 'eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.secret-token-value-1234567890';
const BASE = 'https://eu.docusign.net';
const ACCOUNT = 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(responder: (call: Call, index: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchFn = async (url, init = {}) => {
    const call = { url, init };
    calls.push(call);
    return responder(call, calls.length - 1);
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const RATE_HEADERS = {
  'X-RateLimit-Limit': '3000',
  'X-RateLimit-Remaining': '2999',
  'X-RateLimit-Reset': '1800003600',
  'X-BurstLimit-Limit': '500',
  'X-BurstLimit-Remaining': '499',
};

function client(fetch: FetchFn, extra: Partial<Parameters<typeof createDocuSignClient>[0]> = {}) {
  return createDocuSignClient({ baseUri: `${BASE}/`, accountId: ACCOUNT, getAccessToken: async () => TOKEN, fetch, now: () => 42, ...extra });
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

describe('DocuSign client requests', () => {
  it('createEnvelope: POST JSON with Bearer auth to the account path; returns summary + budget', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(201, { envelopeId: 'env-1', status: 'created', statusDateTime: '2026-05-12T10:00:00Z', uri: '/envelopes/env-1' }, RATE_HEADERS),
    );
    const budgets: unknown[] = [];
    const def = {
      emailSubject: 'S',
      status: 'created' as const,
      documents: [{ documentId: '1', name: 'a.pdf', fileExtension: 'pdf', documentBase64: 'JVBERi0=' }],
      recipients: { signers: [] },
    };
    const result = await client(fetch, { onRateBudget: (b) => budgets.push(b) }).createEnvelope(def);
    expect(result.value).toEqual({ envelopeId: 'env-1', status: 'created', statusDateTime: '2026-05-12T10:00:00Z', uri: '/envelopes/env-1' });
    expect(result.budget).toEqual({
      limit: 3000,
      remaining: 2999,
      resetAt: new Date(1_800_003_600_000),
      burstLimit: 500,
      burstRemaining: 499,
      observedAt: 42,
    });
    expect(budgets).toEqual([result.budget]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/envelopes`);
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(calls[0]!.init.method).toBe('POST');
    expect(headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.Accept).toBe('application/json');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual(def);
    expect(calls[0]!.init.credentials).toBe('omit');
  });

  it('findByTransactionId: transaction_ids query, empty when none', async () => {
    const { fetch, calls } = fakeFetch((_c, i) =>
      i === 0
        ? json(200, { resultSetSize: '1', envelopes: [{ envelopeId: 'env-9', status: 'Sent', transactionId: 'tx-1' }] })
        : json(200, { resultSetSize: '0', totalSetSize: '0' }),
    );
    const c = client(fetch);
    expect((await c.findByTransactionId('tx-1')).value).toEqual([{ envelopeId: 'env-9', status: 'sent', transactionId: 'tx-1' }]);
    expect((await c.findByTransactionId('tx-2')).value).toEqual([]);
    expect(calls[0]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/envelopes?transaction_ids=tx-1`);
    expect(calls[0]!.init.method).toBe('GET');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('findByTransactionId never returns an envelope that names another transactionId', async () => {
    const { fetch } = fakeFetch(() => json(200, { envelopes: [{ envelopeId: 'other', status: 'sent', transactionId: 'tx-other' }] }));
    expect((await client(fetch).findByTransactionId('tx-1')).value).toEqual([]);
  });

  it('findByTransactionIds attributes envelopes by their transactionId (or envelopeTransactionStatuses); unnamed ones only for a single id', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        envelopes: [
          { envelopeId: 'e1', status: 'created', transactionId: 'tx-1' },
          { envelopeId: 'e2', status: 'created' },
          { envelopeId: 'e3', status: 'sent' },
          { envelopeId: 'e4', status: 'sent', transactionId: 'tx-other' },
        ],
        envelopeTransactionStatuses: [{ envelopeId: 'e3', transactionId: 'tx-2' }],
      }),
    );
    const found = await client(fetch).findByTransactionIds(['tx-1', 'tx-2', 'tx-1']);
    expect(calls[0]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/envelopes?transaction_ids=tx-1%2Ctx-2`);
    expect([...found.value.entries()].map(([tx, list]) => [tx, list.map((e) => e.envelopeId)])).toEqual([
      ['tx-1', ['e1']],
      ['tx-2', ['e3']],
    ]);
    await expect(client(fetch).findByTransactionIds([])).rejects.toThrow(/1 to 50/);
  });

  it('sendDraft PUTs {status: sent}; deleteEnvelopes PUTs the ids to the recycle bin and accepts an empty answer', async () => {
    const { fetch, calls } = fakeFetch((_c, i) => (i === 0 ? json(200, { envelopeId: 'env-1' }) : new Response('', { status: 200 })));
    const c = client(fetch);
    expect((await c.sendDraft('env-1')).value).toEqual({ envelopeId: 'env-1' });
    expect(calls[0]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/envelopes/env-1`);
    expect(calls[0]!.init.method).toBe('PUT');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ status: 'sent' });
    expect((await c.deleteEnvelopes(['a', 'b', 'a'])).value).toBeNull();
    expect(calls[1]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/folders/recyclebin`);
    expect(calls[1]!.init.method).toBe('PUT');
    expect(JSON.parse(calls[1]!.init.body as string)).toEqual({ envelopeIds: ['a', 'b'] });
  });

  it('createSenderView: the current envelopeViewRequest body', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { url: 'https://demo.docusign.net/Signing/StartInSession.aspx?t=abc' }));
    const result = await client(fetch).createSenderView('env 1', {
      returnUrl: 'https://host.example/docs/1?x=1',
      settings: { showHeaderActions: 'false' },
    });
    expect(result.value).toEqual({ url: 'https://demo.docusign.net/Signing/StartInSession.aspx?t=abc' });
    expect(calls[0]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/envelopes/env%201/views/sender`);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      returnUrl: 'https://host.example/docs/1?x=1',
      viewAccess: 'envelope',
      settings: { startingScreen: 'Tagger', sendButtonAction: 'send', showBackButton: 'false', showHeaderActions: 'false' },
    });
  });

  it('createSenderView refuses a returnUrl longer than 470 characters without calling DocuSign', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { url: 'https://x' }));
    const e = await failure(client(fetch).createSenderView('e', { returnUrl: `https://h.example/${'a'.repeat(460)}` }));
    expect(e.kind).toBe('validation');
    expect(calls).toHaveLength(0);
  });

  it('listStatus: batches of 50 envelope_ids, deduplicated, missing ids reported', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `id-${i}`);
    const { fetch, calls } = fakeFetch((call) => {
      const requested = new URL(call.url).searchParams.get('envelope_ids')!.split(',');
      return json(200, {
        envelopes: requested.filter((id) => id !== 'id-7').map((id) => ({ envelopeId: id.toUpperCase(), status: 'completed' })),
      }, RATE_HEADERS);
    });
    const result = await client(fetch).listStatus([...ids, 'id-3', '']);
    expect(calls.map((c) => new URL(c.url).searchParams.get('envelope_ids')!.split(',').length)).toEqual([50, 50, 20]);
    expect(result.value.envelopes).toHaveLength(119);
    expect(result.value.missing).toEqual(['id-7']);
    expect(result.budget?.remaining).toBe(2999);
  });

  it('getEnvelope', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { envelopeId: 'e1', status: 'delivered', emailSubject: 'S', extra: 1 }));
    expect((await client(fetch).getEnvelope('e1')).value).toEqual({ envelopeId: 'e1', status: 'delivered', emailSubject: 'S' });
    expect(calls[0]!.url).toBe(`${BASE}/restapi/v2.1/accounts/${ACCOUNT}/envelopes/e1`);
  });
});

describe('DocuSign client failures', () => {
  const cases: Array<[string, Response, Partial<DocuSignApiError>]> = [
    ['401 invalid token', json(401, { errorCode: 'AUTHORIZATION_INVALID_TOKEN', message: 'The access token provided is expired, revoked or malformed.' }), { kind: 'unauthorized', status: 401, retryable: true }],
    ['429 hourly', json(429, { errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of hourly API invocations has been exceeded.' }, { ...RATE_HEADERS, 'X-RateLimit-Remaining': '0' }), { kind: 'rate_limited_hourly', status: 429, resetAt: new Date(1_800_003_600_000), retryable: true }],
    ['400 hourly (older servers)', json(400, { errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'x' }, RATE_HEADERS), { kind: 'rate_limited_hourly', status: 400 }],
    ['400 burst, odd case', json(400, { errorCode: 'Burst_APIInvocation_Limit_Exceeded', message: 'x' }), { kind: 'rate_limited_burst' }],
    ['429 polling limit', json(429, { errorCode: 'Hourly_Envelope_Polling_Limit_Exceeded', message: 'x' }), { kind: 'polling_limited', retryable: true }],
    ['429 without a code, budget left', json(429, {}, RATE_HEADERS), { kind: 'rate_limited_burst' }],
    ['429 without a code, budget used', json(429, {}, { ...RATE_HEADERS, 'X-RateLimit-Remaining': '0' }), { kind: 'rate_limited_hourly' }],
    ['400 validation keeps DocuSign message', json(400, { errorCode: 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', message: 'The email address for the recipient is invalid.' }), { kind: 'validation', errorCode: 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', message: 'The email address for the recipient is invalid.', retryable: false }],
    ['400 not a member', json(400, { errorCode: 'USER_LACKS_MEMBERSHIP', message: 'The UserID does not have a valid membership in this Account.' }), { kind: 'not_member', retryable: false }],
    ['400 wrong server', json(400, { errorCode: 'USER_AUTHENTICATION_FAILED', message: 'wrong server' }), { kind: 'validation', retryable: false }],
    ['403 CORS (bare)', new Response('Forbidden', { status: 403 }), { kind: 'forbidden_cors', retryable: false }],
    ['403 origin message', json(403, { errorCode: 'CORS_NOT_ENABLED', message: 'Origin not allowed' }), { kind: 'forbidden_cors', docuSignMessage: 'Origin not allowed' }],
    ['403 permissions', json(403, { errorCode: 'ACCOUNT_LACKS_PERMISSIONS', message: 'This Account lacks sufficient permissions.' }), { kind: 'forbidden', retryable: false }],
    ['404', json(404, { errorCode: 'ENVELOPE_DOES_NOT_EXIST', message: 'nope' }), { kind: 'not_found', retryable: false }],
    ['400 envelope does not exist', json(400, { errorCode: 'ENVELOPE_DOES_NOT_EXIST', message: 'nope' }), { kind: 'not_found' }],
    ['500', json(500, { errorCode: 'UNSPECIFIED_ERROR', message: 'boom' }), { kind: 'server', retryable: true, status: 500 }],
    ['503 HTML', new Response('<html>down</html>', { status: 503 }), { kind: 'server', retryable: true }],
    ['413', new Response('too big', { status: 413 }), { kind: 'validation', retryable: false }],
    ['200 not JSON', new Response('<html>proxy</html>', { status: 200 }), { kind: 'bad_response', retryable: true }],
  ];

  it.each(cases)('%s', async (_title, response, expected) => {
    const { fetch } = fakeFetch(() => response);
    const e = await failure(client(fetch).getEnvelope('e1'));
    expect(e).toMatchObject(expected);
    expect(e.operation).toBe('getEnvelope');
    expect(JSON.stringify(e.toJSON())).not.toContain(TOKEN);
  });

  it('a thrown fetch (offline, reset) is a retryable network error', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    expect(await failure(client(fetch).listStatus(['a']))).toMatchObject({ kind: 'network', status: 0, retryable: true });
  });

  it('a timeout aborts the request: network', async () => {
    const fetch: FetchFn = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const e = await failure(client(fetch, { timeoutMs: 20 }).getEnvelope('e'));
    expect(e).toMatchObject({ kind: 'network', message: 'DocuSign did not answer in time. The extension will try again.' });
  });

  it('a 2xx without the expected fields is bad_response', async () => {
    const { fetch } = fakeFetch(() => json(201, { status: 'created' }));
    expect(await failure(client(fetch).createEnvelope({} as never))).toMatchObject({ kind: 'bad_response', operation: 'createEnvelope' });
    const { fetch: f2 } = fakeFetch(() => json(201, { url: 'javascript:alert(1)' }));
    expect(await failure(client(f2).createSenderView('e', { returnUrl: 'https://h.example/' }))).toMatchObject({ kind: 'bad_response' });
  });

  it('never keeps a token DocuSign echoed back', async () => {
    const { fetch } = fakeFetch(() => json(400, { errorCode: 'X', message: `bad token ${TOKEN} and Bearer abcdefghijklmnopqrstuvwxyz123456` }));
    const e = await failure(client(fetch).getEnvelope('e'));
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).toContain('[redacted]');
    expect(e.message).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
  });

  it('errors survive a JSON round trip', () => {
    const e = classifyHttpError({ status: 429, errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', hadErrorDetails: true, resetAt: new Date(5000) });
    const back = DocuSignApiError.fromJSON(JSON.parse(JSON.stringify(e)));
    expect(back).toMatchObject({ kind: 'rate_limited_hourly', status: 429, resetAt: new Date(5000), retryable: true });
  });
});

describe('parseRateBudget', () => {
  it('returns undefined without headers and ignores junk', () => {
    expect(parseRateBudget(new Headers(), 1)).toBeUndefined();
    expect(parseRateBudget(new Headers({ 'X-RateLimit-Remaining': 'abc', 'X-BurstLimit-Remaining': '7' }), 1)).toEqual({ burstRemaining: 7, observedAt: 1 });
  });
});

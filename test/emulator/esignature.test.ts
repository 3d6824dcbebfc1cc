import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { samplePdf } from './fixtures.ts';
import { api, envelopeDefinition, signIn } from './helpers.ts';
import { startEmulator, type Emulator } from './index.ts';
import { SEED } from './seed.ts';

const { jane, emma, sam } = SEED.users;
const NA = SEED.accounts.acmeNa.accountId;
const EU = SEED.accounts.acmeEu.accountId;
const MAIN = SEED.integrationKeys.main.clientId;

let emu: Emulator;
let janeToken: string;

beforeAll(async () => {
  emu = await startEmulator({ autoApprove: true });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.control.reset();
  emu.control.setConfig({ autoApprove: true });
  janeToken = (await signIn(emu, jane)).access_token;
});

interface ErrorBody {
  errorCode: string;
  message: string;
}

async function create(token: string, accountId: string, region: 'na' | 'eu' | 'ca' | 'au', overrides: Record<string, unknown> = {}): Promise<Response> {
  return api(emu, region, token, `/accounts/${accountId}/envelopes`, { json: envelopeDefinition(overrides) });
}

describe('authentication and authorization on the regional servers', () => {
  it.each([
    ['no Authorization header', null],
    ['an unknown token', 'emu_at_not-a-real-token'],
  ])('%s: 401 AUTHORIZATION_INVALID_TOKEN', async (_name, token) => {
    const res = await api(emu, 'na', token, `/accounts/${NA}/envelopes`, { json: envelopeDefinition() });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).errorCode).toBe('AUTHORIZATION_INVALID_TOKEN');
    expect(emu.control.getEnvelopes()).toHaveLength(0);
  });

  it('an expired token: 401 AUTHORIZATION_INVALID_TOKEN (8 hours)', async () => {
    emu.control.advanceClock(28_801);
    const res = await create(janeToken, NA, 'na');
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).errorCode).toBe('AUTHORIZATION_INVALID_TOKEN');
  });

  it('expire-tokens makes existing access tokens fail with 401', async () => {
    emu.control.expireTokens();
    expect((await create(janeToken, NA, 'na')).status).toBe(401);
  });

  it('a token without the signature scope: 401', async () => {
    const t = await signIn(emu, jane, { scope: 'openid' });
    const res = await create(t.access_token, NA, 'na');
    expect(res.status).toBe(401);
    const body = (await res.json()) as ErrorBody;
    expect(body.errorCode).toBe('AUTHORIZATION_INVALID_TOKEN');
    expect(body.message).toContain('signature');
  });

  it('a user who is not a member of the account: 400 USER_LACKS_MEMBERSHIP', async () => {
    const emmaToken = (await signIn(emu, emma)).access_token;
    const res = await create(emmaToken, NA, 'na');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).errorCode).toBe('USER_LACKS_MEMBERSHIP');
    const samToken = (await signIn(emu, sam)).access_token;
    const list = await api(emu, 'eu', samToken, `/accounts/${EU}/envelopes?from_date=2020-01-01`);
    expect(list.status).toBe(400);
    expect(((await list.json()) as ErrorBody).errorCode).toBe('USER_LACKS_MEMBERSHIP');
    expect(emu.control.getEnvelopes()).toHaveLength(0);
  });

  it('an unknown account id: 400 USER_LACKS_MEMBERSHIP', async () => {
    const res = await create(janeToken, '99999999-9999-4999-8999-999999999999', 'na');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).errorCode).toBe('USER_LACKS_MEMBERSHIP');
  });

  it('the wrong regional server is rejected, naming the right one; the right one accepts', async () => {
    const wrong = await create(janeToken, EU, 'na');
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as ErrorBody;
    expect(body.errorCode).toBe('USER_AUTHENTICATION_FAILED');
    expect(body.message).toContain(emu.regions.eu);
    expect(emu.control.getEnvelopes()).toHaveLength(0);
    const right = await create(janeToken, EU, 'eu');
    expect(right.status).toBe(201);
    expect(emu.control.getEnvelopes()[0]).toMatchObject({ accountId: EU, region: 'eu' });
  });

  it('unknown REST paths: 404 errorDetails', async () => {
    const res = await api(emu, 'na', janeToken, `/accounts/${NA}/templates`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).errorCode).toBe('RESOURCE_NOT_FOUND');
  });
});

describe('envelopes', () => {
  it('creates a draft: 201 envelopeSummary; stored with who, which key, document hash', async () => {
    const res = await create(janeToken, NA, 'na', { transactionId: 'job-1' });
    expect(res.status).toBe(201);
    const summary = (await res.json()) as { envelopeId: string; status: string; statusDateTime: string; uri: string };
    expect(summary.envelopeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(summary.status).toBe('created');
    expect(summary.uri).toBe(`/envelopes/${summary.envelopeId}`);
    expect(summary.statusDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const [stored] = emu.control.getEnvelopes();
    const pdf = samplePdf();
    expect(stored).toMatchObject({
      envelopeId: summary.envelopeId,
      accountId: NA,
      region: 'na',
      status: 'created',
      transactionId: 'job-1',
      emailSubject: 'Please sign: NDA',
      createdBy: jane.sub,
      clientId: MAIN,
      sentDateTime: null,
      documents: [{ documentId: '1', name: 'NDA.pdf', extension: 'pdf', bytes: pdf.length }],
      recipients: {
        signers: [{ recipientId: '1', email: 'bob@customer.example', name: 'Bob Customer', routingOrder: '1' }],
        carbonCopies: [{ recipientId: '2', email: 'carol@customer.example', name: 'Carol Copy', routingOrder: '2' }],
      },
    });
    expect(stored!.documents[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('creates and sends in one call (status sent) and counts usage per account and key', async () => {
    expect((await create(janeToken, NA, 'na', { status: 'sent' })).status).toBe(201);
    expect((await create(janeToken, NA, 'na')).status).toBe(201);
    expect(emu.control.getEnvelopes()[0]!.sentDateTime).toBeTruthy();
    const usage = emu.control.getUsage();
    expect(usage.find((u) => u.accountId === NA)).toMatchObject({
      accountName: 'Acme Corp NA',
      region: 'na',
      apiCalls: 2,
      envelopesCreated: 2,
      envelopesSent: 1,
      byIntegrationKey: { [MAIN]: { apiCalls: 2, envelopesCreated: 2, envelopesSent: 1 } },
    });
    expect(usage.find((u) => u.accountId === EU)).toMatchObject({ apiCalls: 0, envelopesCreated: 0 });
    expect(usage).toHaveLength(5);
  });

  it('GET envelope returns status, subject, transactionId and dates; include=recipients,documents', async () => {
    const { envelopeId } = (await (await create(janeToken, NA, 'na', { transactionId: 'tx-get', status: 'sent' })).json()) as { envelopeId: string };
    const res = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes/${envelopeId}?include=recipients,documents`);
    expect(res.status).toBe(200);
    const env = (await res.json()) as Record<string, unknown> & { recipients: { signers: Array<Record<string, string>>; recipientCount: string } };
    expect(env).toMatchObject({ envelopeId, status: 'sent', emailSubject: 'Please sign: NDA', transactionId: 'tx-get' });
    for (const f of ['createdDateTime', 'sentDateTime', 'statusChangedDateTime', 'lastModifiedDateTime']) expect(env[f]).toMatch(/Z$/);
    expect(env.recipients.recipientCount).toBe('2');
    expect(env.recipients.signers[0]).toMatchObject({ email: 'bob@customer.example', recipientId: '1', status: 'sent' });
    expect(env.envelopeDocuments).toEqual([expect.objectContaining({ documentId: '1', name: 'NDA.pdf', order: '1' })]);
    const plain = (await (await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes/${envelopeId}`)).json()) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('recipients');
  });

  it('GET unknown envelope, or one of another account: 404 ENVELOPE_DOES_NOT_EXIST', async () => {
    const unknown = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).errorCode).toBe('ENVELOPE_DOES_NOT_EXIST');
    const { envelopeId } = (await (await create(janeToken, EU, 'eu')).json()) as { envelopeId: string };
    const other = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes/${envelopeId}`);
    expect(other.status).toBe(404);
  });

  it('list needs envelope_ids, transaction_ids or from_date', async () => {
    const res = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.errorCode).toBe('INVALID_REQUEST_PARAMETER');
    expect(body.message).toContain('from_date');
    const bad = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?from_date=yesterday`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).errorCode).toBe('INVALID_REQUEST_PARAMETER');
  });

  it('list by envelope_ids: only that account, counts as strings', async () => {
    const a = ((await (await create(janeToken, NA, 'na')).json()) as { envelopeId: string }).envelopeId;
    const b = ((await (await create(janeToken, NA, 'na', { status: 'sent' })).json()) as { envelopeId: string }).envelopeId;
    const c = ((await (await create(janeToken, EU, 'eu')).json()) as { envelopeId: string }).envelopeId;
    const res = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?envelope_ids=${a},${b},${c}`);
    expect(res.status).toBe(200);
    const info = (await res.json()) as { envelopes: Array<{ envelopeId: string; status: string }>; resultSetSize: string; totalSetSize: string; startPosition: string; endPosition: string };
    expect(info.resultSetSize).toBe('2');
    expect(info.totalSetSize).toBe('2');
    expect(info.startPosition).toBe('0');
    expect(info.endPosition).toBe('1');
    expect(info.envelopes.map((e) => [e.envelopeId, e.status])).toEqual([
      [a, 'created'],
      [b, 'sent'],
    ]);
  });

  it('list by transaction_ids finds an envelope after a lost response (kept 7 days)', async () => {
    await create(janeToken, NA, 'na', { transactionId: 'job-42' });
    await create(janeToken, NA, 'na', { transactionId: 'job-43' });
    const res = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?transaction_ids=job-42`);
    const info = (await res.json()) as { envelopes: Array<{ transactionId: string }>; resultSetSize: string };
    expect(info.resultSetSize).toBe('1');
    expect(info.envelopes[0]!.transactionId).toBe('job-42');
    const none = (await (await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?transaction_ids=job-99`)).json()) as { envelopes: unknown[]; resultSetSize: string };
    expect(none.resultSetSize).toBe('0');
    expect(none.envelopes).toEqual([]);
    emu.control.advanceClock(8 * 24 * 3600);
    janeToken = (await signIn(emu, jane)).access_token;
    const later = (await (await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?transaction_ids=job-42`)).json()) as { resultSetSize: string };
    expect(later.resultSetSize).toBe('0');
  });

  it('list by from_date filters on the status change time', async () => {
    await create(janeToken, NA, 'na');
    const all = (await (await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?from_date=2000-01-01T00:00:00Z`)).json()) as { resultSetSize: string };
    expect(all.resultSetSize).toBe('1');
    const future = new Date(Date.now() + 3600_000).toISOString();
    const none = (await (await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?from_date=${encodeURIComponent(future)}`)).json()) as { resultSetSize: string };
    expect(none.resultSetSize).toBe('0');
  });
});

describe('sending a draft and deleting envelopes', () => {
  async function draft(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await create(janeToken, NA, 'na', overrides);
    expect(res.status).toBe(201);
    return ((await res.json()) as { envelopeId: string }).envelopeId;
  }
  const put = (path: string, json: unknown) => api(emu, 'na', janeToken, `/accounts/${NA}${path}`, { method: 'PUT', json });

  it('PUT envelope {status: sent} sends a draft once and counts it as sent', async () => {
    const id = await draft();
    const res = await put(`/envelopes/${id}`, { status: 'sent' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ envelopeId: id });
    expect(emu.control.getEnvelopes()[0]).toMatchObject({ envelopeId: id, status: 'sent' });
    expect(emu.control.getEnvelopes()[0]!.sentDateTime).toBeTruthy();
    const again = await put(`/envelopes/${id}`, { status: 'sent' });
    expect(again.status).toBe(400);
    expect(((await again.json()) as ErrorBody).errorCode).toBe('ENVELOPE_INVALID_STATUS');
    expect(emu.control.getUsage().find((u) => u.accountId === NA)).toMatchObject({ envelopesCreated: 1, envelopesSent: 1 });
  });

  it('PUT envelope: unknown id 404, another account 404, other updates 400, GET-only paths refuse DELETE', async () => {
    const id = await draft();
    expect((await put(`/envelopes/${crypto.randomUUID()}`, { status: 'sent' })).status).toBe(404);
    const euRes = await api(emu, 'eu', (await signIn(emu, emma)).access_token, `/accounts/${EU}/envelopes/${id}`, { method: 'PUT', json: { status: 'sent' } });
    expect(euRes.status).toBe(404);
    const bad = await put(`/envelopes/${id}`, { status: 'voided' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).errorCode).toBe('INVALID_REQUEST_PARAMETER');
    const notJson = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes/${id}`, { method: 'PUT', body: 'status=sent', headers: { 'Content-Type': 'text/plain' } });
    expect(((await notJson.json()) as ErrorBody).errorCode).toBe('INVALID_CONTENT_TYPE');
    expect((await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes/${id}`, { method: 'DELETE' })).status).toBe(405);
    expect(emu.control.getEnvelopes()[0]!.status).toBe('created');
  });

  it('PUT folders/recyclebin deletes drafts and voids sent envelopes; all ids must exist', async () => {
    const a = await draft();
    const b = await draft({ status: 'sent' });
    const missing = await put('/folders/recyclebin', { envelopeIds: [a, crypto.randomUUID()] });
    expect(missing.status).toBe(404);
    expect(emu.control.getEnvelopes().map((e) => e.status)).toEqual(['created', 'sent']);
    expect((await put('/folders/recyclebin', { envelopeIds: [] })).status).toBe(400);
    expect((await put('/folders/inbox', { envelopeIds: [a] })).status).toBe(404);
    const res = await put('/folders/recyclebin', { envelopeIds: [a, b] });
    expect(res.status).toBe(200);
    expect(emu.control.getEnvelopes().map((e) => e.status)).toEqual(['deleted', 'voided']);
    // A deleted draft can no longer be sent or opened in the sender view.
    expect((await put(`/envelopes/${a}`, { status: 'sent' })).status).toBe(400);
    const view = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes/${a}/views/sender`, {
      json: { returnUrl: 'https://host.example/back', viewAccess: 'envelope' },
    });
    expect(((await view.json()) as ErrorBody).errorCode).toBe('ENVELOPE_INVALID_STATUS');
  });

  it('list by several transaction_ids returns every envelope of each, deleted ones with status deleted', async () => {
    const t1 = crypto.randomUUID();
    const t2 = crypto.randomUUID();
    const first = await draft({ transactionId: t1 });
    await draft({ transactionId: t1 });
    await draft({ transactionId: t2 });
    await put('/folders/recyclebin', { envelopeIds: [first] });
    const res = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?transaction_ids=${t1},${t2}`);
    const body = (await res.json()) as { envelopes: Array<{ envelopeId: string; status: string; transactionId: string }> };
    expect(body.envelopes.map((e) => [e.transactionId, e.status])).toEqual([
      [t1, 'deleted'],
      [t1, 'created'],
      [t2, 'created'],
    ]);
  });

  it('faults apply to the new routes', async () => {
    const id = await draft();
    emu.control.addFaults({ route: 'updateEnvelope', status: 503, errorCode: 'SERVICE_UNAVAILABLE' });
    expect((await put(`/envelopes/${id}`, { status: 'sent' })).status).toBe(503);
    emu.control.addFaults({ route: 'moveToRecycleBin', status: 500 });
    expect((await put('/folders/recyclebin', { envelopeIds: [id] })).status).toBe(500);
    expect(emu.control.getEnvelopes()[0]!.status).toBe('created');
  });
});

describe('CORS', () => {
  it('answers preflights for any Origin (chrome-extension://…)', async () => {
    const res = await fetch(`${emu.regions.na}/restapi/v2.1/accounts/${NA}/envelopes`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://bihmdpidohpbkmlopegalhijmdkjmanp',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://bihmdpidohpbkmlopegalhijmdkjmanp');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    const token = await fetch(`${emu.authServerUrl}/oauth/token`, { method: 'OPTIONS', headers: { Origin: 'moz-extension://abc' } });
    expect(token.headers.get('access-control-allow-origin')).toBe('moz-extension://abc');
  });

  it('adds Access-Control-Allow-Origin and exposes the rate-limit headers on API responses', async () => {
    const res = await api(emu, 'na', janeToken, `/accounts/${NA}/envelopes?from_date=2020-01-01`, { headers: { Origin: 'chrome-extension://xyz' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://xyz');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Reset');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, authorizeUrl, envelopeDefinition, obtainCode, signIn, tokenRequest } from './helpers.ts';
import { startEmulator, type Emulator } from './index.ts';
import { SEED } from './seed.ts';

const NA = SEED.accounts.acmeNa.accountId;
const MAIN = SEED.integrationKeys.main.clientId;
const PATH = `/accounts/${NA}/envelopes`;

let emu: Emulator;
let token: string;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.control.reset();
  emu.control.setConfig({ autoApprove: true, autoLoginAs: SEED.users.jane.email });
  token = (await signIn(emu, SEED.users.jane)).access_token;
});

function create(transactionId: string): Promise<Response> {
  return api(emu, 'na', token, PATH, { json: envelopeDefinition({ transactionId }) });
}

describe('fault injection', () => {
  it("drop 'after' on createEnvelope: the envelope exists but the client gets no response; transaction_ids finds it", async () => {
    emu.control.addFaults({ route: 'createEnvelope', drop: 'after' });
    await expect(create('lost-1')).rejects.toThrow();
    const stored = emu.control.getEnvelopes();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.transactionId).toBe('lost-1');
    const res = await api(emu, 'na', token, `${PATH}?transaction_ids=lost-1`);
    const info = (await res.json()) as { envelopes: Array<{ envelopeId: string }> };
    expect(info.envelopes.map((e) => e.envelopeId)).toEqual([stored[0]!.envelopeId]);
    expect(emu.control.getUsage().find((u) => u.accountId === NA)!.envelopesCreated).toBe(1);
  });

  it("drop 'before': no envelope is created", async () => {
    emu.control.addFaults({ route: 'createEnvelope', drop: 'before' });
    await expect(create('lost-2')).rejects.toThrow();
    expect(emu.control.getEnvelopes()).toHaveLength(0);
    expect((await create('lost-2')).status).toBe(201);
  });

  it('status faults: the next n requests fail with errorDetails, then normal service resumes', async () => {
    emu.control.addFaults({ route: 'createEnvelope', count: 2, status: 503, errorCode: 'SERVICE_UNAVAILABLE', message: 'Try later' });
    for (let i = 0; i < 2; i++) {
      const res = await create(`f-${i}`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ errorCode: 'SERVICE_UNAVAILABLE', message: 'Try later' });
      expect(res.headers.get('X-RateLimit-Limit')).toBe('3000');
    }
    expect(emu.control.getEnvelopes()).toHaveLength(0);
    expect((await create('f-2')).status).toBe(201);
  });

  it('faults only hit their route', async () => {
    emu.control.addFaults({ route: 'getEnvelope', status: 500 });
    expect((await api(emu, 'na', token, `${PATH}?from_date=2020-01-01`)).status).toBe(200);
    const res = await api(emu, 'na', token, `${PATH}/00000000-0000-4000-8000-000000000000`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('UNSPECIFIED_ERROR');
  });

  it('a rate-limit fault as DocuSign sends it', async () => {
    emu.control.addFaults({ route: 'listEnvelopes', status: 429, errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED' });
    const res = await api(emu, 'na', token, `${PATH}?from_date=2020-01-01`);
    expect(res.status).toBe(429);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('HOURLY_APIINVOCATION_LIMIT_EXCEEDED');
  });

  it('delayMs delays the response; the action still happens', async () => {
    emu.control.addFaults({ route: 'createEnvelope', delayMs: 250 });
    const started = Date.now();
    const res = await create('slow');
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(emu.control.getEnvelopes()).toHaveLength(1);
  });

  it("token drop 'after': the code is used up by the lost exchange (retry gets invalid_grant)", async () => {
    const c = await obtainCode(emu, null);
    emu.control.addFaults({ route: 'token', drop: 'after' });
    const values = { grant_type: 'authorization_code', code: c.code, code_verifier: c.verifier, redirect_uri: c.redirectUri, client_id: MAIN };
    await expect(tokenRequest(emu, values)).rejects.toThrow();
    const retry = await tokenRequest(emu, values);
    expect(retry.status).toBe(400);
    expect(((await retry.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('token and userinfo status faults use the OAuth error shape', async () => {
    emu.control.addFaults([
      { route: 'token', status: 500 },
      { route: 'userinfo', status: 429, errorCode: 'too_many_requests', message: 'slow down' },
    ]);
    const t = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: 'x', client_id: MAIN });
    expect(t.status).toBe(500);
    expect(((await t.json()) as { error: string }).error).toBe('server_error');
    const u = await fetch(`${emu.authServerUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
    expect(u.status).toBe(429);
    expect(await u.json()).toEqual({ error: 'too_many_requests', error_description: 'slow down' });
    expect((await fetch(`${emu.authServerUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('authorize and senderView faults', async () => {
    emu.control.addFaults({ route: 'authorize', status: 503, message: 'Maintenance' });
    const res = await fetch(authorizeUrl(emu), { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Maintenance');
    const { envelopeId } = (await (await create('sv')).json()) as { envelopeId: string };
    emu.control.addFaults({ route: 'senderView', drop: 'before' });
    await expect(
      api(emu, 'na', token, `${PATH}/${envelopeId}/views/sender`, { json: { returnUrl: 'https://host.example/back', viewAccess: 'envelope' } }),
    ).rejects.toThrow();
  });

  it('invalid faults are refused (in-process and over HTTP), clearFaults empties the queue', async () => {
    expect(() => emu.control.addFaults({ route: 'nope' as 'token', status: 500 })).toThrow();
    expect(() => emu.control.addFaults({ route: 'token' })).toThrow();
    const bad = await fetch(`${emu.authServerUrl}/__emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'token', drop: 'sideways' }),
    });
    expect(bad.status).toBe(400);
    const ok = await fetch(`${emu.authServerUrl}/__emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ route: 'createEnvelope', status: 500, count: 3 }]),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([{ route: 'createEnvelope', status: 500, count: 3, remaining: 3 }]);
    const del = await fetch(`${emu.authServerUrl}/__emulator/faults`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await create('after-clear')).status).toBe(201);
  });
});

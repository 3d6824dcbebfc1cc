import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, envelopeDefinition, signIn, tokenRequest } from './helpers.ts';
import { startEmulator, type Emulator, type EmulatorStateSummary, type EnvelopeReport } from './index.ts';
import { SEED } from './seed.ts';

const NA = SEED.accounts.acmeNa.accountId;
const MAIN = SEED.integrationKeys.main.clientId;

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.control.reset();
});

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emu.authServerUrl}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('HTTP control API', () => {
  it('GET state: urls, seed summary, config', async () => {
    const res = await control('GET', 'state');
    expect(res.status).toBe(200);
    const state = (await res.json()) as EmulatorStateSummary;
    expect(state.authServerUrl).toBe(emu.authServerUrl);
    expect(state.regions).toEqual(emu.regions);
    expect(state.integrationKeys.map((k) => k.clientId)).toEqual([MAIN, SEED.integrationKeys.other.clientId]);
    expect(state.accounts.find((a) => a.accountId === SEED.accounts.acmeAu.accountId)).toMatchObject({ region: 'au', baseUri: emu.regions.au });
    expect(state.users.find((u) => u.key === 'jane')).toMatchObject({ email: SEED.users.jane.email, password: 'Passw0rd!' });
    expect(state.config).toMatchObject({ autoApprove: false, autoLoginAs: null, accessTokenTtlSeconds: 28800, codeTtlSeconds: 120 });
    expect(state.config.limits).toEqual({ hourlyLimit: 3000, hourWindowSeconds: 3600, burstLimit: 200, burstWindowSeconds: 30, rateLimitStatus: 429 });
  });

  it('POST config changes the configuration and validates it', async () => {
    const res = await control('POST', 'config', { autoApprove: true, autoLoginAs: 'JANE.DOE@acme.example', limits: { burstLimit: 5, rateLimitStatus: 400 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ autoApprove: true, autoLoginAs: SEED.users.jane.email, limits: { burstLimit: 5, hourlyLimit: 3000, rateLimitStatus: 400 } });
    for (const bad of [{ autoLoginAs: 'nobody@example.org' }, { limits: { rateLimitStatus: 500 } }, { limits: { burstLimit: -1 } }, { autoApprove: 'yes' }, { bogus: 1 }]) {
      const r = await control('POST', 'config', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBeTruthy();
    }
    expect(emu.control.getState().config.limits.burstLimit).toBe(5);
  });

  it('GET usage and GET envelopes report what happened', async () => {
    emu.control.setConfig({ autoApprove: true });
    const { access_token } = await signIn(emu, SEED.users.jane);
    await api(emu, 'na', access_token, `/accounts/${NA}/envelopes`, { json: envelopeDefinition({ status: 'sent', transactionId: 'ctl-1' }) });
    const usage = (await (await control('GET', 'usage')).json()) as Array<{ accountId: string; apiCalls: number; envelopesCreated: number; envelopesSent: number }>;
    expect(usage.find((u) => u.accountId === NA)).toMatchObject({ accountName: 'Acme Corp NA', region: 'na', apiCalls: 1, envelopesCreated: 1, envelopesSent: 1 });
    const envelopes = (await (await control('GET', 'envelopes')).json()) as EnvelopeReport[];
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]).toMatchObject({ accountId: NA, region: 'na', status: 'sent', transactionId: 'ctl-1', createdBy: SEED.users.jane.sub, clientId: MAIN });
    expect(envelopes[0]!.documents[0]).toMatchObject({ name: 'NDA.pdf', extension: 'pdf' });
  });

  it('POST expire-tokens, POST revoke, POST clock, POST reset', async () => {
    emu.control.setConfig({ autoApprove: true });
    const t = await signIn(emu, SEED.users.emma);
    expect((await control('POST', 'expire-tokens')).status).toBe(200);
    expect((await fetch(`${emu.authServerUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${t.access_token}` } })).status).toBe(401);
    // The refresh token still works after expire-tokens...
    const r = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: MAIN });
    expect(r.status).toBe(200);
    const t2 = (await r.json()) as { refresh_token: string };
    // ...but not after revoke.
    expect((await control('POST', 'revoke', { email: SEED.users.emma.email })).status).toBe(200);
    expect((await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: t2.refresh_token, client_id: MAIN })).status).toBe(400);
    expect((await control('POST', 'revoke', { email: 'nobody@example.org' })).status).toBe(404);

    const before = Date.parse(emu.control.getState().now);
    const clock = await control('POST', 'clock', { advanceSeconds: 3600 });
    expect(clock.status).toBe(200);
    expect(Date.parse(((await clock.json()) as { now: string }).now) - before).toBeGreaterThanOrEqual(3600_000);
    expect((await control('POST', 'clock', { advanceSeconds: -5 })).status).toBe(400);

    expect((await control('POST', 'reset')).status).toBe(200);
    const state = emu.control.getState();
    expect(state.clockOffsetSeconds).toBe(0);
    expect(state.config.autoApprove).toBe(false);
    expect(emu.control.getEnvelopes()).toEqual([]);
  });

  it('unknown control routes: 404; non-JSON bodies: 415', async () => {
    expect((await control('GET', 'nope')).status).toBe(404);
    const res = await fetch(`${emu.authServerUrl}/__emulator/config`, { method: 'POST', body: 'autoApprove=true', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
  });
});

describe('startEmulator options', () => {
  it('binds the requested ports on 127.0.0.1, applies options, closes cleanly (twice is fine)', async () => {
    const [authPort, naPort] = [await freePort(), await freePort()];
    const e = await startEmulator({
      authPort,
      regionPorts: { na: naPort },
      autoApprove: true,
      autoLoginAs: SEED.users.liam.email,
      accessTokenTtlSeconds: 100,
      codeTtlSeconds: 5,
      limits: { hourlyLimit: 10 },
    });
    try {
      expect(e.authServerUrl).toBe(`http://127.0.0.1:${authPort}`);
      expect(e.regions.na).toBe(`http://127.0.0.1:${naPort}`);
      expect(new Set(Object.values(e.regions)).size).toBe(4);
      expect(e.control.getState().config).toMatchObject({ autoApprove: true, autoLoginAs: SEED.users.liam.email, accessTokenTtlSeconds: 100, codeTtlSeconds: 5 });
      expect(e.control.getState().config.limits.hourlyLimit).toBe(10);
      // A second emulator cannot take the same port.
      await expect(startEmulator({ authPort })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await e.close();
      await e.close();
    }
    await expect(fetch(`http://127.0.0.1:${authPort}/__emulator/state`)).rejects.toThrow();
  });

  it('refuses an unknown autoLoginAs', async () => {
    await expect(startEmulator({ autoLoginAs: 'ghost@example.org' })).rejects.toThrow(/autoLoginAs/);
  });
});

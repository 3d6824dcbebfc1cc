import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, envelopeDefinition, signIn } from './helpers.ts';
import { startEmulator, type Emulator } from './index.ts';
import { SEED } from './seed.ts';

const NA = SEED.accounts.acmeNa.accountId;
const EU = SEED.accounts.acmeEu.accountId;

let emu: Emulator;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ autoApprove: true });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.control.reset();
  emu.control.setConfig({ autoApprove: true });
  token = (await signIn(emu, SEED.users.jane)).access_token;
});

function list(accountId = NA, region: 'na' | 'eu' = 'na'): Promise<Response> {
  return api(emu, region, token, `/accounts/${accountId}/envelopes?from_date=2020-01-01`);
}

function headers(res: Response): { limit: number; remaining: number; reset: number; burstLimit: number; burstRemaining: number } {
  const n = (name: string): number => {
    const v = res.headers.get(name);
    expect(v, name).toMatch(/^\d+$/);
    return Number(v);
  };
  return {
    limit: n('X-RateLimit-Limit'),
    remaining: n('X-RateLimit-Remaining'),
    reset: n('X-RateLimit-Reset'),
    burstLimit: n('X-BurstLimit-Limit'),
    burstRemaining: n('X-BurstLimit-Remaining'),
  };
}

function emulatorNowMs(): number {
  return Date.parse(emu.control.getState().now);
}

/** Moves the emulator clock to just after the given Unix time (seconds). */
function advanceTo(unixSeconds: number): void {
  emu.control.advanceClock(Math.max(0, (unixSeconds * 1000 - emulatorNowMs()) / 1000) + 0.05);
}

describe('rate-limit headers', () => {
  it('every API response carries them: DocuSign defaults 3000/hour (reset on the hour) and 200 burst', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    const h = headers(res);
    expect(h).toMatchObject({ limit: 3000, remaining: 2999, burstLimit: 200, burstRemaining: 199 });
    const nowSec = emulatorNowMs() / 1000;
    expect(h.reset % 3600).toBe(0);
    expect(h.reset).toBeGreaterThan(nowSec);
    expect(h.reset - nowSec).toBeLessThanOrEqual(3600);
    expect(headers(await list()).remaining).toBe(2998);
  });

  it('also on errors: 401, 400 validation, 404, wrong region', async () => {
    const unauth = await api(emu, 'na', null, `/accounts/${NA}/envelopes?from_date=2020-01-01`);
    expect(unauth.status).toBe(401);
    expect(headers(unauth).limit).toBe(3000);
    const invalid = await api(emu, 'na', token, `/accounts/${NA}/envelopes`, { json: envelopeDefinition({ status: 'bogus' }) });
    expect(invalid.status).toBe(400);
    expect(headers(invalid).remaining).toBe(2999);
    const missing = await api(emu, 'na', token, `/accounts/${NA}/envelopes/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(headers(missing).remaining).toBe(2998);
    const wrongRegion = await list(EU, 'na');
    expect(wrongRegion.status).toBe(400);
    headers(wrongRegion);
  });
});

describe('hourly limit per account', () => {
  it('429 HOURLY_APIINVOCATION_LIMIT_EXCEEDED when exhausted, other accounts unaffected, reset on the hour', async () => {
    emu.control.setConfig({ limits: { hourlyLimit: 3 } });
    for (let i = 0; i < 3; i++) expect((await list()).status).toBe(200);
    const limited = await list();
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { errorCode: string; message: string };
    expect(body.errorCode).toBe('HOURLY_APIINVOCATION_LIMIT_EXCEEDED');
    const h = headers(limited);
    expect(h).toMatchObject({ limit: 3, remaining: 0 });
    expect(h.reset % 3600).toBe(0);

    // Rejected calls are not counted as API calls.
    expect(emu.control.getUsage().find((u) => u.accountId === NA)!.apiCalls).toBe(3);
    // The limit is per account: Jane's EU account still has its budget.
    expect((await list(EU, 'eu')).status).toBe(200);
    // Creating envelopes is refused too.
    const create = await api(emu, 'na', token, `/accounts/${NA}/envelopes`, { json: envelopeDefinition() });
    expect(create.status).toBe(429);
    expect(emu.control.getEnvelopes()).toHaveLength(0);

    advanceTo(h.reset);
    const after = await list();
    expect(after.status).toBe(200);
    expect(headers(after)).toMatchObject({ remaining: 2, reset: h.reset + 3600 });
  });

  it('rateLimitStatus 400 (the pre-2026 behaviour) keeps the same errorCode', async () => {
    emu.control.setConfig({ limits: { hourlyLimit: 1, rateLimitStatus: 400 } });
    expect((await list()).status).toBe(200);
    const limited = await list();
    expect(limited.status).toBe(400);
    expect(((await limited.json()) as { errorCode: string }).errorCode).toBe('HOURLY_APIINVOCATION_LIMIT_EXCEEDED');
  });

  it('a window other than 3600 s rolls from server start', async () => {
    emu.control.setConfig({ limits: { hourlyLimit: 2, hourWindowSeconds: 60 } });
    await list();
    await list();
    const limited = await list();
    expect(limited.status).toBe(429);
    const h = headers(limited);
    const nowSec = emulatorNowMs() / 1000;
    expect(h.reset).toBeGreaterThan(nowSec);
    expect(h.reset - nowSec).toBeLessThanOrEqual(60);
    advanceTo(h.reset);
    const after = await list();
    expect(after.status).toBe(200);
    expect(headers(after).reset).toBe(h.reset + 60);
  });
});

describe('burst limit per account', () => {
  it('429 BURST_APIINVOCATION_LIMIT_EXCEEDED within the burst window, fine after it', async () => {
    emu.control.setConfig({ limits: { burstLimit: 2, burstWindowSeconds: 30 } });
    const first = await list();
    expect(headers(first)).toMatchObject({ burstLimit: 2, burstRemaining: 1 });
    await list();
    const limited = await list();
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { errorCode: string }).errorCode).toBe('BURST_APIINVOCATION_LIMIT_EXCEEDED');
    expect(headers(limited)).toMatchObject({ burstRemaining: 0, remaining: 2998 });
    emu.control.advanceClock(30);
    const after = await list();
    expect(after.status).toBe(200);
    expect(headers(after).burstRemaining).toBe(1);
  });

  it('burst with status 400 when configured', async () => {
    emu.control.setConfig({ limits: { burstLimit: 1, rateLimitStatus: 400 } });
    await list();
    const limited = await list();
    expect(limited.status).toBe(400);
    expect(((await limited.json()) as { errorCode: string }).errorCode).toBe('BURST_APIINVOCATION_LIMIT_EXCEEDED');
  });
});

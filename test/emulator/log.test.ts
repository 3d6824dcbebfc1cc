import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdfBase64 } from './fixtures.ts';
import { api, authorizeUrl, envelopeDefinition, exchangeCode, obtainCode, postLogin, requestIdOf, tokenRequest } from './helpers.ts';
import { startEmulator, type Emulator } from './index.ts';
import type { LogEntry } from './log.ts';
import { SEED } from './seed.ts';

const { jane } = SEED.users;
const NA = SEED.accounts.acmeNa.accountId;

let emu: Emulator;
let dir: string;
let logFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-emulator-log-'));
  logFile = join(dir, 'nested', 'requests.jsonl');
  emu = await startEmulator({ logFile });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

function entries(): LogEntry[] {
  return readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LogEntry);
}

describe('request log (JSON Lines)', () => {
  it('logs every request on every port, with secrets redacted, visible right after the response', async () => {
    // Login with a password, consent, code exchange, refresh, userinfo, an envelope on NA and a 401 on EU.
    const page = await (await fetch(authorizeUrl(emu, { state: 'log-state' }), { redirect: 'manual' })).text();
    const login = await postLogin(emu, requestIdOf(page), jane.email, jane.password);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await login.text();
    const consentLines = entries().length;
    expect(entries().at(-1)).toMatchObject({ method: 'POST', path: '/oauth/login', status: 200 });
    expect(consentLines).toBeGreaterThanOrEqual(2);

    const c = await obtainCode(emu, null, { cookie });
    const tokens = await exchangeCode(emu, c);
    const refreshed = (await (await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: SEED.integrationKeys.main.clientId })).json()) as {
      access_token: string;
      refresh_token: string;
    };
    await fetch(`${emu.authServerUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${refreshed.access_token}`, Cookie: cookie } });
    const pdf = samplePdfBase64('secret contract text');
    const created = await api(emu, 'na', refreshed.access_token, `/accounts/${NA}/envelopes`, {
      json: envelopeDefinition({ documents: [{ documentBase64: pdf, name: 'c.pdf', documentId: '1' }] }),
    });
    expect(created.status).toBe(201);
    const afterCreate = entries().at(-1)!;
    expect(afterCreate).toMatchObject({ method: 'POST', region: 'na', status: 201, path: `/restapi/v2.1/accounts/${NA}/envelopes` });
    await api(emu, 'eu', 'bad-token', `/accounts/${SEED.accounts.acmeEu.accountId}/envelopes?from_date=2020-01-01`);

    const raw = readFileSync(logFile, 'utf8');
    const log = entries();
    // Nothing secret appears anywhere in the file.
    for (const secret of [jane.password, c.code, c.verifier, tokens.access_token, tokens.refresh_token, refreshed.access_token, refreshed.refresh_token, cookie.split('=')[1]!, pdf.slice(0, 40)]) {
      expect(raw).not.toContain(secret);
    }
    // Every line has the documented fields.
    for (const e of log) {
      expect(typeof e.ts).toBe('string');
      expect(typeof e.port).toBe('number');
      expect(typeof e.method).toBe('string');
      expect(typeof e.path).toBe('string');
      expect(typeof e.query).toBe('object');
      expect(typeof e.headers).toBe('object');
      expect(e).toHaveProperty('body');
    }
    const authPort = Number(new URL(emu.authServerUrl).port);
    const loginEntry = log.find((e) => e.path === '/oauth/login')!;
    expect(loginEntry.port).toBe(authPort);
    expect(loginEntry.region).toBeUndefined();
    expect(loginEntry.body).toMatchObject({ email: jane.email, password: '[redacted]' });

    const tokenEntries = log.filter((e) => e.path === '/oauth/token');
    expect(tokenEntries[0]!.body).toMatchObject({ grant_type: 'authorization_code', code: '[redacted]', code_verifier: '[redacted]', redirect_uri: c.redirectUri });
    expect(tokenEntries[1]!.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: '[redacted]' });

    const authorizeEntry = log.find((e) => e.path === '/oauth/auth')!;
    expect(authorizeEntry.query).toMatchObject({ state: 'log-state', response_type: 'code', code_challenge_method: 'S256' });

    const userinfoEntry = log.find((e) => e.path === '/oauth/userinfo')!;
    expect(userinfoEntry.headers.authorization).toBe('[redacted]');
    expect(userinfoEntry.headers.cookie).toBe('[redacted]');

    expect(afterCreate.headers.authorization).toBe('[redacted]');
    expect(afterCreate.port).toBe(Number(new URL(emu.regions.na).port));
    const body = afterCreate.body as { documents: Array<{ documentBase64: unknown; name: string }>; recipients: unknown };
    expect(body.documents[0]!.documentBase64).toEqual({ redacted: true, length: pdf.length });
    expect(body.documents[0]!.name).toBe('c.pdf');
    expect(body.recipients).toBeTruthy();

    const euEntry = log.at(-1)!;
    expect(euEntry).toMatchObject({ region: 'eu', status: 401, query: { from_date: '2020-01-01' } });
  });

  it('logs dropped connections and refused oversized bodies without their content', async () => {
    emu.control.addFaults({ route: 'userinfo', drop: 'before' });
    await expect(fetch(`${emu.authServerUrl}/oauth/userinfo`)).rejects.toThrow();
    expect(entries().at(-1)).toMatchObject({ path: '/oauth/userinfo', status: null, dropped: 'before' });
    const res = await fetch(`${emu.authServerUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `code=${'x'.repeat(2 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(entries().at(-1)).toMatchObject({ path: '/oauth/token', status: 413, body: { tooLarge: true } });
  });

  it('control API requests are logged too', async () => {
    await fetch(`${emu.authServerUrl}/__emulator/state`);
    expect(entries().at(-1)).toMatchObject({ method: 'GET', path: '/__emulator/state', status: 200 });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.ts';
import {
  authorizeUrl,
  exchangeCode,
  obtainCode,
  pkcePair,
  postConsent,
  postLogin,
  requestIdOf,
  sessionCookie,
  signIn,
  tokenRequest,
  type Tokens,
} from './helpers.ts';
import { CHROME_REDIRECT_URI, FIREFOX_REDIRECT_URI, OTHER_REDIRECT_URI, SEED } from './seed.ts';

const MAIN = SEED.integrationKeys.main.clientId;
const OTHER = SEED.integrationKeys.other.clientId;
const { jane, emma, liam, sam, olivia } = SEED.users;
const DAY = 24 * 3600;

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ extraRedirectUris: ['http://127.0.0.1:9/extra-callback'] });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.control.reset();
});

async function userinfo(token: string): Promise<Response> {
  return fetch(`${emu.authServerUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
}

async function get(url: string, cookie?: string): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}

describe('seed', () => {
  it('registers the extension redirect URIs and the extra ones on the main key', () => {
    expect(emu.seed.integrationKeys.main.redirectUris).toEqual([CHROME_REDIRECT_URI, FIREFOX_REDIRECT_URI, 'http://127.0.0.1:9/extra-callback']);
    expect(emu.seed.integrationKeys.other.redirectUris).toContain(OTHER_REDIRECT_URI);
    expect(emu.seed.integrationKeys.other.redirectUris).not.toContain(CHROME_REDIRECT_URI);
    expect(SEED.integrationKeys.main.redirectUris).toHaveLength(2); // the exported constant is not mutated
    for (const id of [MAIN, OTHER, jane.sub, SEED.accounts.acmeEu.accountId]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

describe('GET /oauth/auth validation', () => {
  it('unknown client_id: an HTML error page, never a redirect', async () => {
    const res = await get(authorizeUrl(emu, { clientId: '00000000-0000-4000-8000-000000000000' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('is not registered');
  });

  it('redirect_uri not registered for that key: an HTML error page naming the exact URI, no redirect', async () => {
    const res = await get(authorizeUrl(emu, { clientId: OTHER, redirectUri: CHROME_REDIRECT_URI }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain(CHROME_REDIRECT_URI);
    expect(html).toContain('not registered');
  });

  it('redirect_uri must match exactly (no prefix or trailing-slash tolerance)', async () => {
    const res = await get(authorizeUrl(emu, { redirectUri: CHROME_REDIRECT_URI.replace(/\/$/, '') }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const res2 = await get(authorizeUrl(emu, { redirectUri: `${CHROME_REDIRECT_URI}cb` }));
    expect(res2.status).toBe(400);
  });

  it('extra redirect URIs from the options are accepted', async () => {
    emu.control.setConfig({ autoApprove: true, autoLoginAs: jane.email });
    const c = await obtainCode(emu, null, { redirectUri: 'http://127.0.0.1:9/extra-callback' });
    expect(c.location.origin + c.location.pathname).toBe('http://127.0.0.1:9/extra-callback');
  });

  it.each([
    ['missing code_challenge', { challenge: null }, 'invalid_request'],
    ['code_challenge_method plain', { challengeMethod: 'plain' }, 'invalid_request'],
    ['missing code_challenge_method', { challengeMethod: null }, 'invalid_request'],
    ['malformed code_challenge', { challenge: 'short' }, 'invalid_request'],
    ['unknown scope', { scope: 'signature bogus' }, 'invalid_scope'],
    ['impersonation scope (JWT only)', { scope: 'signature impersonation' }, 'invalid_scope'],
    ['response_type token', { responseType: 'token' }, 'unsupported_response_type'],
  ])('%s: redirect with error=%s and the state echoed', async (_name, params, error) => {
    const res = await get(authorizeUrl(emu, { state: 'xyz-987', ...params }));
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.origin + loc.pathname).toBe(CHROME_REDIRECT_URI);
    expect(loc.searchParams.get('error')).toBe(error);
    expect(loc.searchParams.get('error_description')).toBeTruthy();
    expect(loc.searchParams.get('state')).toBe('xyz-987');
    expect(loc.searchParams.get('code')).toBeNull();
  });
});

describe('login, session, consent', () => {
  it('shows an accessible login page, rejects a wrong password, then consent, then redirects with code and state', async () => {
    const res = await get(authorizeUrl(emu, { state: 'state-abc' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="email">');
    expect(html).toContain('<label for="password">');
    expect(html).toContain('id="email"');
    expect(html).toContain('Send with DocuSign (ISV)');
    const requestId = requestIdOf(html);

    const wrong = await postLogin(emu, requestId, jane.email, 'nope');
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('role="alert"');
    expect(wrongHtml).toContain('incorrect');
    expect(wrongHtml).toContain('name="password"');

    const ok = await postLogin(emu, requestId, jane.email, jane.password);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const consent = await ok.text();
    expect(consent).toContain('Allow');
    expect(consent).toContain('Deny');
    expect(consent).toContain('<code>signature</code>');
    expect(consent).toContain('<code>extended</code>');
    expect(consent).toContain(jane.email);

    const allowed = await postConsent(emu, requestIdOf(consent), 'allow');
    expect(allowed.status).toBe(302);
    const loc = new URL(allowed.headers.get('location')!);
    expect(loc.origin + loc.pathname).toBe(CHROME_REDIRECT_URI);
    expect(loc.searchParams.get('state')).toBe('state-abc');
    expect(loc.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('login_hint prefills the email field', async () => {
    const res = await get(authorizeUrl(emu, { loginHint: emma.email }));
    expect(await res.text()).toContain(`value="${emma.email}"`);
  });

  it('consent Deny redirects with error=access_denied, a description and the state', async () => {
    const page = await (await get(authorizeUrl(emu, { state: 's-deny' }))).text();
    const consent = await (await postLogin(emu, requestIdOf(page), liam.email, liam.password)).text();
    const res = await postConsent(emu, requestIdOf(consent), 'deny');
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('error_description')).toBeTruthy();
    expect(loc.searchParams.get('state')).toBe('s-deny');
    expect(loc.searchParams.get('code')).toBeNull();
  });

  it('a session cookie is silently reused without prompt=login (the "wrong DocuSign user" hazard)', async () => {
    const first = await obtainCode(emu, jane, { prompt: 'login' });
    expect(first.cookie).toBeTruthy();
    // The extension now wants Emma, but without prompt=login the browser session signs Jane in silently.
    const raw = await get(authorizeUrl(emu, { loginHint: emma.email }), first.cookie!);
    expect(raw.status).toBe(302);
    expect(new URL(raw.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const second = await obtainCode(emu, null, { loginHint: emma.email, cookie: first.cookie! });
    const { access_token } = await exchangeCode(emu, second);
    expect(((await (await userinfo(access_token)).json()) as { email: string }).email).toBe(jane.email);
  });

  it('prompt=login forces the login page despite a session', async () => {
    const first = await obtainCode(emu, jane, { prompt: 'login' });
    const res = await get(authorizeUrl(emu, { prompt: 'login' }), first.cookie!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="password"');
  });

  it('consent is remembered per user and client, and asked again for new scopes', async () => {
    const first = await obtainCode(emu, liam, { prompt: 'login', scope: 'signature' });
    const again = await get(authorizeUrl(emu, { scope: 'signature' }), first.cookie!);
    expect(again.status).toBe(302);
    const more = await get(authorizeUrl(emu, { scope: 'signature cors' }), first.cookie!);
    expect(more.status).toBe(200);
    expect(await more.text()).toContain('<code>cors</code>');
  });

  it('autoLoginAs skips the login page; prompt=login still shows it; autoApprove skips consent', async () => {
    emu.control.setConfig({ autoLoginAs: olivia.email });
    const consent = await get(authorizeUrl(emu));
    expect(consent.status).toBe(200);
    const html = await consent.text();
    expect(html).not.toContain('name="password"');
    expect(html).toContain(olivia.email);

    emu.control.setConfig({ autoApprove: true });
    const direct = await get(authorizeUrl(emu));
    expect(direct.status).toBe(302);
    expect(new URL(direct.headers.get('location')!).searchParams.get('code')).toBeTruthy();

    const forced = await get(authorizeUrl(emu, { prompt: 'login' }));
    expect(forced.status).toBe(200);
    expect(await forced.text()).toContain('name="password"');
  });

  it('changing autoLoginAs ends older sessions (the browser is now signed in as that user)', async () => {
    const first = await obtainCode(emu, jane, { prompt: 'login' });
    emu.control.setConfig({ autoLoginAs: emma.email, autoApprove: true });
    const c = await obtainCode(emu, null, { cookie: first.cookie! });
    const t = await exchangeCode(emu, c);
    expect(((await (await userinfo(t.access_token)).json()) as { email: string }).email).toBe(emma.email);
  });

  it('logout clears the session', async () => {
    const first = await obtainCode(emu, jane, { prompt: 'login' });
    await get(`${emu.authServerUrl}/logout`, first.cookie!);
    const res = await get(authorizeUrl(emu), first.cookie!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="password"');
  });

  it('an unknown login request id gives an error page', async () => {
    const res = await postLogin(emu, 'nope', jane.email, jane.password);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('expired');
  });
});

describe('POST /oauth/token: authorization_code', () => {
  beforeEach(() => {
    emu.control.setConfig({ autoApprove: true, autoLoginAs: jane.email });
  });

  it('returns Bearer tokens with expires_in 28800 (public client, no Authorization header)', async () => {
    const c = await obtainCode(emu, null);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: c.redirectUri,
      client_id: MAIN,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Tokens;
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(28800);
    expect(body.access_token).toBeTruthy();
    expect(body.refresh_token).toBeTruthy();
    expect(body.scope.split(' ').sort()).toEqual(['extended', 'signature']);
  });

  it('PKCE: a wrong code_verifier is invalid_grant', async () => {
    const c = await obtainCode(emu, null);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: c.code,
      code_verifier: pkcePair().verifier,
      redirect_uri: c.redirectUri,
      client_id: MAIN,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('PKCE');
  });

  it('PKCE: a missing code_verifier is invalid_grant', async () => {
    const c = await obtainCode(emu, null);
    const res = await tokenRequest(emu, { grant_type: 'authorization_code', code: c.code, redirect_uri: c.redirectUri, client_id: MAIN });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('a code is single-use: the second exchange is invalid_grant and the first tokens are revoked', async () => {
    const c = await obtainCode(emu, null);
    const first = await exchangeCode(emu, c);
    expect((await userinfo(first.access_token)).status).toBe(200);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: c.redirectUri,
      client_id: MAIN,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('already been used');
    expect((await userinfo(first.access_token)).status).toBe(401);
    const refresh = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: MAIN });
    expect(refresh.status).toBe(400);
  });

  it('a failed exchange uses the code up', async () => {
    const c = await obtainCode(emu, null);
    await tokenRequest(emu, { grant_type: 'authorization_code', code: c.code, code_verifier: pkcePair().verifier, redirect_uri: c.redirectUri, client_id: MAIN });
    await expect(exchangeCode(emu, c)).rejects.toThrow(/invalid_grant/);
  });

  it('an expired code (older than codeTtlSeconds, default 120) is invalid_grant', async () => {
    const c = await obtainCode(emu, null);
    emu.control.advanceClock(121);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: c.redirectUri,
      client_id: MAIN,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('expired');
  });

  it('a code just inside its lifetime still works', async () => {
    const c = await obtainCode(emu, null);
    emu.control.advanceClock(110);
    await expect(exchangeCode(emu, c)).resolves.toHaveProperty('access_token');
  });

  it('redirect_uri must equal the one used at authorize', async () => {
    const c = await obtainCode(emu, null);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: FIREFOX_REDIRECT_URI,
      client_id: MAIN,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('client_id must match the code', async () => {
    const c = await obtainCode(emu, null);
    const res = await tokenRequest(emu, {
      grant_type: 'authorization_code',
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: c.redirectUri,
      client_id: OTHER,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it.each([
    ['unknown client_id', { grant_type: 'authorization_code', code: 'x', client_id: '11111111-1111-4111-8111-111111111111' }, 'invalid_client'],
    ['missing client_id', { grant_type: 'authorization_code', code: 'x' }, 'invalid_request'],
    ['missing grant_type', { client_id: MAIN }, 'invalid_request'],
    ['unsupported grant_type', { grant_type: 'password', client_id: MAIN }, 'unsupported_grant_type'],
    ['client_credentials', { grant_type: 'client_credentials', client_id: MAIN }, 'unsupported_grant_type'],
    ['unknown code', { grant_type: 'authorization_code', code: 'nope', code_verifier: 'x', client_id: MAIN }, 'invalid_grant'],
    ['missing code', { grant_type: 'authorization_code', client_id: MAIN }, 'invalid_request'],
  ])('%s: 400 %s', async (_name, values, error) => {
    const res = await tokenRequest(emu, values as Record<string, string>);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; error_description: string };
    expect(body.error).toBe(error);
    expect(typeof body.error_description).toBe('string');
  });

  it('a JSON token request is invalid_request (form encoding required)', async () => {
    const res = await fetch(`${emu.authServerUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x', client_id: MAIN }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('POST /oauth/token: refresh_token', () => {
  async function refresh(token: string, clientId = MAIN): Promise<Response> {
    return tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: token, client_id: clientId });
  }

  it('rotates: a new access and refresh token; the old refresh token dies', async () => {
    const t = await signIn(emu, jane);
    const res = await refresh(t.refresh_token);
    expect(res.status).toBe(200);
    const next = (await res.json()) as Tokens;
    expect(next.refresh_token).not.toBe(t.refresh_token);
    expect(next.access_token).not.toBe(t.access_token);
    expect(next.expires_in).toBe(28800);
    expect((await userinfo(next.access_token)).status).toBe(200);

    const old = await refresh(t.refresh_token);
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: string }).error).toBe('invalid_grant');
    expect((await refresh(next.refresh_token)).status).toBe(200);
  });

  it('a refresh token of another client is invalid_grant', async () => {
    const t = await signIn(emu, jane);
    const res = await refresh(t.refresh_token, OTHER);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('without extended: refresh tokens do not slide (dead 30 days after sign-in)', async () => {
    const t = await signIn(emu, jane, { scope: 'signature' });
    expect(t.scope).toBe('signature');
    emu.control.advanceClock(20 * DAY);
    const r1 = await refresh(t.refresh_token);
    expect(r1.status).toBe(200);
    const t2 = (await r1.json()) as Tokens;
    emu.control.advanceClock(11 * DAY); // 31 days after sign-in
    const r2 = await refresh(t2.refresh_token);
    expect(r2.status).toBe(400);
    const body = (await r2.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('expired');
  });

  it('with extended: each refresh gives a full new 30-day lifetime', async () => {
    const t = await signIn(emu, jane, { scope: 'signature extended' });
    emu.control.advanceClock(20 * DAY);
    const t2 = (await (await refresh(t.refresh_token)).json()) as Tokens;
    emu.control.advanceClock(20 * DAY); // 40 days after sign-in, 20 after the refresh
    const r = await refresh(t2.refresh_token);
    expect(r.status).toBe(200);
    const t3 = (await r.json()) as Tokens;
    emu.control.advanceClock(31 * DAY);
    expect((await refresh(t3.refresh_token)).status).toBe(400);
  });

  it('grantExtended=false (the UNCONFIRMED case): extended is requested but not granted, so no sliding', async () => {
    emu.control.setConfig({ grantExtended: false });
    const t = await signIn(emu, jane, { scope: 'signature extended' });
    expect(t.scope).toBe('signature');
    emu.control.advanceClock(20 * DAY);
    const t2 = (await (await refresh(t.refresh_token)).json()) as Tokens;
    emu.control.advanceClock(11 * DAY);
    expect((await refresh(t2.refresh_token)).status).toBe(400);
  });

  it('missing refresh_token is invalid_request, unknown is invalid_grant', async () => {
    const a = await tokenRequest(emu, { grant_type: 'refresh_token', client_id: MAIN });
    expect(((await a.json()) as { error: string }).error).toBe('invalid_request');
    const b = await refresh('emu_rt_nope');
    expect(((await b.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('the access token lifetime follows accessTokenTtlSeconds and expiry gives 401', async () => {
    const t = await signIn(emu, jane);
    emu.control.advanceClock(28_799);
    expect((await userinfo(t.access_token)).status).toBe(200);
    emu.control.advanceClock(2);
    expect((await userinfo(t.access_token)).status).toBe(401);
    emu.control.setConfig({ accessTokenTtlSeconds: 60 });
    const t2 = await signIn(emu, jane);
    expect(t2.expires_in).toBe(60);
  });
});

describe('GET /oauth/userinfo', () => {
  it("returns DocuSign's shape with each account's regional base_uri and organization", async () => {
    const t = await signIn(emu, jane);
    const res = await userinfo(t.access_token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      sub: string;
      name: string;
      given_name: string;
      family_name: string;
      created: string;
      email: string;
      accounts: Array<{ account_id: string; is_default: boolean; account_name: string; base_uri: string; organization?: { organization_id: string; links: unknown[] } }>;
    };
    expect(body).toMatchObject({ sub: jane.sub, name: 'Jane Doe', given_name: 'Jane', family_name: 'Doe', email: jane.email, created: jane.created });
    expect(body.accounts.map((a) => [a.account_name, a.is_default, a.base_uri])).toEqual([
      ['Acme Corp NA', true, emu.regions.na],
      ['Acme Europe GmbH', false, emu.regions.eu],
      ['Acme Canada Ltd', false, emu.regions.ca],
    ]);
    for (const a of body.accounts) {
      expect(a.base_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(a.organization?.organization_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.organization?.links.length).toBeGreaterThan(0);
    }
  });

  it("Sam's personal account has no organization; Olivia's default is AU", async () => {
    const s = (await (await userinfo((await signIn(emu, sam)).access_token)).json()) as { accounts: Array<Record<string, unknown>> };
    expect(s.accounts).toHaveLength(1);
    expect(s.accounts[0]).toMatchObject({ account_id: SEED.accounts.samPersonal.accountId, is_default: true, base_uri: emu.regions.na });
    expect(s.accounts[0]).not.toHaveProperty('organization');
    const o = (await (await userinfo((await signIn(emu, olivia)).access_token)).json()) as { accounts: Array<Record<string, unknown>> };
    expect(o.accounts.find((a) => a.is_default)).toMatchObject({ account_id: SEED.accounts.acmeAu.accountId, base_uri: emu.regions.au });
  });

  it('401 without a token, with a bad token, after expire-tokens', async () => {
    expect((await fetch(`${emu.authServerUrl}/oauth/userinfo`)).status).toBe(401);
    const bad = await userinfo('garbage');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    const t = await signIn(emu, emma);
    emu.control.expireTokens();
    expect((await userinfo(t.access_token)).status).toBe(401);
  });

  it('counts userinfo calls per user and key', async () => {
    const t = await signIn(emu, emma);
    await userinfo(t.access_token);
    await userinfo(t.access_token);
    expect(emu.control.getUserinfoUsage()).toEqual([{ email: emma.email, sub: emma.sub, calls: 2, byIntegrationKey: { [MAIN]: 2 } }]);
  });
});

describe('revocation', () => {
  it('revoke(email) kills refresh tokens and consent (consent page again)', async () => {
    const c = await obtainCode(emu, liam, { prompt: 'login' });
    const t = await exchangeCode(emu, c);
    expect(emu.control.revoke(liam.email)).toBe(true);
    const res = await tokenRequest(emu, { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: MAIN });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
    const again = await get(authorizeUrl(emu), c.cookie!);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Allow');
    expect(emu.control.revoke('nobody@example.org')).toBe(false);
  });

  it('the cookie from one emulator login is named per auth port', async () => {
    const page = await (await get(authorizeUrl(emu))).text();
    const res = await postLogin(emu, requestIdOf(page), jane.email, jane.password);
    expect(sessionCookie(res)).toMatch(new RegExp(`^ds_emulator_session_${new URL(emu.authServerUrl).port}=`));
  });
});

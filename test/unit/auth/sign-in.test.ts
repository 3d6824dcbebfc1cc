// @vitest-environment node
// Sign-in against the DocuSign emulator (real HTTP on 127.0.0.1, real Node fetch).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  captureConsole,
  heldTokens,
  localStorageText,
  profilesFor,
  REDIRECT_URI,
  resetClient,
  scriptedBrowser,
  SEED,
  startHarness,
  type EmulatorHarness,
} from './auth-test-kit';
import { AuthError } from '../../../utils/auth/errors';
import { beginLogin, chooseAccount, completeSignIn, PENDING_LOGINS_KEY, signIn, type PendingLogin } from '../../../utils/auth/pkce-login';
import { getSession, signOut } from '../../../utils/auth/session-store';
import { getCachedUserInfo } from '../../../utils/auth/userinfo';
import { getRememberedAccountId } from '../../../utils/auth/account-choice';
import { readRefreshToken, readStoredSession } from '../../../utils/auth/session-data';
import type { AuthProfile } from '../../../utils/auth/types';

let h: EmulatorHarness;
let profiles: ReturnType<typeof profilesFor>;
const acc = SEED.accounts;

beforeAll(async () => {
  h = await startHarness();
  profiles = profilesFor(h.emu);
});
afterAll(async () => {
  await h?.emu.close();
});
beforeEach(async () => {
  h.emu.control.reset();
  h.resetLog();
  await resetClient([profiles.eu, profiles.ca, profiles.choose]);
});

async function pendingLogins(): Promise<Record<string, PendingLogin>> {
  const got = await fakeBrowser.storage.session.get(PENDING_LOGINS_KEY);
  return (got[PENDING_LOGINS_KEY] as Record<string, PendingLogin> | undefined) ?? {};
}

async function expectAuthError(promise: Promise<unknown>, code: AuthError['code']): Promise<AuthError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected AuthError ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  expect((err as AuthError).code, (err as AuthError).message).toBe(code);
  expect((err as AuthError).message.length).toBeGreaterThan(20);
  return err as AuthError;
}

/** Nothing stored for the profile: no access token, no refresh token, no userinfo cache. */
async function expectNothingStored(profileId: string): Promise<void> {
  expect(await readStoredSession(profileId)).toBeUndefined();
  expect(await readRefreshToken(profileId)).toBeUndefined();
  expect(await getCachedUserInfo(profileId)).toBeUndefined();
  expect((await getSession(profileId)).state).toBe('signed-out');
  expect(await heldTokens()).toEqual([]);
}

/** Begin a login and let the scripted browser run the authorize dance; returns the redirect URL. */
async function redirectFor(profile: AuthProfile, user: 'jane' | 'emma' | 'liam' | 'sam' | 'olivia'): Promise<string> {
  const { url } = await beginLogin({ profile, redirectUri: REDIRECT_URI });
  const redirected = await scriptedBrowser({ user })({ url, interactive: true });
  if (!redirected) throw new Error('no redirect');
  return redirected;
}

describe('signIn: happy paths', () => {
  it('jane signs in for the EU profile: EU account verified, tokens stored only where they belong', async () => {
    const console = captureConsole();
    const setAccessLevel = vi.fn(async () => undefined);
    (fakeBrowser.storage.session as unknown as { setAccessLevel: typeof setAccessLevel }).setAccessLevel = setAccessLevel;
    try {
      const browser = scriptedBrowser({ user: 'jane' });
      const session = await signIn({ profile: profiles.eu, launchWebAuthFlow: browser, redirectUri: REDIRECT_URI });

      expect(browser.pagesSeen).toEqual(['login', 'consent']);
      const authorize = new URL(browser.urls[0]!);
      expect(authorize.origin + authorize.pathname).toBe(`${h.emu.authServerUrl}/oauth/auth`);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: SEED.integrationKeys.main.clientId,
        redirect_uri: REDIRECT_URI,
        scope: 'signature extended',
        code_challenge_method: 'S256',
      });
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(authorize.searchParams.get('state')).toBeTruthy();
      expect(authorize.searchParams.has('prompt')).toBe(false);

      expect(session).toMatchObject({
        profileId: 'acme-eu',
        state: 'signed-in',
        user: { sub: SEED.users.jane.sub, email: SEED.users.jane.email, name: 'Jane Doe' },
        account: { accountId: acc.acmeEu.accountId, accountName: acc.acmeEu.accountName, baseUri: h.emu.regions.eu },
        environment: h.emu.authServerUrl,
      });
      expect(session.expiresAt! - Date.now()).toBeGreaterThan(7 * 3600_000);
      expect(JSON.stringify(session)).not.toMatch(/emu_(at|rt)_/);

      // Access token in storage.session, refresh token in IndexedDB, nothing secret in storage.local.
      const stored = await readStoredSession('acme-eu');
      expect(stored?.accessToken).toMatch(/^emu_at_/);
      const record = await readRefreshToken('acme-eu');
      expect(record?.refreshToken).toMatch(/^emu_rt_/);
      expect(record).toMatchObject({ issuer: h.emu.authServerUrl, clientId: SEED.integrationKeys.main.clientId });
      const tokens = await heldTokens();
      expect(tokens).toHaveLength(2);
      const local = await localStorageText();
      for (const token of tokens) expect(local).not.toContain(token);
      expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });

      // userinfo cached for the session; the pending login is gone (single use).
      expect((await getCachedUserInfo('acme-eu'))?.accounts).toHaveLength(3);
      expect(await pendingLogins()).toEqual({});
      // The token endpoint saw a public-client PKCE exchange (no Authorization header).
      const exchange = h.log().find((e) => e.path === '/oauth/token');
      expect(exchange?.body).toMatchObject({ grant_type: 'authorization_code', client_id: SEED.integrationKeys.main.clientId, redirect_uri: REDIRECT_URI });
      expect((exchange as unknown as { headers: Record<string, string> }).headers.authorization).toBeUndefined();

      // Tokens never printed.
      const printed = console.text();
      for (const token of tokens) expect(printed).not.toContain(token);
    } finally {
      console.restore();
    }
  });

  it.each([
    ['emma', 'eu', 'acmeEu'],
    ['liam', 'ca', 'acmeCa'],
  ] as const)('%s signs in for the %s profile', async (user, profileKey, accountKey) => {
    const session = await signIn({ profile: profiles[profileKey], launchWebAuthFlow: scriptedBrowser({ user }), redirectUri: REDIRECT_URI });
    expect(session.state).toBe('signed-in');
    expect(session.user?.email).toBe(SEED.users[user].email);
    expect(session.account?.accountId).toBe(acc[accountKey].accountId);
    expect(session.account?.baseUri).toBe(h.emu.regions[profileKey]);
    expect(await localStorageText()).not.toMatch(/emu_(at|rt)_/);
  });
});

describe('completeLogin: state, code and verifier checks', () => {
  it('rejects a tampered state', async () => {
    const redirected = new URL(await redirectFor(profiles.eu, 'jane'));
    redirected.searchParams.set('state', `${redirected.searchParams.get('state')}x`);
    await expectAuthError(completeSignIn(redirected.href), 'invalid_state');
    redirected.searchParams.delete('state');
    await expectAuthError(completeSignIn(redirected.href), 'invalid_state');
    await expectNothingStored('acme-eu');
    expect(h.tokenRequests('authorization_code')).toBe(0);
  });

  it('uses a pending login once: replaying the redirect fails locally, and DocuSign refuses the reused code', async () => {
    const { url } = await beginLogin({ profile: profiles.eu, redirectUri: REDIRECT_URI });
    const pendingBefore = await pendingLogins();
    const redirected = (await scriptedBrowser({ user: 'jane' })({ url, interactive: true }))!;
    await completeSignIn(redirected);
    expect((await getSession('acme-eu')).state).toBe('signed-in');

    await expectAuthError(completeSignIn(redirected), 'invalid_state');
    expect(h.tokenRequests('authorization_code')).toBe(1);

    // Put the pending entry back (as if it had been copied): the emulator rejects the used code.
    await fakeBrowser.storage.session.set({ [PENDING_LOGINS_KEY]: pendingBefore });
    await expectAuthError(completeSignIn(redirected), 'invalid_grant');
    expect(h.tokenRequests('authorization_code')).toBe(2);
  });

  it('rejects a wrong PKCE verifier (invalid_grant), storing nothing', async () => {
    const { url, state } = await beginLogin({ profile: profiles.eu, redirectUri: REDIRECT_URI });
    const redirected = (await scriptedBrowser({ user: 'jane' })({ url, interactive: true }))!;
    const pending = await pendingLogins();
    pending[state]!.codeVerifier = `${pending[state]!.codeVerifier.slice(0, -4)}AAAA`;
    await fakeBrowser.storage.session.set({ [PENDING_LOGINS_KEY]: pending });
    const err = await expectAuthError(completeSignIn(redirected), 'invalid_grant');
    expect(err.details).toMatchObject({ error: 'invalid_grant', status: 400 });
    await expectNothingStored('acme-eu');
  });

  it('expires pending logins after 10 minutes', async () => {
    let clock = Date.now();
    await resetClient([profiles.eu], { now: () => clock });
    const { url } = await beginLogin({ profile: profiles.eu, redirectUri: REDIRECT_URI });
    const redirected = (await scriptedBrowser({ user: 'jane' })({ url, interactive: true }))!;
    clock += 10 * 60_000 + 1;
    await expectAuthError(completeSignIn(redirected), 'invalid_state');
    expect(await pendingLogins()).toEqual({});
  });
});

describe('signIn: failures map to typed errors and store nothing', () => {
  it.each([
    ['Chrome', 'The user did not approve access.'],
    ['Firefox', 'User cancelled or denied access.'],
  ])('the user closes the window (%s)', async (_browser, message) => {
    const err = await expectAuthError(
      signIn({
        profile: profiles.eu,
        launchWebAuthFlow: () => Promise.reject(new Error(message)),
        redirectUri: REDIRECT_URI,
      }),
      'cancelled',
    );
    expect(err.details.browserMessage).toBe(message);
    expect(await pendingLogins()).toEqual({});
    await expectNothingStored('acme-eu');
  });

  it('consent denied -> access_denied', async () => {
    const err = await expectAuthError(
      signIn({ profile: profiles.eu, launchWebAuthFlow: scriptedBrowser({ user: 'jane', consent: 'deny' }), redirectUri: REDIRECT_URI }),
      'access_denied',
    );
    expect(err.details.error).toBe('access_denied');
    await expectNothingStored('acme-eu');
    expect(h.tokenRequests('authorization_code')).toBe(0);
  });

  it('DocuSign error= on the redirect -> authorize_error with DocuSign\'s error', async () => {
    const profile = { ...profiles.eu, scopes: ['signature', 'impersonation'] };
    const err = await expectAuthError(
      signIn({ profile, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI }),
      'authorize_error',
    );
    expect(err.details.error).toBe('invalid_scope');
    expect(err.message).toContain('invalid_scope');
    expect(await pendingLogins()).toEqual({});
    await expectNothingStored('acme-eu');
  });

  it('network down: authorization server unreachable, and token endpoint unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down: AuthProfile = { ...profiles.eu, id: 'down', environment: `http://127.0.0.1:${port}` };
    await resetClient([down]);

    // The browser cannot load the authorize page.
    await expectAuthError(
      signIn({ profile: down, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI }),
      'network',
    );
    // The redirect arrives but the token endpoint is unreachable (fetch TypeError).
    const err = await expectAuthError(
      signIn({
        profile: down,
        launchWebAuthFlow: async ({ url }) => `${REDIRECT_URI}?code=abc&state=${new URL(url).searchParams.get('state')}`,
        redirectUri: REDIRECT_URI,
      }),
      'network',
    );
    expect(err.details.step).toBe('token');
    await expectNothingStored('down');
  });

  it('connection dropped by the emulator after it acted -> network', async () => {
    h.emu.control.addFaults({ route: 'token', drop: 'after' });
    await expectAuthError(signIn({ profile: profiles.eu, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI }), 'network');
    await expectNothingStored('acme-eu');
  });

  describe('server garbage', () => {
    let garbage: Server;
    let reply: { status: number; type: string; body: string };
    let garbageProfile: AuthProfile;
    beforeAll(async () => {
      garbage = createServer((req, res) => {
        res.writeHead(reply.status, { 'Content-Type': reply.type });
        res.end(reply.body);
      });
      await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
      garbageProfile = { ...profiles.eu, id: 'garbage', environment: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}` };
    });
    afterAll(() => new Promise<void>((resolve) => garbage.close(() => resolve())));
    beforeEach(async () => {
      await resetClient([garbageProfile]);
    });

    const fakeRedirect = async ({ url }: { url: string }) => `${REDIRECT_URI}?code=abc&state=${new URL(url).searchParams.get('state')}`;

    it.each([
      ['HTML instead of JSON', 200, 'text/html', '<html>maintenance</html>', 'bad_response'],
      ['JSON of the wrong shape', 200, 'application/json', '{"hello":"world"}', 'bad_response'],
      ['a non-bearer token type', 200, 'application/json', '{"access_token":"x","token_type":"mac"}', 'bad_response'],
      ['a JSON array', 200, 'application/json', '[1,2]', 'bad_response'],
      ['a 503 HTML page', 503, 'text/html', '<html>down</html>', 'server_error'],
      ['a 400 without an OAuth error body', 400, 'text/plain', 'nope', 'bad_response'],
    ] as const)('token endpoint answers %s -> %s', async (_what, status, type, body, code) => {
      reply = { status, type, body };
      const err = await expectAuthError(signIn({ profile: garbageProfile, launchWebAuthFlow: fakeRedirect, redirectUri: REDIRECT_URI }), code);
      expect(err.details.step).toBe('token');
      expect(JSON.stringify(err.details)).not.toContain('"x"');
      await expectNothingStored('garbage');
    });

    it('userinfo answering garbage after a good token response -> bad_response, no tokens stored', async () => {
      // Tokens from the garbage server are well-formed; its userinfo is not.
      garbage.removeAllListeners('request');
      garbage.on('request', (req, res) => {
        if (req.url?.startsWith('/oauth/token')) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ access_token: 'garbage_at_1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'garbage_rt_1' }));
        } else {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ sub: 's', email: 'e@x', name: 'n', accounts: [{ account_id: 'a' }] }));
        }
      });
      const err = await expectAuthError(signIn({ profile: garbageProfile, launchWebAuthFlow: fakeRedirect, redirectUri: REDIRECT_URI }), 'bad_response');
      expect(err.details.step).toBe('userinfo');
      expect(JSON.stringify(err)).not.toContain('garbage_at_1');
      await expectNothingStored('garbage');
    });
  });
});

describe('account verification', () => {
  it('sam is not a member: not_member names him and his account; "sign in as a different user" fixes it', async () => {
    const browser = scriptedBrowser({ user: 'sam' });
    const err = await expectAuthError(signIn({ profile: profiles.eu, launchWebAuthFlow: browser, redirectUri: REDIRECT_URI }), 'not_member');
    expect(err.message).toContain('Sam Outsider');
    expect(err.message).toContain(SEED.users.sam.email);
    expect(err.message).toContain(acc.samPersonal.accountName);
    expect(err.message).toContain(acc.samPersonal.accountId);
    expect(err.message).toContain(acc.acmeEu.accountId);
    expect(err.message).toContain('Sign in as a different DocuSign user');
    expect(err.details).toMatchObject({
      requiredAccountId: acc.acmeEu.accountId,
      accounts: [{ accountId: acc.samPersonal.accountId, accountName: acc.samPersonal.accountName, isDefault: true }],
      suggestedAction: 'sign_in_as_different_user',
    });
    await expectNothingStored('acme-eu');

    // Without prompt=login the browser's DocuSign session (sam) would be reused silently.
    browser.as({ user: 'jane' });
    await expectAuthError(signIn({ profile: profiles.eu, launchWebAuthFlow: browser, redirectUri: REDIRECT_URI }), 'not_member');
    expect(browser.pagesSeen).toEqual(['login', 'consent']);

    const session = await signIn({ profile: profiles.eu, launchWebAuthFlow: browser, redirectUri: REDIRECT_URI, prompt: 'login' });
    expect(new URL(browser.urls[2]!).searchParams.get('prompt')).toBe('login');
    expect(session).toMatchObject({ state: 'signed-in', user: { email: SEED.users.jane.email }, account: { accountId: acc.acmeEu.accountId } });
  });

  it('expectedBaseUri mismatch -> base_uri_mismatch, nothing stored', async () => {
    const profile: AuthProfile = { ...profiles.eu, expectedBaseUri: `${h.emu.regions.na}/` };
    await resetClient([profile]);
    const err = await expectAuthError(signIn({ profile, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI }), 'base_uri_mismatch');
    expect(err.details).toMatchObject({ actualBaseUri: h.emu.regions.eu, expectedBaseUri: h.emu.regions.na, accountId: acc.acmeEu.accountId });
    await expectNothingStored('acme-eu');
  });

  it('a profile without accountId asks jane to choose (default marked), then remembers the choice', async () => {
    const browser = scriptedBrowser({ user: 'jane' });
    const err = await expectAuthError(signIn({ profile: profiles.choose, launchWebAuthFlow: browser, redirectUri: REDIRECT_URI }), 'needs_account_choice');
    expect(err.details.defaultAccountId).toBe(acc.acmeNa.accountId);
    expect(err.details.accounts).toEqual([
      { accountId: acc.acmeNa.accountId, accountName: acc.acmeNa.accountName, baseUri: h.emu.regions.na, isDefault: true },
      { accountId: acc.acmeEu.accountId, accountName: acc.acmeEu.accountName, baseUri: h.emu.regions.eu, isDefault: false },
      { accountId: acc.acmeCa.accountId, accountName: acc.acmeCa.accountName, baseUri: h.emu.regions.ca, isDefault: false },
    ]);
    // Not signed in yet: no tokens stored while the choice is pending.
    await expectNothingStored('any-account');

    // An account she does not have is refused.
    await expectAuthError(chooseAccount('any-account', acc.samPersonal.accountId), 'not_member');

    const session = await chooseAccount('any-account', acc.acmeCa.accountId);
    expect(session).toMatchObject({ state: 'signed-in', account: { accountId: acc.acmeCa.accountId, baseUri: h.emu.regions.ca } });
    expect(await getRememberedAccountId('any-account')).toBe(acc.acmeCa.accountId);

    // Next sign-in: the remembered choice applies without asking; signOut keeps it.
    await signOut('any-account');
    expect(await getRememberedAccountId('any-account')).toBe(acc.acmeCa.accountId);
    const again = await signIn({ profile: profiles.choose, launchWebAuthFlow: browser, redirectUri: REDIRECT_URI });
    expect(again.account?.accountId).toBe(acc.acmeCa.accountId);
    expect(await localStorageText()).not.toMatch(/emu_(at|rt)_/);
  });

  it('chooseAccount without a pending sign-in only remembers (the caller signs in again)', async () => {
    expect(await chooseAccount('any-account', acc.acmeEu.accountId)).toBeNull();
    const session = await signIn({ profile: profiles.choose, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI });
    expect(session.account?.accountId).toBe(acc.acmeEu.accountId);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

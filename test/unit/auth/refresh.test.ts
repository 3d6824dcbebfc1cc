// @vitest-environment node
// Token renewal, sign-out and session states against the DocuSign emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  captureConsole,
  CLIENT_ID,
  heldTokens,
  localStorageText,
  nodeFetch,
  profilesFor,
  REDIRECT_URI,
  resetClient,
  scriptedBrowser,
  SEED,
  startHarness,
  type EmulatorHarness,
} from './auth-test-kit';
import { AuthError } from '../../../utils/auth/errors';
import { configureAuth } from '../../../utils/auth/context';
import { signIn } from '../../../utils/auth/pkce-login';
import { refreshSession, SIGN_IN_EXPIRED_REASON, withAccessToken } from '../../../utils/auth/refresh';
import { getAccessToken, getSession, signOut } from '../../../utils/auth/session-store';
import { getCachedUserInfo, getUserInfo } from '../../../utils/auth/userinfo';
import { readRefreshToken, readStoredSession } from '../../../utils/auth/session-data';
import type { AuthProfile } from '../../../utils/auth/types';

let h: EmulatorHarness;
let profiles: ReturnType<typeof profilesFor>;
let clock: number;
let currentProfiles: AuthProfile[];

const HOUR = 3600_000;

beforeAll(async () => {
  h = await startHarness();
  profiles = profilesFor(h.emu);
});
afterAll(async () => {
  await h?.emu.close();
});
beforeEach(async () => {
  h.emu.control.reset();
  clock = Date.now();
  currentProfiles = [profiles.eu, profiles.ca];
  await resetClient([], { now: () => clock, getProfile: (id) => currentProfiles.find((p) => p.id === id) });
  await signIn({ profile: profiles.eu, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI });
  h.resetLog();
});

async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  const err = await promise.then(
    () => new Error('expected an AuthError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

async function postToken(values: Record<string, string>): Promise<Response> {
  return nodeFetch()(`${h.emu.authServerUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  });
}

describe('getAccessToken', () => {
  it('returns the stored token while it is fresh (no token request)', async () => {
    const token = await getAccessToken('acme-eu');
    expect(token).toBe((await readStoredSession('acme-eu'))?.accessToken);
    clock += 7 * HOUR; // 8 h token: 1 h left
    expect(await getAccessToken('acme-eu')).toBe(token);
    expect(h.tokenRequests('refresh_token')).toBe(0);
  });

  it('refreshes ahead of expiry (< 5 min left)', async () => {
    const before = await getAccessToken('acme-eu');
    clock += 8 * HOUR - 4 * 60_000;
    const after = await getAccessToken('acme-eu');
    expect(after).not.toBe(before);
    expect(h.tokenRequests('refresh_token')).toBe(1);
    expect((await getSession('acme-eu')).state).toBe('signed-in');
  });
});

describe('refreshSession', () => {
  it('single-flight: 10 concurrent callers share exactly one token request', async () => {
    clock += 8 * HOUR + 1; // access token expired
    const tokens = await Promise.all(Array.from({ length: 10 }, () => getAccessToken('acme-eu')));
    expect(new Set(tokens).size).toBe(1);
    expect(h.tokenRequests('refresh_token')).toBe(1);
    // Direct refreshSession callers share too.
    h.resetLog();
    const direct = await Promise.all(Array.from({ length: 10 }, () => refreshSession('acme-eu')));
    expect(new Set(direct.map((d) => d.accessToken)).size).toBe(1);
    expect(h.tokenRequests('refresh_token')).toBe(1);
  });

  it('rotates the refresh token: the new one is stored, the old one is refused by DocuSign', async () => {
    const oldRefresh = (await readRefreshToken('acme-eu'))!.refreshToken;
    const oldAccess = (await readStoredSession('acme-eu'))!.accessToken;
    const fresh = await refreshSession('acme-eu');
    const record = await readRefreshToken('acme-eu');
    expect(record!.refreshToken).not.toBe(oldRefresh);
    expect(fresh.accessToken).not.toBe(oldAccess);
    expect((await readStoredSession('acme-eu'))!.accessToken).toBe(fresh.accessToken);
    expect(fresh.context.account.accountId).toBe(SEED.accounts.acmeEu.accountId);

    const replay = await postToken({ grant_type: 'refresh_token', refresh_token: oldRefresh, client_id: CLIENT_ID });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    // The stored (rotated) one still works.
    await refreshSession('acme-eu');
    expect(h.tokenRequests('refresh_token')).toBe(3);
    expect(await localStorageText()).not.toContain(record!.refreshToken);
  });

  it('invalid_grant (consent revoked): tokens dropped, session needs-sign-in with reason', async () => {
    expect(h.emu.control.revoke(SEED.users.jane.email)).toBe(true);
    clock += 8 * HOUR + 1;
    const err = await authErrorOf(getAccessToken('acme-eu'));
    expect(err.code).toBe('needs_sign_in');
    expect(err.message).toBe(SIGN_IN_EXPIRED_REASON);
    expect(err.message).toBe('Your DocuSign sign-in expired or was revoked. Sign in again; your pending sends are kept.');
    expect(await readRefreshToken('acme-eu')).toBeUndefined();
    expect((await readStoredSession('acme-eu'))?.accessToken).toBeUndefined();
    expect(await heldTokens()).toEqual([]);
    const session = await getSession('acme-eu');
    expect(session).toMatchObject({ state: 'needs-sign-in', reason: SIGN_IN_EXPIRED_REASON, user: { email: SEED.users.jane.email } });
    // Later calls fail fast, without asking DocuSign again.
    expect((await authErrorOf(getAccessToken('acme-eu'))).code).toBe('needs_sign_in');
    expect(h.tokenRequests('refresh_token')).toBe(1);
    // Signing in again clears the mark.
    await signIn({ profile: profiles.eu, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI });
    expect((await getSession('acme-eu')).state).toBe('signed-in');
  });

  it('network trouble: typed error, tokens kept; a still-valid token keeps being served', async () => {
    const before = await readRefreshToken('acme-eu');
    h.emu.control.addFaults({ route: 'token', drop: 'before' });
    expect((await authErrorOf(refreshSession('acme-eu'))).code).toBe('network');
    h.emu.control.addFaults({ route: 'token', status: 503 });
    expect((await authErrorOf(refreshSession('acme-eu'))).code).toBe('server_error');
    expect((await readRefreshToken('acme-eu'))?.refreshToken).toBe(before?.refreshToken);

    // Due for refresh but not expired: the refresh fails, the current token is still returned.
    const current = (await readStoredSession('acme-eu'))!.accessToken;
    clock += 8 * HOUR - 60_000;
    h.emu.control.addFaults({ route: 'token', drop: 'before' });
    expect(await getAccessToken('acme-eu')).toBe(current);
    // Expired and still unreachable: the error surfaces, tokens kept, state 'expired' (renewable).
    clock += 2 * 60_000;
    h.emu.control.addFaults({ route: 'token', drop: 'before' });
    expect((await authErrorOf(getAccessToken('acme-eu'))).code).toBe('network');
    expect((await getSession('acme-eu')).state).toBe('expired');
    // Back online: renewal works with the kept refresh token.
    expect(await getAccessToken('acme-eu')).not.toBe(current);
  });
});

describe('withAccessToken', () => {
  it('on 401 refreshes once and retries once', async () => {
    h.emu.control.expireTokens(); // DocuSign-side expiry the client cannot see
    const info = await getUserInfo('acme-eu', { force: true });
    expect(info.email).toBe(SEED.users.jane.email);
    const userinfoCalls = h.log().filter((e) => e.path === '/oauth/userinfo');
    expect(userinfoCalls.map((e) => e.status)).toEqual([401, 200]);
    expect(h.tokenRequests('refresh_token')).toBe(1);
  });

  it('a second 401 is returned as is: exactly one refresh, exactly two calls', async () => {
    const seen: string[] = [];
    const response = await withAccessToken('acme-eu', async (token, context) => {
      seen.push(token);
      expect(context.account.accountId).toBe(SEED.accounts.acmeEu.accountId);
      return new Response('{}', { status: 401 });
    });
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    expect(h.tokenRequests('refresh_token')).toBe(1);
  });

  it('concurrent 401s share one refresh', async () => {
    h.emu.control.expireTokens();
    const call = () =>
      withAccessToken('acme-eu', (token) =>
        nodeFetch()(`${h.emu.authServerUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } }),
      );
    const responses = await Promise.all(Array.from({ length: 5 }, call));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(h.tokenRequests('refresh_token')).toBe(1);
  });
});

describe('session lifecycle', () => {
  it('signOut removes tokens and the userinfo cache', async () => {
    expect(await getCachedUserInfo('acme-eu')).toBeDefined();
    await signOut('acme-eu');
    expect(await heldTokens()).toEqual([]);
    expect(await getCachedUserInfo('acme-eu')).toBeUndefined();
    expect(await getSession('acme-eu')).toEqual({ profileId: 'acme-eu', state: 'signed-out' });
    const err = await authErrorOf(getAccessToken('acme-eu'));
    expect(err.code).toBe('needs_sign_in');
    expect(h.tokenRequests('refresh_token')).toBe(0);
  });

  /** Holds refresh_token requests at the door until `release()`; resolves `started` when one arrives. */
  function gateRefreshRequests() {
    let release!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (arrived = resolve));
    const real = nodeFetch();
    configureAuth({
      getProfile: (id) => currentProfiles.find((p) => p.id === id),
      now: () => clock,
      fetch: async (url, init) => {
        if (String(init?.body ?? '').includes('grant_type=refresh_token')) {
          arrived();
          await gate;
        }
        return real(url, init);
      },
    });
    return { release, started };
  }

  it('a refresh running during signOut does not resurrect the session', async () => {
    const { release, started } = gateRefreshRequests();
    const running = refreshSession('acme-eu');
    await started;
    await signOut('acme-eu');
    release();
    expect((await authErrorOf(running)).code).toBe('needs_sign_in');
    expect(await heldTokens()).toEqual([]);
    expect((await getSession('acme-eu')).state).toBe('signed-out');
  });

  it('a refresh overtaken by a new sign-in yields the new sign-in\'s token and stores nothing of its own', async () => {
    const { release, started } = gateRefreshRequests();
    const running = refreshSession('acme-eu');
    await started;
    await signIn({ profile: profiles.eu, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI });
    const signedIn = { access: (await readStoredSession('acme-eu'))!.accessToken, refresh: (await readRefreshToken('acme-eu'))!.refreshToken };
    release();
    expect((await running).accessToken).toBe(signedIn.access);
    expect((await readStoredSession('acme-eu'))!.accessToken).toBe(signedIn.access);
    expect((await readRefreshToken('acme-eu'))!.refreshToken).toBe(signedIn.refresh);
    expect(h.tokenRequests('refresh_token')).toBe(1);
  });

  it('states: signed-in -> expired -> (browser restart) expired with user -> signed-in after renewal', async () => {
    expect((await getSession('acme-eu')).state).toBe('signed-in');
    clock += 8 * HOUR + 1;
    expect((await getSession('acme-eu')).state).toBe('expired');
    await fakeBrowser.storage.session.clear(); // the browser was closed: session storage is gone
    const restarted = await getSession('acme-eu');
    expect(restarted).toMatchObject({ state: 'expired', user: { email: SEED.users.jane.email }, account: { accountId: SEED.accounts.acmeEu.accountId } });
    await getAccessToken('acme-eu');
    expect((await getSession('acme-eu')).state).toBe('signed-in');
  });

  it('a profile whose account changed needs a new sign-in (tokens are not reused for another account)', async () => {
    currentProfiles = [{ ...profiles.eu, accountId: SEED.accounts.acmeCa.accountId, expectedBaseUri: h.emu.regions.ca }];
    expect((await getSession('acme-eu')).state).toBe('needs-sign-in');
    const err = await authErrorOf(getAccessToken('acme-eu'));
    expect(err.code).toBe('needs_sign_in');
    expect(err.details.reasonCode).toBe('profile_changed');
    expect(await heldTokens()).toEqual([]);
  });

  it('tokens never reach storage.local or the console across sign-in, refresh and sign-out', async () => {
    const console = captureConsole();
    try {
      const seen = new Set(await heldTokens());
      clock += 8 * HOUR + 1;
      await getAccessToken('acme-eu');
      for (const t of await heldTokens()) seen.add(t);
      await getUserInfo('acme-eu', { force: true });
      h.emu.control.revoke(SEED.users.jane.email);
      clock += 8 * HOUR + 1;
      await getAccessToken('acme-eu').catch(() => undefined);
      await signIn({ profile: profiles.ca, launchWebAuthFlow: scriptedBrowser({ user: 'jane' }), redirectUri: REDIRECT_URI });
      for (const t of await heldTokens()) seen.add(t);
      await signOut('acme-ca');
      expect(seen.size).toBeGreaterThanOrEqual(5);
      const local = await localStorageText();
      const printed = console.text();
      for (const token of seen) {
        expect(local).not.toContain(token);
        expect(printed).not.toContain(token);
      }
    } finally {
      console.restore();
    }
  });
});

/**
 * DocuSign sign-in: Authorization Code + PKCE (S256) as a public client, with oauth4webapi.
 *
 *   beginLogin     authorize URL + pending entry {state, codeVerifier, ...} in storage.session
 *   (browser)      identity.launchWebAuthFlow({ url, interactive: true }) -> redirect URL
 *   completeLogin  pending entry by state (single use) -> validateAuthResponse
 *                  -> authorizationCodeGrantRequest -> processAuthorizationCodeResponse
 *   completeSignIn completeLogin -> userinfo -> account verification -> store the session
 *   signIn         all of the above
 *
 * The pending entry lives in storage.session (WXT notation `session:pendingLogins`, an object keyed
 * by state) because the service worker may be stopped while the user types a password. Entries
 * expire after 10 minutes and are removed when used. Tokens are stored only when the whole flow,
 * including the account check, succeeded.
 */
import { browser } from 'wxt/browser';
import * as oauth from 'oauth4webapi';
import { AuthError, authorizationResponseError, launchWebAuthFlowError, toAuthError } from './errors';
import { oauthRequestOptions, resolveAuthServer, type ResolvedAuthServer } from './endpoints';
import { authFetch, findProfile, now, profileScope } from './context';
import { restrictSessionStorage } from './session-data';
import { getSession, onSignOut, storeSignedInSession } from './session-store';
import { cacheUserInfo, requestUserInfo } from './userinfo';
import { selectAccount } from './account-selection';
import { getRememberedAccountId, rememberAccountId } from './account-choice';
import type { AuthProfile, DocuSignAccount, DocuSignUserInfo, SessionSnapshot } from './types';

export const PENDING_LOGINS_KEY = 'pendingLogins';
export const PENDING_LOGIN_TTL_MS = 10 * 60_000;

export interface PendingLogin {
  state: string;
  codeVerifier: string;
  profileId: string;
  redirectUri: string;
  createdAt: number;
  prompt?: 'login';
  /** What the authorize request was made with; the code exchange uses exactly these. */
  environment: string;
  clientId: string;
  scope: string;
}

type PendingLogins = Record<string, PendingLogin>;

// Read-modify-write of the pending map is serialised within this JS context.
let pendingQueue: Promise<unknown> = Promise.resolve();

function updatePendingLogins<T>(update: (entries: PendingLogins) => T): Promise<T> {
  const run = pendingQueue.then(async () => {
    const got = (await browser.storage.session.get(PENDING_LOGINS_KEY)) as Record<string, PendingLogins | undefined>;
    const entries: PendingLogins = { ...(got[PENDING_LOGINS_KEY] ?? {}) };
    const t = now();
    for (const [state, entry] of Object.entries(entries)) {
      if (!(t - entry.createdAt < PENDING_LOGIN_TTL_MS)) delete entries[state];
    }
    const result = update(entries);
    await restrictSessionStorage();
    if (Object.keys(entries).length) await browser.storage.session.set({ [PENDING_LOGINS_KEY]: entries });
    else await browser.storage.session.remove(PENDING_LOGINS_KEY);
    return result;
  });
  pendingQueue = run.catch(() => undefined);
  return run;
}

export interface BeginLoginOptions {
  profile: AuthProfile;
  /** The extension's redirect URI (identity.getRedirectURL()); must be registered on the key. */
  redirectUri: string;
  /** 'login' forces DocuSign to ask for credentials ("Sign in as a different DocuSign user"). */
  prompt?: 'login';
}

/** Builds the authorize URL and remembers the PKCE verifier and state for the redirect. */
export async function beginLogin({ profile, redirectUri, prompt }: BeginLoginOptions): Promise<{ url: string; state: string }> {
  if (!profile.integrationKey) {
    throw new AuthError('invalid_config', 'This DocuSign profile has no integration key. Ask your administrator.', {
      profileId: profile.id,
    });
  }
  const server = resolveAuthServer(profile.environment);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const state = oauth.generateRandomState();
  const scope = profileScope(profile);

  const url = new URL(server.as.authorization_endpoint!);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', profile.integrationKey);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (prompt === 'login') url.searchParams.set('prompt', 'login');

  const entry: PendingLogin = {
    state,
    codeVerifier,
    profileId: profile.id,
    redirectUri,
    createdAt: now(),
    ...(prompt ? { prompt } : {}),
    environment: profile.environment,
    clientId: profile.integrationKey,
    scope,
  };
  await updatePendingLogins((entries) => {
    entries[state] = entry;
  });
  return { url: url.href, state };
}

/** Forgets a pending login (the window was closed, or the flow failed before the redirect). */
export async function discardLogin(state: string): Promise<void> {
  await updatePendingLogins((entries) => {
    delete entries[state];
  });
}

function takePendingLogin(state: string): Promise<PendingLogin | undefined> {
  return updatePendingLogins((entries) => {
    const entry = entries[state];
    delete entries[state];
    return entry;
  });
}

function sameRedirectTarget(received: URL, redirectUri: string): boolean {
  try {
    const expected = new URL(redirectUri);
    return received.origin === expected.origin && received.pathname === expected.pathname;
  } catch {
    return false;
  }
}

const invalidState = (why: string) =>
  new AuthError(
    'invalid_state',
    'This DocuSign sign-in response does not belong to a sign-in in progress (it was already used, expired, or was altered). Please sign in again.',
    { reason: why },
  );

export interface CompletedLogin {
  /** BACKGROUND ONLY: contains the tokens. */
  tokens: oauth.TokenEndpointResponse;
  pending: PendingLogin;
  server: ResolvedAuthServer;
}

/**
 * Handles the URL DocuSign redirected to: checks state (single use), the authorization response,
 * and exchanges the code (public client, PKCE verifier). Stores nothing.
 */
export async function completeLogin(redirectedToUrl: string): Promise<CompletedLogin> {
  let url: URL;
  try {
    url = new URL(redirectedToUrl);
  } catch {
    throw new AuthError('bad_response', 'DocuSign sent back an unreadable sign-in response. Please sign in again.', {
      step: 'authorize',
      problem: 'redirect URL is not a URL',
    });
  }
  const state = url.searchParams.get('state');
  const pending = state ? await takePendingLogin(state) : undefined;
  if (!pending) {
    // An error response without state (some servers omit it) is still worth reporting as such.
    const error = url.searchParams.get('error');
    if (!state && error) throw authorizationResponseError(error, url.searchParams.get('error_description'));
    throw invalidState(state ? 'unknown_or_expired_state' : 'missing_state');
  }
  if (!sameRedirectTarget(url, pending.redirectUri)) throw invalidState('redirect_uri_mismatch');

  const server = resolveAuthServer(pending.environment);
  const client: oauth.Client = { client_id: pending.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(server.as, client, url, pending.state);
  } catch (err) {
    throw toAuthError(err, 'authorize');
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      server.as,
      client,
      oauth.None(),
      params,
      pending.redirectUri,
      pending.codeVerifier,
      oauthRequestOptions(server, authFetch()),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(server.as, client, response);
    return { tokens, pending, server };
  } catch (err) {
    throw toAuthError(err, 'token');
  }
}

// ---- account choice pending after a sign-in (in memory only: no tokens stored half-way) ----

interface PendingChoice {
  tokens: oauth.TokenEndpointResponse;
  server: ResolvedAuthServer;
  clientId: string;
  profile: AuthProfile;
  userinfo: DocuSignUserInfo;
  createdAt: number;
}

const pendingChoices = new Map<string, PendingChoice>();
onSignOut((profileId) => pendingChoices.delete(profileId));

async function finishVerified(
  profile: AuthProfile,
  completed: { tokens: oauth.TokenEndpointResponse; server: ResolvedAuthServer; clientId: string },
  userinfo: DocuSignUserInfo,
  account: DocuSignAccount,
): Promise<SessionSnapshot> {
  pendingChoices.delete(profile.id);
  await storeSignedInSession({
    profileId: profile.id,
    server: completed.server,
    clientId: completed.clientId,
    tokens: completed.tokens,
    user: { sub: userinfo.sub, name: userinfo.name, email: userinfo.email },
    account: { accountId: account.accountId, accountName: account.accountName, baseUri: account.baseUri },
  });
  await cacheUserInfo(profile.id, userinfo);
  return getSession(profile.id);
}

/**
 * Everything after the redirect: code exchange, userinfo, account verification, storing the
 * session. `profile` defaults to the configured profile of the pending login (e.g. when the worker
 * restarted during the sign-in).
 */
export async function completeSignIn(redirectedToUrl: string, options: { profile?: AuthProfile } = {}): Promise<SessionSnapshot> {
  const { tokens, pending, server } = await completeLogin(redirectedToUrl);
  const profile = options.profile ?? (await findProfile(pending.profileId));
  if (!profile) {
    throw new AuthError('unknown_profile', 'This DocuSign profile is no longer configured. Ask your administrator.', {
      profileId: pending.profileId,
    });
  }
  if (profile.id !== pending.profileId) throw invalidState('profile_mismatch');
  let currentServer: ResolvedAuthServer;
  try {
    currentServer = resolveAuthServer(profile.environment);
  } catch (err) {
    throw toAuthError(err, 'authorize');
  }
  if (profile.integrationKey !== pending.clientId || currentServer.baseUrl !== server.baseUrl) {
    throw new AuthError(
      'profile_changed',
      "This profile's DocuSign settings changed while you were signing in. Please sign in again.",
      { profileId: profile.id },
    );
  }

  const userinfo = await requestUserInfo(server, tokens.access_token);
  const selection = selectAccount({
    userinfo,
    profile,
    rememberedAccountId: profile.accountId ? undefined : await getRememberedAccountId(profile.id),
  });
  if (!selection.ok) {
    if (selection.error.code === 'needs_account_choice') {
      pendingChoices.set(profile.id, { tokens, server, clientId: pending.clientId, profile, userinfo, createdAt: now() });
    } else {
      pendingChoices.delete(profile.id);
    }
    throw selection.error;
  }
  return finishVerified(profile, { tokens, server, clientId: pending.clientId }, userinfo, selection.account);
}

export type LaunchWebAuthFlow = (details: { url: string; interactive: boolean }) => Promise<string | undefined>;

export interface SignInOptions {
  profile: AuthProfile;
  /** `browser.identity.launchWebAuthFlow` in the extension; tests drive the emulator instead. */
  launchWebAuthFlow: LaunchWebAuthFlow;
  /** Default: browser.identity.getRedirectURL(). */
  redirectUri?: string;
  prompt?: 'login';
}

/**
 * Full interactive sign-in for a profile. Resolves with the new session snapshot; rejects with an
 * AuthError (cancelled, access_denied, authorize_error, network, bad_response, invalid_state,
 * invalid_grant, not_member, base_uri_mismatch, no_accounts, needs_account_choice, ...).
 */
export async function signIn({ profile, launchWebAuthFlow, redirectUri, prompt }: SignInOptions): Promise<SessionSnapshot> {
  pendingChoices.delete(profile.id);
  const { url, state } = await beginLogin({
    profile,
    redirectUri: redirectUri ?? browser.identity.getRedirectURL(),
    ...(prompt ? { prompt } : {}),
  });
  let redirectedTo: string | undefined;
  try {
    redirectedTo = await launchWebAuthFlow({ url, interactive: true });
  } catch (err) {
    await discardLogin(state);
    throw launchWebAuthFlowError(err);
  }
  if (!redirectedTo) {
    await discardLogin(state);
    throw launchWebAuthFlowError(new Error('The user did not approve access.'));
  }
  try {
    return await completeSignIn(redirectedTo, { profile });
  } finally {
    // Normally already consumed; this covers failures before the state lookup.
    await discardLogin(state);
  }
}

/**
 * The user picked an account after `needs_account_choice`. The choice is remembered for the
 * profile (storage.local). If the sign-in that asked is still pending (same worker, < 10 min), it
 * is completed and the new session returned; otherwise null (call signIn again: the remembered
 * choice then applies without asking).
 */
export async function chooseAccount(profileId: string, accountId: string): Promise<SessionSnapshot | null> {
  const pending = pendingChoices.get(profileId);
  if (!pending || !(now() - pending.createdAt < PENDING_LOGIN_TTL_MS)) {
    pendingChoices.delete(profileId);
    await rememberAccountId(profileId, accountId);
    return null;
  }
  const selection = selectAccount({ userinfo: pending.userinfo, profile: pending.profile, rememberedAccountId: accountId });
  if (!selection.ok || selection.account.accountId !== accountId) {
    if (!selection.ok && selection.error.code !== 'needs_account_choice') throw selection.error;
    throw new AuthError('not_member', 'That DocuSign account is not one you can send from. Choose one of the listed accounts.', {
      profileId,
      accountId,
    });
  }
  await rememberAccountId(profileId, accountId);
  return finishVerified(pending.profile, pending, pending.userinfo, selection.account);
}

/**
 * DocuSign /oauth/userinfo: request, validation, and a per-profile cache in storage.session
 * (DocuSign rate-limits userinfo per user and per integration key, so it is read once per sign-in
 * and then served from the cache for the browser session).
 */
import { browser } from 'wxt/browser';
import * as oauth from 'oauth4webapi';
import { AuthError, toAuthError } from './errors';
import { isLoopbackHost, normalizeBaseUri, oauthRequestOptions, resolveAuthServer, type FetchLike, type ResolvedAuthServer } from './endpoints';
import { authFetch, now, requireProfile } from './context';
import { withAccessToken } from './refresh';
import { restrictSessionStorage } from './session-data';
import type { DocuSignAccount, DocuSignUserInfo } from './types';

export { normalizeBaseUri };

function bad(problem: string): AuthError {
  return new AuthError(
    'bad_response',
    "DocuSign sent unexpected user information. Try again; if it keeps happening, tell your administrator.",
    { step: 'userinfo', problem },
  );
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * Validates the userinfo JSON shape and normalises it. `allowLoopbackHttp`: accept http base URIs
 * on loopback hosts (only when the authorization server itself is the loopback emulator); every
 * other base_uri must be https, because the access token is sent there.
 */
export function parseUserInfo(json: unknown, options: { allowLoopbackHttp?: boolean } = {}): DocuSignUserInfo {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw bad('body is not an object');
  const body = json as Record<string, unknown>;
  if (!str(body.sub)) throw bad('"sub" missing');
  if (!str(body.email)) throw bad('"email" missing');
  if (typeof body.name !== 'string') throw bad('"name" missing');
  if (!Array.isArray(body.accounts)) throw bad('"accounts" is not an array');
  const accounts: DocuSignAccount[] = body.accounts.map((raw, i) => {
    if (!raw || typeof raw !== 'object') throw bad(`accounts[${i}] is not an object`);
    const a = raw as Record<string, unknown>;
    if (!str(a.account_id)) throw bad(`accounts[${i}].account_id missing`);
    if (!str(a.base_uri)) throw bad(`accounts[${i}].base_uri missing`);
    const baseUri = normalizeBaseUri(a.base_uri);
    if (!baseUri) throw bad(`accounts[${i}].base_uri is not a URL`);
    const { protocol, hostname } = new URL(baseUri);
    if (protocol !== 'https:' && !(options.allowLoopbackHttp && isLoopbackHost(hostname))) {
      throw bad(`accounts[${i}].base_uri is not https`);
    }
    const isDefault = a.is_default === true || a.is_default === 'true';
    const org = a.organization as Record<string, unknown> | undefined;
    return {
      accountId: a.account_id,
      accountName: typeof a.account_name === 'string' ? a.account_name : a.account_id,
      baseUri,
      isDefault,
      ...(org && str(org.organization_id) ? { organizationId: org.organization_id } : {}),
    };
  });
  return {
    sub: body.sub,
    name: body.name || body.email,
    email: body.email,
    ...(str(body.given_name) ? { givenName: body.given_name } : {}),
    ...(str(body.family_name) ? { familyName: body.family_name } : {}),
    accounts,
  };
}

/** Any client_id does for userinfo processing; DocuSign's userinfo is plain JSON, never a JWT. */
const USERINFO_CLIENT: oauth.Client = { client_id: 'send-with-docusign' };

/** GET /oauth/userinfo (the Response, unprocessed: callers may need to see a 401 first). */
export function userInfoResponse(server: ResolvedAuthServer, accessToken: string, fetchImpl: FetchLike = authFetch()): Promise<Response> {
  return oauth.userInfoRequest(server.as, USERINFO_CLIENT, accessToken, oauthRequestOptions(server, fetchImpl));
}

/** Validates a userinfo Response: oauth4webapi's checks (status, JSON, sub), then DocuSign's shape. */
export async function processDocuSignUserInfo(server: ResolvedAuthServer, response: Response): Promise<DocuSignUserInfo> {
  let json: oauth.UserInfoResponse;
  try {
    json = await oauth.processUserInfoResponse(server.as, USERINFO_CLIENT, oauth.skipSubjectCheck, response);
  } catch (err) {
    throw toAuthError(err, 'userinfo');
  }
  return parseUserInfo(json, { allowLoopbackHttp: server.insecureLoopback });
}

/** userinfo request + validation with a given access token (used right after the code exchange). */
export async function requestUserInfo(server: ResolvedAuthServer, accessToken: string, fetchImpl: FetchLike = authFetch()): Promise<DocuSignUserInfo> {
  let response: Response;
  try {
    response = await userInfoResponse(server, accessToken, fetchImpl);
  } catch (err) {
    throw toAuthError(err, 'userinfo');
  }
  return processDocuSignUserInfo(server, response);
}

// ---- cache (storage.session, WXT notation `session:userinfo:<profileId>`) ----

interface CachedUserInfo {
  fetchedAt: number;
  info: DocuSignUserInfo;
}

const cacheKey = (profileId: string) => `userinfo:${profileId}`;

export async function getCachedUserInfo(profileId: string): Promise<DocuSignUserInfo | undefined> {
  const key = cacheKey(profileId);
  const got = (await browser.storage.session.get(key)) as Record<string, CachedUserInfo | undefined>;
  return got[key]?.info;
}

export async function cacheUserInfo(profileId: string, info: DocuSignUserInfo): Promise<void> {
  await restrictSessionStorage();
  const entry: CachedUserInfo = { fetchedAt: now(), info };
  await browser.storage.session.set({ [cacheKey(profileId)]: entry });
}

export async function clearUserInfoCache(profileId: string): Promise<void> {
  await browser.storage.session.remove(cacheKey(profileId));
}

/**
 * The signed-in user's userinfo for a profile: from the session cache, or (force, or not cached)
 * fetched with the profile's access token (refreshing it on 401) and cached.
 */
export async function getUserInfo(profileId: string, options: { force?: boolean } = {}): Promise<DocuSignUserInfo> {
  if (!options.force) {
    const cached = await getCachedUserInfo(profileId);
    if (cached) return cached;
  }
  const profile = await requireProfile(profileId);
  const server = resolveAuthServer(profile.environment);
  const response = await withAccessToken(profileId, (token) => userInfoResponse(server, token)).catch((err: unknown) => {
    throw toAuthError(err, 'userinfo');
  });
  const info = await processDocuSignUserInfo(server, response);
  await cacheUserInfo(profileId, info);
  return info;
}

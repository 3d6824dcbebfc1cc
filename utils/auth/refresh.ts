/**
 * Access token renewal (background only).
 *
 * - `refreshSession(profileId)`: ONE in-flight refresh per profile; concurrent callers share its
 *   promise, so N callers cause one token request. DocuSign rotates refresh tokens: the new one is
 *   stored before anything else (the old one is dead server-side the moment DocuSign answered).
 * - `invalid_grant` (refresh token expired or consent revoked): both tokens are dropped, the session
 *   is marked needs-sign-in with a reason, and an AuthError('needs_sign_in') is thrown. Pending
 *   send jobs are not touched here (the outbox keeps them as needs-sign-in).
 * - Network / server trouble: an AuthError('network' | 'server_error' | ...) is thrown and the
 *   tokens are kept.
 * - `withAccessToken(profileId, fn)`: fn(token); on HTTP 401 refresh once and retry once.
 */
import * as oauth from 'oauth4webapi';
import { AuthError, toAuthError } from './errors';
import { normalizeBaseUri, oauthRequestOptions, resolveAuthServer, type ResolvedAuthServer } from './endpoints';
import { authFetch, now, refreshAheadMs, requireProfile } from './context';
import {
  dropTokensNeedingSignIn,
  readRefreshToken,
  readStoredSession,
  sessionGeneration,
  writeRefreshToken,
  writeStoredSession,
  type StoredSession,
} from './session-data';
import type { AuthProfile, AuthorizedContext, DocuSignUser, VerifiedAccount } from './types';

export const SIGN_IN_EXPIRED_REASON =
  'Your DocuSign sign-in expired or was revoked. Sign in again; your pending sends are kept.';
export const PROFILE_CHANGED_REASON =
  "This profile's DocuSign settings changed since you signed in. Sign in again; your pending sends are kept.";
export const NOT_SIGNED_IN_REASON = 'You are not signed in to DocuSign for this profile. Sign in to continue.';

/** Used when DocuSign omits expires_in (it normally sends 28800 = 8 h). */
const DEFAULT_ACCESS_TOKEN_LIFETIME_S = 3600;

export interface FreshAccessToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  context: AuthorizedContext;
}

/** What a stored session / refresh token was issued for. */
interface Binding {
  issuer?: string;
  clientId?: string;
  account?: VerifiedAccount;
}

/**
 * Whether tokens issued for `binding` may still serve `profile` (config can change live: another
 * environment, integration key, account or expected region invalidates them).
 */
export function bindingMismatch(profile: AuthProfile, server: ResolvedAuthServer, binding: Binding): boolean {
  if (binding.issuer !== undefined && binding.issuer !== server.baseUrl) return true;
  if (binding.clientId !== undefined && binding.clientId !== profile.integrationKey) return true;
  if (binding.account) {
    if (profile.accountId && binding.account.accountId !== profile.accountId) return true;
    if (profile.expectedBaseUri && normalizeBaseUri(profile.expectedBaseUri) !== binding.account.baseUri) return true;
  }
  return false;
}

function needsSignIn(profileId: string, reason: string, code: string): AuthError {
  return new AuthError('needs_sign_in', reason, { profileId, reasonCode: code });
}

/** Lifetime-aware "renew now?": min(refreshAheadMs, half the token's lifetime) before expiry. */
function dueForRefresh(session: StoredSession): boolean {
  const expiresAt = session.accessTokenExpiresAt ?? 0;
  const issuedAt = session.accessTokenIssuedAt ?? expiresAt;
  const ahead = Math.min(refreshAheadMs(), Math.max(0, (expiresAt - issuedAt) / 2));
  return expiresAt - now() <= ahead;
}

function usable(session: StoredSession | undefined): session is StoredSession & {
  accessToken: string;
  accessTokenExpiresAt: number;
  user: DocuSignUser;
  account: VerifiedAccount;
} {
  return (
    !!session &&
    !session.needsSignIn &&
    typeof session.accessToken === 'string' &&
    typeof session.accessTokenExpiresAt === 'number' &&
    session.accessTokenExpiresAt > now() &&
    !!session.user &&
    !!session.account
  );
}

const inFlight = new Map<string, Promise<FreshAccessToken>>();

/** Renews the profile's access token with its refresh token; concurrent callers share one request. */
export function refreshSession(profileId: string): Promise<FreshAccessToken> {
  const running = inFlight.get(profileId);
  if (running) return running;
  const started = doRefresh(profileId).finally(() => {
    if (inFlight.get(profileId) === started) inFlight.delete(profileId);
  });
  inFlight.set(profileId, started);
  return started;
}

async function doRefresh(profileId: string): Promise<FreshAccessToken> {
  const generation = sessionGeneration(profileId);
  const profile = await requireProfile(profileId);
  const server = resolveAuthServer(profile.environment);
  const [record, stored] = await Promise.all([readRefreshToken(profileId), readStoredSession(profileId)]);
  if (stored?.needsSignIn) throw needsSignIn(profileId, stored.needsSignIn.reason, stored.needsSignIn.code);

  const base = {
    issuer: record?.issuer ?? stored?.issuer ?? server.baseUrl,
    clientId: record?.clientId ?? stored?.clientId ?? profile.integrationKey,
    user: stored?.user ?? record?.user,
    account: stored?.account ?? record?.account,
  };
  if (!record) {
    if (!stored) throw needsSignIn(profileId, NOT_SIGNED_IN_REASON, 'not_signed_in');
    // No refresh token (DocuSign did not issue one): serve the access token until it expires.
    if (usable(stored)) {
      return {
        accessToken: stored.accessToken,
        expiresAt: stored.accessTokenExpiresAt,
        context: { user: stored.user, account: stored.account },
      };
    }
    await dropTokensNeedingSignIn(profileId, base, 'expired', SIGN_IN_EXPIRED_REASON, now());
    throw needsSignIn(profileId, SIGN_IN_EXPIRED_REASON, 'expired');
  }
  if (bindingMismatch(profile, server, { ...base, account: base.account })) {
    await dropTokensNeedingSignIn(profileId, base, 'profile_changed', PROFILE_CHANGED_REASON, now());
    throw needsSignIn(profileId, PROFILE_CHANGED_REASON, 'profile_changed');
  }
  if (!base.user || !base.account) {
    await dropTokensNeedingSignIn(profileId, base, 'incomplete', NOT_SIGNED_IN_REASON, now());
    throw needsSignIn(profileId, NOT_SIGNED_IN_REASON, 'incomplete');
  }

  const client: oauth.Client = { client_id: base.clientId };
  let tokens: oauth.TokenEndpointResponse;
  try {
    const response = await oauth.refreshTokenGrantRequest(
      server.as,
      client,
      oauth.None(),
      record.refreshToken,
      oauthRequestOptions(server, authFetch()),
    );
    tokens = await oauth.processRefreshTokenResponse(server.as, client, response);
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError && err.error === 'invalid_grant') {
      if (generation === sessionGeneration(profileId)) {
        await dropTokensNeedingSignIn(profileId, base, 'invalid_grant', SIGN_IN_EXPIRED_REASON, now());
      }
      throw new AuthError('needs_sign_in', SIGN_IN_EXPIRED_REASON, {
        profileId,
        reasonCode: 'invalid_grant',
        error: 'invalid_grant',
        ...(err.error_description ? { error_description: err.error_description } : {}),
      });
    }
    throw toAuthError(err, 'refresh'); // tokens kept: a later attempt may succeed
  }

  if (generation !== sessionGeneration(profileId)) {
    // Signed out or signed in again while this refresh ran: its result belongs to nobody. Serve
    // the new sign-in's token if there is one; otherwise the profile is signed out.
    const newer = await readStoredSession(profileId);
    if (usable(newer)) {
      return { accessToken: newer.accessToken, expiresAt: newer.accessTokenExpiresAt, context: { user: newer.user, account: newer.account } };
    }
    throw needsSignIn(profileId, NOT_SIGNED_IN_REASON, 'superseded');
  }

  const t = now();
  const refreshExpiresIn = Number((tokens as { refresh_token_expires_in?: unknown }).refresh_token_expires_in);
  const rotated = typeof tokens.refresh_token === 'string' && tokens.refresh_token.length > 0;
  await writeRefreshToken({
    ...record,
    refreshToken: rotated ? tokens.refresh_token! : record.refreshToken,
    updatedAt: t,
    ...(Number.isFinite(refreshExpiresIn) && refreshExpiresIn > 0
      ? { expiresAt: t + refreshExpiresIn * 1000 }
      : rotated
        ? { expiresAt: undefined }
        : {}),
    issuer: base.issuer,
    clientId: base.clientId,
    user: base.user,
    account: base.account,
  });
  const expiresAt = t + (tokens.expires_in ?? DEFAULT_ACCESS_TOKEN_LIFETIME_S) * 1000;
  await writeStoredSession({
    v: 1,
    profileId,
    issuer: base.issuer,
    clientId: base.clientId,
    accessToken: tokens.access_token,
    accessTokenIssuedAt: t,
    accessTokenExpiresAt: expiresAt,
    user: base.user,
    account: base.account,
    signedInAt: stored?.signedInAt ?? record.updatedAt,
  });
  return { accessToken: tokens.access_token, expiresAt, context: { user: base.user, account: base.account } };
}

/**
 * A valid access token for the profile, renewed ahead of expiry. If renewal fails for a transient
 * reason while the current token is still valid, the current token is returned.
 */
export async function ensureFreshAccessToken(profileId: string): Promise<FreshAccessToken> {
  const profile = await requireProfile(profileId);
  const server = resolveAuthServer(profile.environment);
  const stored = await readStoredSession(profileId);
  if (stored?.needsSignIn) throw needsSignIn(profileId, stored.needsSignIn.reason, stored.needsSignIn.code);
  if (stored && bindingMismatch(profile, server, stored)) {
    await dropTokensNeedingSignIn(profileId, stored, 'profile_changed', PROFILE_CHANGED_REASON, now());
    throw needsSignIn(profileId, PROFILE_CHANGED_REASON, 'profile_changed');
  }
  if (usable(stored) && !dueForRefresh(stored)) {
    return {
      accessToken: stored.accessToken,
      expiresAt: stored.accessTokenExpiresAt,
      context: { user: stored.user, account: stored.account },
    };
  }
  try {
    return await refreshSession(profileId);
  } catch (err) {
    const current = await readStoredSession(profileId);
    const transient = err instanceof AuthError && (err.code === 'network' || err.code === 'server_error');
    if (transient && usable(current)) {
      return {
        accessToken: current.accessToken,
        expiresAt: current.accessTokenExpiresAt,
        context: { user: current.user, account: current.account },
      };
    }
    throw err;
  }
}

/**
 * Calls `fn` with a valid access token and the verified account. If the API answers 401 (token
 * expired or revoked early), renews the token once and calls `fn` once more; the second response
 * is returned whatever it is. Renewal errors (needs_sign_in, network) propagate as AuthErrors.
 */
export async function withAccessToken(
  profileId: string,
  fn: (accessToken: string, context: AuthorizedContext) => Promise<Response>,
): Promise<Response> {
  const first = await ensureFreshAccessToken(profileId);
  const response = await fn(first.accessToken, first.context);
  if (response.status !== 401) return response;
  await response.body?.cancel().catch(() => undefined);
  const renewed = await renewAfterUnauthorized(profileId, first.accessToken);
  return fn(renewed.accessToken, renewed.context);
}

/** After a 401 with `rejected`: use a newer stored token if another caller already renewed it. */
async function renewAfterUnauthorized(profileId: string, rejected: string): Promise<FreshAccessToken> {
  const stored = await readStoredSession(profileId);
  if (usable(stored) && stored.accessToken !== rejected) {
    return {
      accessToken: stored.accessToken,
      expiresAt: stored.accessTokenExpiresAt,
      context: { user: stored.user, account: stored.account },
    };
  }
  return refreshSession(profileId);
}

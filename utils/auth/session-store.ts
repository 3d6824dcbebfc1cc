/**
 * Per-profile DocuSign sessions: the public API over session-data.ts.
 *
 * Where things live (DESIGN.md "DocuSign session"):
 * - access token + expiry + DocuSign user + verified account: `browser.storage.session`
 *   (memory-like; restricted to trusted contexts, see `restrictSessionStorage`); never storage.local;
 * - refresh token: IndexedDB (`refreshTokens`), with the non-secret user/account it was issued
 *   for, so the session can be shown and renewed after a browser restart.
 *
 * `getSession` is token-free and safe for extension pages; `getAccessToken` is background-only.
 */
import type * as oauth from 'oauth4webapi';
import { findProfile, now } from './context';
import { resolveAuthServer, type ResolvedAuthServer } from './endpoints';
import { bindingMismatch, ensureFreshAccessToken, PROFILE_CHANGED_REASON, SIGN_IN_EXPIRED_REASON } from './refresh';
import {
  bumpSessionGeneration,
  deleteRefreshToken,
  readRefreshToken,
  readStoredSession,
  removeStoredSession,
  writeRefreshToken,
  writeStoredSession,
} from './session-data';
import { clearUserInfoCache } from './userinfo';
import type { DocuSignUser, SessionSnapshot, VerifiedAccount } from './types';

export { restrictSessionStorage } from './session-data';

/** Token-free snapshot of a profile's session for the UI. */
export async function getSession(profileId: string): Promise<SessionSnapshot> {
  const [stored, record, profile] = await Promise.all([
    readStoredSession(profileId),
    readRefreshToken(profileId),
    findProfile(profileId),
  ]);
  const user = stored?.user ?? record?.user;
  const account = stored?.account ?? record?.account;
  const issuer = stored?.issuer ?? record?.issuer;
  const base: SessionSnapshot = {
    profileId,
    state: 'signed-out',
    ...(user ? { user } : {}),
    ...(account ? { account } : {}),
    ...(issuer ? { environment: issuer } : {}),
    ...(stored?.signedInAt ? { signedInAt: stored.signedInAt } : {}),
  };
  if (stored?.needsSignIn) {
    return { ...base, state: 'needs-sign-in', reason: stored.needsSignIn.reason, reasonCode: stored.needsSignIn.code };
  }
  if (!stored && !record) return { profileId, state: 'signed-out' };

  if (profile) {
    let server: ResolvedAuthServer | undefined;
    try {
      server = resolveAuthServer(profile.environment);
    } catch {
      server = undefined;
    }
    const binding = { issuer, clientId: stored?.clientId ?? record?.clientId, account };
    if (!server || bindingMismatch(profile, server, binding)) {
      return { ...base, state: 'needs-sign-in', reason: PROFILE_CHANGED_REASON, reasonCode: 'profile_changed' };
    }
  }

  const t = now();
  if (stored?.accessToken && (stored.accessTokenExpiresAt ?? 0) > t) {
    return { ...base, state: 'signed-in', expiresAt: stored.accessTokenExpiresAt! };
  }
  if (record) {
    // The access token is gone or expired; the refresh token renews it on the next DocuSign call.
    return { ...base, state: 'expired', ...(stored?.accessTokenExpiresAt ? { expiresAt: stored.accessTokenExpiresAt } : {}) };
  }
  return { ...base, state: 'needs-sign-in', reason: SIGN_IN_EXPIRED_REASON, reasonCode: 'expired' };
}

/**
 * BACKGROUND ONLY. A valid access token for the profile, renewed through the refresher when less
 * than ~5 minutes are left. Throws AuthError('needs_sign_in' | 'network' | ...).
 */
export async function getAccessToken(profileId: string): Promise<string> {
  return (await ensureFreshAccessToken(profileId)).accessToken;
}

/** Removes the profile's tokens and userinfo cache. Remembered account choices and jobs stay. */
export async function signOut(profileId: string): Promise<void> {
  bumpSessionGeneration(profileId);
  signOutListeners.forEach((listener) => listener(profileId));
  await Promise.all([deleteRefreshToken(profileId), removeStoredSession(profileId), clearUserInfoCache(profileId)]);
}

const signOutListeners = new Set<(profileId: string) => void>();

/** Lets in-memory state elsewhere (a pending account choice) be dropped on sign-out. */
export function onSignOut(listener: (profileId: string) => void): () => void {
  signOutListeners.add(listener);
  return () => signOutListeners.delete(listener);
}

export interface SignedInSessionInput {
  profileId: string;
  server: ResolvedAuthServer;
  clientId: string;
  tokens: oauth.TokenEndpointResponse;
  user: DocuSignUser;
  account: VerifiedAccount;
}

/**
 * Stores a complete, verified sign-in (called only after the account check passed). The refresh
 * token is written first; if the session write fails, it is removed again so nothing half-written
 * remains.
 */
export async function storeSignedInSession(input: SignedInSessionInput): Promise<void> {
  const { profileId, server, clientId, tokens, user, account } = input;
  bumpSessionGeneration(profileId);
  const t = now();
  const refreshExpiresIn = Number((tokens as { refresh_token_expires_in?: unknown }).refresh_token_expires_in);
  if (typeof tokens.refresh_token === 'string' && tokens.refresh_token) {
    await writeRefreshToken({
      profileId,
      refreshToken: tokens.refresh_token,
      updatedAt: t,
      ...(Number.isFinite(refreshExpiresIn) && refreshExpiresIn > 0 ? { expiresAt: t + refreshExpiresIn * 1000 } : {}),
      issuer: server.baseUrl,
      clientId,
      user,
      account,
    });
  } else {
    await deleteRefreshToken(profileId);
  }
  try {
    await writeStoredSession({
      v: 1,
      profileId,
      issuer: server.baseUrl,
      clientId,
      accessToken: tokens.access_token,
      accessTokenIssuedAt: t,
      accessTokenExpiresAt: t + (tokens.expires_in ?? 3600) * 1000,
      user,
      account,
      signedInAt: t,
    });
  } catch (err) {
    await deleteRefreshToken(profileId).catch(() => undefined);
    throw err;
  }
}

/**
 * Low-level persistence of DocuSign sessions (background only):
 * - access token, expiry, DocuSign user, verified account: `browser.storage.session` (in memory,
 *   survives a stopped service worker, gone when the browser closes; never `storage.local`);
 * - refresh token: the extension's IndexedDB (`refreshTokens` store).
 *
 * Keys in storage.session (WXT notation `session:<key>`): `auth:<profileId>`.
 * Nothing here logs; values that contain tokens never leave this module except to the callers
 * that put the token in an Authorization header.
 */
import { browser } from 'wxt/browser';
import { openSwdDb, type RefreshTokenRecord } from '../db';
import type { DocuSignUser, VerifiedAccount } from './types';

export interface StoredSession {
  v: 1;
  profileId: string;
  /** Authorization server base URL (issuer) and client_id the tokens were issued for. */
  issuer: string;
  clientId: string;
  accessToken?: string;
  /** Epoch ms when the access token was obtained / when it expires. */
  accessTokenIssuedAt?: number;
  accessTokenExpiresAt?: number;
  user?: DocuSignUser;
  account?: VerifiedAccount;
  signedInAt?: number;
  /** Set when the tokens were dropped and the user must sign in again. */
  needsSignIn?: { code: string; reason: string; at: number };
}

const sessionKey = (profileId: string) => `auth:${profileId}`;

/**
 * Restricts storage.session to trusted contexts (extension pages and the worker), keeping it away
 * from content scripts, which must never see tokens (DESIGN.md "Trust boundaries").
 * TRUSTED_CONTEXTS is Chrome's default already; we set it explicitly so the guarantee does not
 * depend on a default, and so nobody widens it by accident. Firefox has no setAccessLevel (its
 * storage.session is not exposed to content scripts), hence the optional call. Called before
 * every write of secret material (cheap, and rare: sign-in, refresh) and once at worker start.
 */
export async function restrictSessionStorage(): Promise<void> {
  const area = browser.storage.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

export async function readStoredSession(profileId: string): Promise<StoredSession | undefined> {
  const key = sessionKey(profileId);
  const got = (await browser.storage.session.get(key)) as Record<string, unknown>;
  const value = got[key];
  return value && typeof value === 'object' ? (value as StoredSession) : undefined;
}

export async function writeStoredSession(session: StoredSession): Promise<void> {
  await restrictSessionStorage();
  await browser.storage.session.set({ [sessionKey(session.profileId)]: session });
}

export async function removeStoredSession(profileId: string): Promise<void> {
  await browser.storage.session.remove(sessionKey(profileId));
}

export async function readRefreshToken(profileId: string): Promise<RefreshTokenRecord | undefined> {
  const db = await openSwdDb();
  return db.get('refreshTokens', profileId);
}

export async function writeRefreshToken(record: RefreshTokenRecord): Promise<void> {
  const db = await openSwdDb();
  await db.put('refreshTokens', record);
}

export async function deleteRefreshToken(profileId: string): Promise<void> {
  const db = await openSwdDb();
  await db.delete('refreshTokens', profileId);
}

/**
 * Per-profile generation, bumped whenever a profile's tokens are replaced or dropped (sign-in,
 * sign-out, invalid_grant). A refresh that started in an older generation must not write its
 * result over a newer sign-in or resurrect a signed-out session.
 */
const generations = new Map<string, number>();

export function sessionGeneration(profileId: string): number {
  return generations.get(profileId) ?? 0;
}

export function bumpSessionGeneration(profileId: string): void {
  generations.set(profileId, sessionGeneration(profileId) + 1);
}

/** Drops both tokens; remembers why the user must sign in again. */
export async function dropTokensNeedingSignIn(
  profileId: string,
  base: Pick<StoredSession, 'issuer' | 'clientId' | 'user' | 'account'>,
  code: string,
  reason: string,
  at: number,
): Promise<void> {
  bumpSessionGeneration(profileId);
  await deleteRefreshToken(profileId);
  await writeStoredSession({
    v: 1,
    profileId,
    issuer: base.issuer,
    clientId: base.clientId,
    ...(base.user ? { user: base.user } : {}),
    ...(base.account ? { account: base.account } : {}),
    needsSignIn: { code, reason, at },
  });
}

/**
 * Injected dependencies of the sign-in core. The background worker calls `configureAuth` once at
 * start-up (profiles come from the configuration module); tests call it with Node's fetch, a fake
 * clock and their own profiles.
 */
import { AuthError } from './errors';
import type { FetchLike } from './endpoints';
import type { AuthProfile } from './types';

export interface AuthDeps {
  /** Looks up the current integration profile (config can change live: read it each time). */
  getProfile: (profileId: string) => AuthProfile | undefined | Promise<AuthProfile | undefined>;
  /** fetch used for every DocuSign OAuth/userinfo request. Default: the global fetch at call time. */
  fetch?: FetchLike;
  /** Clock (epoch ms). Default Date.now. */
  now?: () => number;
  /** Renew the access token when less than this is left. Default 5 minutes. */
  refreshAheadMs?: number;
}

export const DEFAULT_REFRESH_AHEAD_MS = 5 * 60_000;

let deps: AuthDeps = { getProfile: () => undefined };

export function configureAuth(next: AuthDeps): void {
  deps = { ...next };
}

export function authFetch(): FetchLike {
  // Resolved per call (not captured at import) so the worker's fetch or a test's is used.
  return deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
}

export function now(): number {
  return (deps.now ?? Date.now)();
}

export function refreshAheadMs(): number {
  return deps.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
}

export async function findProfile(profileId: string): Promise<AuthProfile | undefined> {
  return deps.getProfile(profileId);
}

export async function requireProfile(profileId: string): Promise<AuthProfile> {
  const profile = await deps.getProfile(profileId);
  if (!profile) {
    throw new AuthError('unknown_profile', 'This DocuSign profile is no longer configured. Ask your administrator.', {
      profileId,
    });
  }
  return profile;
}

/** Scopes as sent to DocuSign: the profile's, or 'signature extended'. */
export function profileScope(profile: Pick<AuthProfile, 'scopes'>): string {
  const list = typeof profile.scopes === 'string' ? profile.scopes.split(/\s+/) : (profile.scopes ?? []);
  const scopes = list.map((s) => s.trim()).filter(Boolean);
  return (scopes.length ? scopes : ['signature', 'extended']).join(' ');
}

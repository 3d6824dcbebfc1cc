import { browser } from 'wxt/browser';
import { chooseAccount, configureAuth, getSession, isAuthError, restrictSessionStorage, signIn, signOut } from '../auth';
import type { SessionSnapshot } from '../auth/types';
import type { ActionError, ActionResult } from '../messaging/ui-protocol';
import { findEffectiveProfile } from './config-state';

/** Wires the sign-in core to the effective configuration (profiles can change live). */
export function startAuth(): void {
  // Session storage holds access tokens: keep it away from content scripts (trusted contexts only).
  void restrictSessionStorage();
  configureAuth({ getProfile: (profileId) => findEffectiveProfile(profileId) });
}

export function toActionError(error: unknown): ActionError {
  if (isAuthError(error)) return { code: error.code, message: error.message, details: error.details };
  // Never pass an unknown error's text through blindly: it could carry anything. Name it only.
  return { code: 'unexpected', message: 'Something went wrong in the extension. Try again; if it persists, copy the support report from Diagnostics.', details: { name: error instanceof Error ? error.name : typeof error } };
}

const inFlight = new Map<string, Promise<ActionResult<SessionSnapshot>>>();

/** True while this worker instance is waiting on a launchWebAuthFlow it started. */
export function hasSignInInFlight(): boolean {
  return inFlight.size > 0;
}

/**
 * Interactive sign-in for one profile. One window at a time per profile: a second click while
 * the DocuSign window is open joins the same attempt instead of opening another window.
 */
export function signInProfile(profileId: string, prompt?: 'login'): Promise<ActionResult<SessionSnapshot>> {
  const running = inFlight.get(profileId);
  if (running) return running;
  const attempt = (async (): Promise<ActionResult<SessionSnapshot>> => {
    const profile = await findEffectiveProfile(profileId);
    if (!profile) return { ok: false, error: { code: 'unknown_profile', message: 'This DocuSign profile is no longer configured. Ask your administrator.' } };
    try {
      const session = await signIn({
        profile,
        launchWebAuthFlow: (details) => browser.identity.launchWebAuthFlow(details),
        redirectUri: browser.identity.getRedirectURL(),
        ...(prompt ? { prompt } : {}),
      });
      return { ok: true, value: session };
    } catch (error) {
      return { ok: false, error: toActionError(error) };
    }
  })().finally(() => inFlight.delete(profileId));
  inFlight.set(profileId, attempt);
  return attempt;
}

export async function chooseProfileAccount(profileId: string, accountId: string): Promise<ActionResult<SessionSnapshot | null>> {
  try {
    return { ok: true, value: await chooseAccount(profileId, accountId) };
  } catch (error) {
    return { ok: false, error: toActionError(error) };
  }
}

export async function signOutProfile(profileId: string): Promise<ActionResult> {
  try {
    await signOut(profileId);
    return { ok: true, value: undefined };
  } catch (error) {
    return { ok: false, error: toActionError(error) };
  }
}

export async function sessionsFor(profileIds: readonly string[]): Promise<SessionSnapshot[]> {
  return Promise.all(profileIds.map((id) => getSession(id)));
}

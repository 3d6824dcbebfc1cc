import { getSession } from '../auth';
import type { EffectiveConfig, HostUser, IntegrationProfile } from '../config';
import type { ButtonTarget } from '../messaging/content-protocol';
import { t } from '../i18n';
import { resolveFor } from './config-state';

/**
 * "demo", "production", "local" (a loopback test server such as the emulator), or the host of
 * an explicit authorization server. Short: it is shown on every button.
 */
export function environmentLabel(environment: string): string {
  if (environment === 'demo' || environment === 'production') return environment;
  try {
    const host = new URL(environment).hostname;
    if (host === 'localhost' || host === '[::1]' || /^127\./.test(host)) return 'local';
    return host;
  } catch {
    return environment;
  }
}

/** Pure: what the button says, from the resolved routing and the profile's session state. */
export function buttonTargetFrom(
  config: EffectiveConfig,
  hostUser: HostUser | null,
  session: { signedIn: boolean; email?: string; accountName?: string } | null,
): ButtonTarget {
  if (!hostUser) return { status: 'no-user', message: t('targetNoUser') };
  const routing = config.forUser;
  if (routing.denied) return { status: 'denied', message: routing.denied.message };
  if (config.profiles.length === 0) return { status: 'unconfigured', message: t('targetUnconfigured') };
  if (routing.allowed.length === 0) return { status: 'denied', message: t('targetDenied') };
  const notice = routing.selectionNotice ? { message: routing.selectionNotice } : {};
  if (routing.needsChoice || !routing.selectedProfileId) {
    return { status: 'choose', message: t('targetChoose'), ...notice };
  }
  const profile = routing.allowed.find((p) => p.id === routing.selectedProfileId) as IntegrationProfile;
  const base = {
    profileId: profile.id,
    profileLabel: profile.label,
    environmentLabel: environmentLabel(profile.environment),
    ...notice,
  };
  if (!session?.signedIn) return { status: 'sign-in', ...base };
  return {
    status: 'ready',
    ...base,
    ...(session.email ? { docusignEmail: session.email } : {}),
    ...(session.accountName ? { accountName: session.accountName } : {}),
  };
}

export async function targetFor(hostUser: HostUser | null): Promise<ButtonTarget> {
  // Labels only: the policy cached at the last read will do while the worker reads it afresh.
  const config = await resolveFor(hostUser, 'known');
  const profileId = config.forUser.selectedProfileId;
  let session: { signedIn: boolean; email?: string; accountName?: string } | null = null;
  if (profileId) {
    const snapshot = await getSession(profileId);
    // 'expired' still holds a refresh token: the next call renews it without the user.
    session = {
      signedIn: snapshot.state === 'signed-in' || snapshot.state === 'expired',
      ...(snapshot.user ? { email: snapshot.user.email } : {}),
      ...(snapshot.account ? { accountName: snapshot.account.accountName } : {}),
    };
  }
  return buttonTargetFrom(config, hostUser, session);
}

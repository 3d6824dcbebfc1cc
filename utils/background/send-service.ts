import { getAccessToken, getSession, isAuthError } from '../auth';
import { profileSendMode, type HostUser, type IntegrationProfile } from '../config';
import type { SendDraft, SendPreparation } from '../messaging/content-protocol';
import { renderEmailMessage, renderEmailSubject } from '../config';
import { DEFAULT_MESSAGE_TEMPLATE } from '../send/envelope';
import { resolveFor } from './config-state';
import { environmentLabel, targetFor } from './targets';

export type RoutedProfile =
  | { ok: true; profile: IntegrationProfile; confirmBeforeSend: boolean }
  | { ok: false; code: string; message: string };

/**
 * The profile a host user's envelope goes to, decided here in the background from the routing
 * rules (the content script's view of it is only a display). No selection, no send.
 */
export async function routedProfileFor(hostUser: HostUser): Promise<RoutedProfile> {
  const config = await resolveFor(hostUser);
  const routing = config.forUser;
  if (routing.denied) return { ok: false, code: 'denied', message: routing.denied.message };
  const profile = routing.allowed.find((p) => p.id === routing.selectedProfileId);
  if (!profile) {
    return {
      ok: false,
      code: routing.needsChoice ? 'needs_choice' : 'no_profile',
      message: routing.needsChoice
        ? 'Choose which DocuSign profile to send with in the extension options (My DocuSign).'
        : 'No DocuSign profile is assigned to you. Ask your administrator.',
    };
  }
  return { ok: true, profile, confirmBeforeSend: config.settings.confirmBeforeSend.value };
}

/** The email subject and message from the profile's templates (the placeholders admins may use). */
export function subjectAndMessage(
  profile: IntegrationProfile,
  draft: SendDraft,
  accountName: string,
  now = new Date(),
): { subject: string; message: string } {
  const values = {
    documentName: draft.document.name,
    hostUserName: draft.hostUser.name ?? draft.hostUser.email ?? draft.hostUser.id,
    hostUserEmail: draft.hostUser.email ?? '',
    profileLabel: profile.label,
    accountName,
    date: now.toISOString().slice(0, 10),
  };
  return {
    subject: renderEmailSubject(profile.emailSubjectTemplate, values),
    message: renderEmailMessage(profile.emailMessageTemplate ?? DEFAULT_MESSAGE_TEMPLATE, values) ?? '',
  };
}

/** Where a send will go and as whom; makes sure a usable DocuSign session exists first. */
export async function prepareSend(draft: SendDraft): Promise<SendPreparation> {
  const routed = await routedProfileFor(draft.hostUser);
  if (!routed.ok) return { ...routed, target: await targetFor(draft.hostUser) };
  const { profile, confirmBeforeSend } = routed;
  try {
    // Renews the access token ahead of expiry; a missing or revoked sign-in throws needs_sign_in.
    await getAccessToken(profile.id);
  } catch (error) {
    const code = isAuthError(error) && error.code !== 'needs_sign_in' ? error.code : 'needs_sign_in';
    const message = isAuthError(error) ? error.message : 'Sign in to DocuSign first.';
    return { ok: false, code: code === 'network' || code === 'server_error' ? code : 'needs_sign_in', message, target: await targetFor(draft.hostUser) };
  }
  const session = await getSession(profile.id);
  if (!session.account || !session.user) {
    return { ok: false, code: 'needs_sign_in', message: 'Sign in to DocuSign first.', target: await targetFor(draft.hostUser) };
  }
  const mode = profileSendMode(profile);
  return {
    ok: true,
    mode,
    // Direct mode sends at once; the confirm step (who, where, to whom) is on unless the
    // "confirmBeforeSend" setting (policy or the user's Settings) turns it off.
    confirm: mode === 'direct' && confirmBeforeSend,
    profileId: profile.id,
    profileLabel: profile.label,
    environmentLabel: environmentLabel(profile.environment),
    docusignEmail: session.user.email,
    docusignName: session.user.name,
    accountName: session.account.accountName,
    accountId: session.account.accountId,
    ...subjectAndMessage(profile, draft, session.account.accountName),
  };
}

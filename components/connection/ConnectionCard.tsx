import { useState } from 'preact/hooks';
import type { SessionSnapshot } from '../../utils/auth/types';
import type { IntegrationProfile } from '../../utils/config/types';
import type { ActionError } from '../../utils/messaging/ui-protocol';
import { useAnnounce } from '../Announcer';
import { Button, Facts } from '../bits';
import { environmentLabel, formatDateTime, regionHost } from '../format';
import { t } from '../../utils/i18n';
import { runAction } from '../ui-state';
import { SignInErrorView } from './SignInErrorView';
import { useAttempt } from './store';

type Busy = 'signIn' | 'switch' | 'signOut' | 'choose' | null;

export function sessionStateText(session: SessionSnapshot | undefined): string {
  switch (session?.state) {
    case 'signed-in':
      return t('uiStateSignedIn');
    case 'expired':
      return t('uiStateExpired');
    case 'needs-sign-in':
      return t('uiStateNeedsSignIn');
    default:
      return t('uiStateSignedOut');
  }
}

/**
 * One profile's DocuSign connection: who is signed in, to which account and region, until when;
 * Sign in / Sign out / Switch DocuSign user; a failed sign-in stays visible next to the profile.
 */
export function ConnectionCard({
  profile,
  session,
  selected,
  compact,
  headingLevel = 3,
  onChanged,
}: {
  profile: IntegrationProfile;
  session: SessionSnapshot | undefined;
  selected?: boolean;
  compact?: boolean;
  headingLevel?: 2 | 3 | 4;
  onChanged: () => void;
}) {
  const announce = useAnnounce();
  const [busy, setBusy] = useState<Busy>(null);
  const [attempt, setAttempt] = useAttempt(profile.id);
  const { error, info } = attempt;
  const setError = (e: ActionError | null) => setAttempt({ error: e, info: null });
  const setInfo = (i: string | null) => setAttempt({ error: null, info: i });
  const idBase = `conn-${profile.id}`;
  const errorId = `${idBase}-error`;
  const state = session?.state ?? 'signed-out';
  const active = state === 'signed-in' || state === 'expired';

  const signIn = async (prompt?: 'login') => {
    setBusy(prompt ? 'switch' : 'signIn');
    setError(null);
    announce(t('uiSigningIn', profile.label));
    const result = await runAction('ui:signIn', { profileId: profile.id, ...(prompt ? { prompt } : {}) });
    setBusy(null);
    if (result.ok) {
      const who = result.value.user?.email ?? '';
      announce(t('uiSignedInAnnounce', [profile.label, who]));
    } else {
      setError(result.error);
      announce(`${t('uiSignInFailedTitle', profile.label)} ${result.error.message}`);
    }
    onChanged();
  };

  const signOut = async () => {
    setBusy('signOut');
    setError(null);
    const result = await runAction('ui:signOut', { profileId: profile.id });
    setBusy(null);
    if (result.ok) announce(t('uiSignedOutAnnounce', profile.label));
    else {
      setError(result.error);
      announce(result.error.message);
    }
    onChanged();
  };

  const chooseAccount = async (accountId: string) => {
    setBusy('choose');
    const result = await runAction('ui:chooseAccount', { profileId: profile.id, accountId });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      announce(result.error.message);
    } else if (result.value === null) {
      setInfo(t('uiAccountChoiceSaved'));
      announce(t('uiAccountChoiceSaved'));
    } else {
      setError(null);
      announce(t('uiSignedInAnnounce', [profile.label, result.value.user?.email ?? '']));
    }
    onChanged();
  };

  const describedBy = error ? `${idBase}-title ${errorId}` : `${idBase}-title`;
  const H = headingLevel === 2 ? 'h2' : headingLevel === 4 ? 'h4' : 'h3';
  const user = session?.user;
  const account = session?.account;
  const expires = session?.expiresAt;

  return (
    <section class={`card connection${selected ? ' connection-selected' : ''}`} aria-labelledby={`${idBase}-title`} data-profile={profile.id}>
      <H id={`${idBase}-title`} class="card-title">
        {profile.label}
        {selected ? <span class="tag tag-selected">{t('uiSelectedProfile')}</span> : null}
      </H>
      <p class={`conn-state conn-${state}`}>
        <span class="dot" aria-hidden="true" />
        {state === 'signed-in' && user ? (
          <>
            {t('uiStateSignedInAs')} <span class="conn-user">{user.email}</span>
          </>
        ) : (
          sessionStateText(session)
        )}
      </p>
      {session?.reason && state !== 'signed-in' ? <p class="muted small">{session.reason}</p> : null}
      {compact ? (
        <>
          {state === 'expired' && user ? <p class="small">{user.email}</p> : null}
          {account ? <p class="small">{t('uiAccountLine', [account.accountName, regionHost(account.baseUri)])}</p> : null}
        </>
      ) : (
        <Facts
          items={[
            [t('uiFactDocuSignUser'), user ? `${user.name} <${user.email}>` : ''],
            [
              t('uiFactAccount'),
              account ? (
                <>
                  {account.accountName}
                  <span class="block small mono muted">{account.accountId}</span>
                </>
              ) : profile.accountId ? (
                <>
                  {t('uiAccountConfigured')}
                  <span class="block small mono muted">{profile.accountId}</span>
                </>
              ) : (
                t('uiAccountUserChooses')
              ),
            ],
            [t('uiFactRegion'), account ? regionHost(account.baseUri) : profile.expectedBaseUri ? regionHost(profile.expectedBaseUri) : ''],
            [t('uiFactEnvironment'), environmentLabel(session?.environment ?? profile.environment)],
            [t('uiFactTokenExpiry'), expires && state === 'signed-in' ? <time dateTime={new Date(expires).toISOString()}>{formatDateTime(expires)}</time> : ''],
          ]}
        />
      )}
      <div class="actions">
        {!active ? (
          <Button variant="primary" disabled={busy !== null} aria-describedby={describedBy} onClick={() => void signIn()}>
            {busy === 'signIn' ? t('uiSigningInShort') : t('uiSignIn')}
          </Button>
        ) : null}
        {active ? (
          <Button disabled={busy !== null} aria-describedby={describedBy} onClick={() => void signIn('login')}>
            {busy === 'switch' ? t('uiSigningInShort') : t('uiSwitchUser')}
          </Button>
        ) : null}
        {state !== 'signed-out' ? (
          <Button disabled={busy !== null} aria-describedby={describedBy} onClick={() => void signOut()}>
            {t('uiSignOut')}
          </Button>
        ) : null}
      </div>
      {info ? <p class="notice notice-info">{info}</p> : null}
      {error ? (
        <SignInErrorView
          id={errorId}
          error={error}
          profileLabel={profile.label}
          busy={busy !== null}
          onDifferentUser={() => void signIn('login')}
          onChooseAccount={(accountId) => void chooseAccount(accountId)}
        />
      ) : null}
    </section>
  );
}

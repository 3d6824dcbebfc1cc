import type { ActionError } from '../../utils/messaging/ui-protocol';
import { Button, Code } from '../bits';
import { regionHost } from '../format';
import { t } from '../../utils/i18n';
import { AccountChooser } from './AccountChooser';
import { detailAccounts, detailString, detailUser, suggestsDifferentUser, type AccountEntry } from './details';

function AccountList({ accounts }: { accounts: readonly AccountEntry[] }) {
  return (
    <ul class="account-list">
      {accounts.map((a) => (
        <li key={a.accountId}>
          <span class="strong">{a.accountName}</span>
          {a.isDefault ? <span class="tag">{t('uiDefaultAccount')}</span> : null}
          <span class="block small muted">
            <span class="mono">{a.accountId}</span>
            {a.baseUri ? ` · ${regionHost(a.baseUri)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A failed sign-in, tied to its profile: the message, and for `not_member` who signed in, their
 * accounts and the account needed; for `needs_account_choice` a chooser.
 */
export function SignInErrorView({
  id,
  error,
  profileLabel,
  busy,
  onDifferentUser,
  onChooseAccount,
}: {
  id: string;
  error: ActionError;
  profileLabel: string;
  busy: boolean;
  onDifferentUser: () => void;
  onChooseAccount: (accountId: string) => void;
}) {
  const details = error.details;
  const accounts = detailAccounts(details);
  const user = detailUser(details);
  const required = detailString(details, 'requiredAccountId');

  if (error.code === 'needs_account_choice' && accounts.length > 0) {
    return (
      <div class="notice notice-info" id={id} data-testid="sign-in-error" data-code={error.code}>
        {user ? <p>{t('uiSignedInToDocuSignAs', [user.name, user.email])}</p> : null}
        <AccountChooser
          idBase={id}
          accounts={accounts}
          defaultAccountId={detailString(details, 'defaultAccountId')}
          busy={busy}
          onChoose={onChooseAccount}
        />
      </div>
    );
  }

  const structured = error.code === 'not_member' && accounts.length > 0;
  return (
    <div class="notice notice-error" id={id} data-testid="sign-in-error" data-code={error.code}>
      <p class="notice-title">{structured ? t('uiNotMemberTitle', profileLabel) : t('uiSignInFailedTitle', profileLabel)}</p>
      {structured ? null : <p>{error.message}</p>}
      {user ? <p>{t('uiSignedInToDocuSignAs', [user.name, user.email])}</p> : null}
      {required ? (
        <p>
          {t('uiAccountNeeded')} <Code>{required}</Code>
        </p>
      ) : null}
      {accounts.length > 0 ? (
        <>
          <p>{t('uiAccountsOfUser')}</p>
          <AccountList accounts={accounts} />
        </>
      ) : null}
      {structured ? <p>{t('uiNotMemberHelp')}</p> : null}
      {suggestsDifferentUser(details) || error.code === 'not_member' ? (
        <Button variant="primary" disabled={busy} onClick={onDifferentUser}>
          {t('uiSignInDifferentUser')}
        </Button>
      ) : null}
    </div>
  );
}

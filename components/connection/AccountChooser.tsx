import { useState } from 'preact/hooks';
import { regionHost } from '../format';
import { t } from '../../utils/i18n';
import type { AccountEntry } from './details';

/** The accounts of a `needs_account_choice` error as a radio group; the default is preselected. */
export function AccountChooser({
  idBase,
  accounts,
  defaultAccountId,
  busy,
  onChoose,
}: {
  idBase: string;
  accounts: readonly AccountEntry[];
  defaultAccountId: string | undefined;
  busy: boolean;
  onChoose: (accountId: string) => void;
}) {
  const [chosen, setChosen] = useState(defaultAccountId ?? accounts[0]?.accountId ?? '');
  return (
    <form
      class="account-chooser"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) onChoose(chosen);
      }}
    >
      <fieldset>
        <legend>{t('uiChooseAccountLegend')}</legend>
        {accounts.map((a) => {
          const id = `${idBase}-acct-${a.accountId}`;
          return (
            <div class="radio" key={a.accountId}>
              <input type="radio" id={id} name={`${idBase}-acct`} value={a.accountId} checked={chosen === a.accountId} onChange={() => setChosen(a.accountId)} />
              <label for={id}>
                <span class="strong">{a.accountName}</span>
                {a.isDefault ? <span class="tag">{t('uiDefaultAccount')}</span> : null}
                <span class="muted small block">
                  {a.accountId}
                  {a.baseUri ? ` · ${regionHost(a.baseUri)}` : ''}
                </span>
              </label>
            </div>
          );
        })}
      </fieldset>
      <button type="submit" class="btn btn-primary" disabled={busy || !chosen}>
        {t('uiUseThisAccount')}
      </button>
    </form>
  );
}

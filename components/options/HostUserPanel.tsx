import type { UiState } from '../../utils/messaging/ui-protocol';
import { Facts, Notice } from '../bits';
import { SelectField } from '../Field';
import { formatDateTime, hostUserLabel } from '../format';
import { t } from '../../utils/i18n';

/** The business-app user the extension saw in this browser, with a switcher when several were seen. */
export function HostUserPanel({ state, onSwitch }: { state: UiState; onSwitch: (key: string) => void }) {
  const current = state.currentHostUser;
  if (!current) {
    return (
      <Notice kind="info" title={t('uiNoHostUserTitle')} testId="no-host-user">
        <p>{t('uiNoHostUser')}</p>
      </Notice>
    );
  }
  const h = current.hostUser;
  const attributes = Object.entries(h.attributes);
  let site = h.origin;
  try {
    site = new URL(h.origin).host;
  } catch {
    // keep as given
  }
  return (
    <div class="card">
      {state.hostUsers.length > 1 ? (
        <SelectField
          id="host-user-select"
          label={t('uiHostUserSwitch')}
          help={t('uiHostUserSwitchHelp')}
          value={current.key}
          options={state.hostUsers.map((u) => ({ value: u.key, label: hostUserLabel(u) }))}
          onValue={onSwitch}
        />
      ) : null}
      <Facts
        items={[
          [t('uiFactName'), h.name ?? ''],
          [t('uiFactHostUserId'), <code class="code">{h.id}</code>],
          [t('uiFactEmail'), h.email ?? ''],
          ...attributes.map(([k, v]): [string, string] => [k, v]),
          [t('uiFactApp'), site],
          [t('uiFactLastSeen'), formatDateTime(current.lastSeenAt)],
        ]}
      />
      <p class="help">{t('uiHostUserHint')}</p>
    </div>
  );
}

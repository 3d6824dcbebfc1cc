import type { Effective, IntegrationProfile } from '../../utils/config/types';
import { Code, ConfirmButton, Facts, ManagedNote, SourceBadge, Button } from '../bits';
import { environmentLabel } from '../format';
import { t } from '../../utils/i18n';
import { profileDirectSend } from '../../utils/config/resolve';

/** "Prepare in DocuSign", "Send immediately", or "Send immediately, in one call". */
function sendModeText(p: IntegrationProfile): string {
  if (p.sendMode !== 'direct') return t('uiSendModeEmbedded');
  return profileDirectSend(p) === 'one-call' ? t('uiSendModeDirectOneCall') : t('uiSendModeDirect');
}

/** One effective profile: its facts, source, and Edit / Delete for the user's own profiles. */
export function ProfileItem({
  entry,
  editable,
  onEdit,
  onDelete,
}: {
  entry: Effective<IntegrationProfile>;
  editable: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const p = entry.value;
  const titleId = `profile-${p.id}-title`;
  return (
    <li class="card" aria-labelledby={titleId} data-profile-id={p.id}>
      <div class="card-head">
        <h3 id={titleId} class="card-title">
          {p.label}
        </h3>
        <SourceBadge source={entry.source} />
      </div>
      <Facts
        items={[
          [t('uiFieldProfileId'), <Code>{p.id}</Code>],
          [t('uiFieldEnvironment'), environmentLabel(p.environment)],
          [t('uiFieldIntegrationKey'), <Code>{p.integrationKey}</Code>],
          [t('uiFieldAccountId'), p.accountId ? <Code>{p.accountId}</Code> : t('uiAccountUserChooses')],
          [t('uiFieldExpectedBaseUri'), p.expectedBaseUri ?? ''],
          [t('uiFieldSendMode'), sendModeText(p)],
        ]}
      />
      {entry.locked ? <ManagedNote /> : null}
      {editable && entry.source === 'local' ? (
        <div class="actions">
          <Button onClick={onEdit} data-edit={p.id} aria-describedby={titleId}>
            {t('uiEdit')}
          </Button>
          <ConfirmButton label={t('uiDelete')} question={t('uiDeleteProfileQuestion', p.label)} confirmLabel={t('uiDeleteConfirm')} onConfirm={onDelete} />
        </div>
      ) : null}
    </li>
  );
}

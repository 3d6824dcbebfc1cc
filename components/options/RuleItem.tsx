import type { Effective, IntegrationProfile, RoutingRule } from '../../utils/config/types';
import { Button, Code, ConfirmButton, Facts, ManagedNote, SourceBadge } from '../bits';
import { andList, matchSummary, profileName } from '../format';
import { t } from '../../utils/i18n';

/** One routing rule in words, with Edit / Delete / Move for the user's own rules. */
export function RuleItem({
  entry,
  position,
  count,
  profiles,
  editable,
  onEdit,
  onDelete,
  onMove,
}: {
  entry: Effective<RoutingRule>;
  position: number;
  count: number;
  profiles: readonly IntegrationProfile[];
  editable: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onMove: (delta: -1 | 1) => void;
}) {
  const r = entry.value;
  const titleId = `rule-${r.id}-title`;
  const names = r.profiles.map((id) => profileName(id, profiles));
  const choice = r.profiles.length > 1 ? ((r.allowChoice ?? true) ? t('uiChoiceAllowed') : t('uiChoiceFixed')) : '';
  return (
    <li class="card" aria-labelledby={titleId} data-rule={r.id}>
      <div class="card-head">
        <h3 id={titleId} class="card-title">
          <span class="rule-pos">{t('uiRulePosition', String(position))}</span> <Code>{r.id}</Code>
        </h3>
        <SourceBadge source={entry.source} />
      </div>
      {r.description ? <p>{r.description}</p> : null}
      <Facts
        items={[
          [t('uiRuleAppliesTo'), matchSummary(r.match)],
          [t('uiRuleProfiles'), names.length ? andList(names) : t('uiRuleNoProfiles')],
          [t('uiRuleDefault'), r.defaultProfile ? profileName(r.defaultProfile, profiles) : r.profiles.length > 1 ? t('uiNoDefault') : ''],
          [t('uiRuleChoice'), choice],
        ]}
      />
      {entry.locked ? <ManagedNote /> : null}
      {editable ? (
        <div class="actions">
          <Button data-move="up" data-rule-id={r.id} disabled={position === 1} aria-describedby={titleId} onClick={() => onMove(-1)}>
            <span aria-hidden="true">↑ </span>
            {t('uiMoveUp')}
          </Button>
          <Button data-move="down" data-rule-id={r.id} disabled={position === count} aria-describedby={titleId} onClick={() => onMove(1)}>
            <span aria-hidden="true">↓ </span>
            {t('uiMoveDown')}
          </Button>
          <Button data-edit-rule={r.id} aria-describedby={titleId} onClick={onEdit}>
            {t('uiEdit')}
          </Button>
          <ConfirmButton label={t('uiDelete')} question={t('uiDeleteRuleQuestion', r.id)} confirmLabel={t('uiDeleteConfirm')} onConfirm={onDelete} />
        </div>
      ) : null}
    </li>
  );
}

import { useState } from 'preact/hooks';
import type { Rejection } from '../../utils/config/types';
import type { UiState } from '../../utils/messaging/ui-protocol';
import { useAnnounce } from '../Announcer';
import { Button, ConfirmButton, ManagedNote, Notice, RejectionList, PolicyRejectedNote } from '../bits';
import { useFocusRequest } from '../focus';
import { t } from '../../utils/i18n';
import { rejectionsUnder } from '../rejections';
import { IgnoredList } from './IgnoredList';
import { ProfileForm } from './ProfileForm';
import { ProfileItem } from './ProfileItem';
import { saveLocal } from './save';
import { SectionFrame } from './SectionFrame';

/** "Integration profiles": effective profiles with their source; the user's own are editable. */
export function ProfilesSection({ state, refresh }: { state: UiState; refresh: () => Promise<void> }) {
  const announce = useAnnounce();
  const { config, local } = state;
  const canEdit = !config.profilesManaged || config.settings.allowLocalProfiles.value;
  const [form, setForm] = useState<{ index: number | null } | null>(null);
  const [problems, setProblems] = useState<Rejection[]>([]);
  const setReturnFocus = useFocusRequest();
  const policyIds = config.profiles.filter((p) => p.source === 'policy').map((p) => p.value.id);

  const remove = async (id: string) => {
    const next = { ...local, profiles: local.profiles.filter((p) => p.id !== id) };
    const saved = await saveLocal(next);
    if (!saved.ok) {
      announce(saved.message);
      return;
    }
    setProblems(saved.result.rejected);
    announce(t('uiProfileDeleted', id));
    await refresh();
    setReturnFocus('#add-profile');
  };

  const ignored = config.ignored.filter((e) => e.kind === 'profile' || (e.kind === 'setting' && e.id === 'allowLocalProfiles'));
  const localIds = new Set(local.profiles.map((p) => p.id));

  return (
    <SectionFrame id="profiles" title={t('uiSectionProfiles')} intro={t('uiProfilesIntro')}>
      <PolicyRejectedNote count={rejectionsUnder(state.policy.rejected, 'profiles').length} />
      {config.profilesManaged ? (
        <Notice kind="info">
          <ManagedNote />
          <p>{config.settings.allowLocalProfiles.value ? t('uiProfilesManagedLocalAllowed') : t('uiProfilesManagedNoLocal')}</p>
        </Notice>
      ) : null}
      {config.profiles.length === 0 ? <p class="muted">{t('uiNoProfilesYet')}</p> : null}
      <ul class="cards plain-list" aria-label={t('uiSectionProfiles')}>
        {config.profiles.map((entry) => {
          const index = local.profiles.findIndex((p) => p.id === entry.value.id);
          return (
            <ProfileItem
              key={`${entry.source}:${entry.value.id}`}
              entry={entry}
              editable={canEdit && index >= 0}
              onEdit={() => {
                setProblems([]);
                setReturnFocus(null);
                setForm({ index });
              }}
              onDelete={() => void remove(entry.value.id)}
            />
          );
        })}
      </ul>
      <IgnoredList
        entries={ignored}
        action={(e) =>
          e.kind === 'profile' && localIds.has(e.id) ? (
            <ConfirmButton label={t('uiDeleteMine')} question={t('uiDeleteProfileQuestion', e.id)} confirmLabel={t('uiDeleteConfirm')} onConfirm={() => void remove(e.id)} />
          ) : null
        }
      />
      {problems.length > 0 ? (
        <Notice kind="warning" title={t('uiSaveConsequences')}>
          <RejectionList rejected={problems} />
        </Notice>
      ) : null}
      {canEdit ? (
        form ? (
          <ProfileForm
            key={form.index ?? 'new'}
            local={local}
            index={form.index}
            policyIds={policyIds}
            onDone={(saved) => {
              const editedId = form.index !== null ? local.profiles[form.index]?.id : undefined;
              setForm(null);
              setReturnFocus(editedId ? `[data-edit="${CSS.escape(editedId)}"]` : '#add-profile');
              if (saved) void refresh();
            }}
          />
        ) : (
          <Button
            id="add-profile"
            variant="primary"
            onClick={() => {
              setProblems([]);
              setReturnFocus(null);
              setForm({ index: null });
            }}
          >
            {t('uiAddProfile')}
          </Button>
        )
      ) : null}
    </SectionFrame>
  );
}

import { useState } from 'preact/hooks';
import type { EffectiveConfig } from '../../utils/config/resolve';
import type { KnownHostUser } from '../../utils/messaging/ui-protocol';
import { useAnnounce } from '../Announcer';
import { LockIcon, Notice } from '../bits';
import { environmentLabel } from '../format';
import { t } from '../../utils/i18n';
import { runAction } from '../ui-state';

/**
 * The profiles the host user may send with, as a radio group. Switchable only when the routing
 * lets this user choose; otherwise disabled with the reason.
 */
export function ProfileChoice({
  config,
  hostUser,
  refresh,
}: {
  config: EffectiveConfig;
  hostUser: KnownHostUser | null;
  refresh: () => Promise<void>;
}) {
  const announce = useAnnounce();
  const [error, setError] = useState<string | null>(null);
  const routing = config.forUser;
  if (routing.allowed.length === 0) return null;
  const enabled = routing.canChoose && hostUser !== null;
  const noteId = 'profile-choice-note';
  let note: string | null = null;
  if (!routing.canChoose) {
    if (routing.routingSource === 'policy') note = t('uiManagedByAdmin');
    else if (routing.allowed.length === 1) note = t('uiOnlyOneProfile');
    else note = t('uiFixedByRules');
  } else if (!hostUser) {
    note = t('uiChoiceNeedsHostUser');
  }

  const select = async (profileId: string) => {
    if (!hostUser) return;
    setError(null);
    const result = await runAction('ui:selectProfile', { hostUserKey: hostUser.key, profileId });
    if (result.ok) {
      const label = routing.allowed.find((p) => p.id === profileId)?.label ?? profileId;
      announce(t('uiProfileSelected', label));
    } else {
      setError(result.error.message);
      announce(result.error.message);
    }
    await refresh();
  };

  return (
    <fieldset class="profile-choice" disabled={!enabled} aria-describedby={note ? noteId : undefined}>
      <legend>{t('uiProfileChoiceLegend')}</legend>
      {routing.allowed.map((p) => {
        const id = `choice-${p.id}`;
        return (
          <div class="radio" key={p.id}>
            <input
              type="radio"
              id={id}
              name="profile-choice"
              value={p.id}
              checked={routing.selectedProfileId === p.id}
              onChange={() => void select(p.id)}
            />
            <label for={id}>
              {p.label}
              <span class="muted"> · {environmentLabel(p.environment)}</span>
              {routing.defaultProfileId === p.id ? <span class="tag">{t('uiDefaultTag')}</span> : null}
            </label>
          </div>
        );
      })}
      {note ? (
        <p class="managed-note" id={noteId}>
          {routing.routingSource === 'policy' && !routing.canChoose ? <><LockIcon />{' '}</> : null}
          {note}
        </p>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </fieldset>
  );
}

import type { IntegrationProfile } from '../../utils/config/types';
import { CheckboxField, FieldErrorText, SelectField } from '../Field';
import { t } from '../../utils/i18n';
import { profileName } from '../format';

/** Profiles (checkboxes), default profile and "users may choose", shared by rules and fallback. */
export function ProfilePicker({
  idBase,
  legend,
  available,
  profiles,
  defaultProfile,
  allowChoice,
  errors,
  defaultErrors,
  onChange,
}: {
  idBase: string;
  legend: string;
  available: readonly IntegrationProfile[];
  profiles: readonly string[];
  defaultProfile: string;
  allowChoice: boolean;
  errors?: readonly string[] | undefined;
  defaultErrors?: readonly string[] | undefined;
  onChange: (next: { profiles: string[]; defaultProfile: string; allowChoice: boolean }) => void;
}) {
  const errorId = errors?.length ? `${idBase}-profiles-error` : undefined;
  const toggle = (id: string, on: boolean) => {
    // Keep the offer order of the available list.
    const set = new Set(profiles);
    if (on) set.add(id);
    else set.delete(id);
    const next = [...available.map((p) => p.id).filter((x) => set.has(x)), ...profiles.filter((x) => set.has(x) && !available.some((p) => p.id === x))];
    onChange({ profiles: next, defaultProfile: next.includes(defaultProfile) ? defaultProfile : '', allowChoice });
  };
  return (
    <fieldset aria-describedby={errorId}>
      <legend>{legend}</legend>
      {available.length === 0 ? <p class="muted">{t('uiNoProfilesToPick')}</p> : null}
      {available.map((p) => {
        const id = `${idBase}-p-${p.id}`;
        return (
          <div class="check" key={p.id}>
            <input
              type="checkbox"
              id={id}
              checked={profiles.includes(p.id)}
              aria-invalid={errorId ? 'true' : undefined}
              aria-describedby={errorId}
              onChange={(e) => toggle(p.id, (e.currentTarget as HTMLInputElement).checked)}
            />
            <label for={id}>
              {p.label} <span class="muted">({p.id})</span>
            </label>
          </div>
        );
      })}
      {profiles
        .filter((ref) => !available.some((p) => p.id === ref))
        .map((ref) => {
          // A saved reference no effective profile has (the policy removed it): shown, so it can
          // be unchecked, instead of being kept out of sight.
          const id = `${idBase}-missing-${ref}`;
          return (
            <div class="check" key={`missing-${ref}`}>
              <input
                type="checkbox"
                id={id}
                checked
                aria-invalid={errorId ? 'true' : undefined}
                aria-describedby={errorId}
                onChange={(e) => toggle(ref, (e.currentTarget as HTMLInputElement).checked)}
              />
              <label for={id}>{profileName(ref, available)}</label>
            </div>
          );
        })}
      {errorId ? <FieldErrorText id={errorId} errors={errors ?? []} /> : null}
      {profiles.length > 1 ? (
        <>
          <SelectField
            id={`${idBase}-default`}
            label={t('uiFieldDefaultProfile')}
            help={t('uiFieldDefaultProfileHelp')}
            errors={defaultErrors}
            value={defaultProfile}
            options={[{ value: '', label: t('uiNoDefault') }, ...profiles.map((id) => ({ value: id, label: profileName(id, available) }))]}
            onValue={(v) => onChange({ profiles: [...profiles], defaultProfile: v, allowChoice })}
          />
          <CheckboxField
            id={`${idBase}-choice`}
            label={t('uiFieldAllowChoice')}
            help={t('uiFieldAllowChoiceHelp')}
            checked={allowChoice}
            onValue={(v) => onChange({ profiles: [...profiles], defaultProfile, allowChoice: v })}
          />
        </>
      ) : null}
    </fieldset>
  );
}

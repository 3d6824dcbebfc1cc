import { useState } from 'preact/hooks';
import type { IntegrationProfile, LocalConfig } from '../../utils/config/types';
import { useAnnounce } from '../Announcer';
import { Button, Notice } from '../bits';
import { FieldErrorText, TextField } from '../Field';
import { t } from '../../utils/i18n';
import type { FieldErrors } from '../rejections';
import { ProfilePicker } from './ProfilePicker';
import { checkFallbackForm, fallbackToForm, type FallbackFormValues } from './rule-form';
import { useLocalSave } from './save';

/** What happens to users no local rule matches. */
export function FallbackForm({ local, available, onDone }: { local: LocalConfig; available: readonly IntegrationProfile[]; onDone: (saved: boolean) => void }) {
  const announce = useAnnounce();
  const [values, setValues] = useState<FallbackFormValues>(() => fallbackToForm(local.fallback));
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const { saveError, save } = useLocalSave();
  const update = (patch: Partial<FallbackFormValues>) => {
    const next = { ...values, ...patch };
    setValues(next);
    if (errors) setErrors(checkFallbackForm(next, local).fields);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const check = checkFallbackForm(values, local);
    setErrors(check.fields);
    if (!check.ok) {
      announce(t('uiFormHasErrors', String(Object.values(check.fields).flat().length)));
      return;
    }
    if (!(await save(check.config))) return;
    announce(t('uiFallbackSaved'));
    onDone(true);
  };
  const kinds: Array<{ kind: FallbackFormValues['kind']; label: string; help: string }> = [
    { kind: 'unset', label: t('uiFallbackKindUnset'), help: t('uiFallbackKindUnsetHelp') },
    { kind: 'deny', label: t('uiFallbackKindDeny'), help: t('uiFallbackKindDenyHelp') },
    { kind: 'profiles', label: t('uiFallbackKindProfiles'), help: t('uiFallbackKindProfilesHelp') },
  ];
  return (
    <form class="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="fallback-form-title" data-testid="fallback-form">
      <h3 id="fallback-form-title">{t('uiEditFallbackTitle')}</h3>
      {errors?.['']?.length ? <FieldErrorText id="ff-entry-error" errors={errors['']} /> : null}
      <fieldset>
        <legend>{t('uiFallbackLegend')}</legend>
        {kinds.map((k) => (
          <div class="radio" key={k.kind}>
            <input type="radio" id={`ff-${k.kind}`} name="ff-kind" checked={values.kind === k.kind} aria-describedby={`ff-${k.kind}-help`} onChange={() => update({ kind: k.kind })} />
            <label for={`ff-${k.kind}`}>{k.label}</label>
            <p class="help" id={`ff-${k.kind}-help`}>
              {k.help}
            </p>
          </div>
        ))}
      </fieldset>
      {values.kind === 'deny' ? (
        <TextField id="ff-message" optional label={t('uiFieldDenyMessage')} help={t('uiFieldDenyMessageHelp')} errors={errors?.message} value={values.message} onValue={(v) => update({ message: v })} />
      ) : null}
      {values.kind === 'profiles' ? (
        <ProfilePicker
          idBase="ff"
          legend={t('uiFallbackProfilesLegend')}
          available={available}
          profiles={values.profiles}
          defaultProfile={values.defaultProfile}
          allowChoice={values.allowChoice}
          errors={errors?.profiles}
          defaultErrors={errors?.defaultProfile}
          onChange={(next) => update(next)}
        />
      ) : null}
      {saveError ? <Notice kind="error">{saveError}</Notice> : null}
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          {t('uiSaveFallback')}
        </button>
        <Button onClick={() => onDone(false)}>{t('uiCancel')}</Button>
      </div>
    </form>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import type { LocalConfig } from '../../utils/config/types';
import { useAnnounce } from '../Announcer';
import { Button, Notice, RejectionList } from '../bits';
import { CheckboxField, FieldErrorText, SelectField, TextAreaField, TextField } from '../Field';
import { t } from '../../utils/i18n';
import { splitRejections, type FieldErrors } from '../rejections';
import { checkProfileForm, profileToForm, type ProfileFormValues } from './profile-form';
import { focusFirstInvalid, useLocalSave } from './save';

/**
 * Add or edit one local integration profile. Validated with the shared validator before saving;
 * each problem is shown next to its field (aria-describedby + aria-invalid).
 */
export function ProfileForm({
  local,
  index,
  policyIds,
  onDone,
}: {
  local: LocalConfig;
  /** Position in local.profiles, or null to add. */
  index: number | null;
  policyIds: readonly string[];
  onDone: (saved: boolean) => void;
}) {
  const announce = useAnnounce();
  const editing = index !== null ? local.profiles[index] : undefined;
  const [values, setValues] = useState<ProfileFormValues>(() => profileToForm(editing));
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const { saveError, clearSaveError, save } = useLocalSave();
  const [busy, setBusy] = useState(false);
  const [focusErrors, setFocusErrors] = useState(0);
  const [advancedOpen, setAdvancedOpen] = useState(() => Boolean(editing?.scopes || editing?.emailSubjectTemplate || editing?.emailMessageTemplate));
  const ADVANCED = ['scopes', 'emailSubjectTemplate', 'emailMessageTemplate'];
  const showErrors = (fields: FieldErrors) => {
    setErrors(fields);
    if (ADVANCED.some((f) => (fields[f]?.length ?? 0) > 0)) setAdvancedOpen(true);
    announce(t('uiFormHasErrors', String(countErrors(fields))));
    setFocusErrors((n) => n + 1);
  };
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  useEffect(() => {
    if (focusErrors > 0) focusFirstInvalid(formRef.current);
  }, [focusErrors]);

  const set = <K extends keyof ProfileFormValues>(key: K, value: ProfileFormValues[K]) => {
    const next = { ...values, [key]: value };
    setValues(next);
    // Once the user tried to save, keep the errors current as they type.
    if (errors) setErrors(checkProfileForm(next, local, index, policyIds).fields);
  };

  const err = (field: string) => errors?.[field];
  const countErrors = (f: FieldErrors) => Object.values(f).reduce((n, l) => n + l.length, 0);

  const submit = async (e: Event) => {
    e.preventDefault();
    clearSaveError();
    const check = checkProfileForm(values, local, index, policyIds);
    if (!check.ok) {
      showErrors(check.fields);
      return;
    }
    setErrors(check.fields);
    setBusy(true);
    const saved = await save(check.config);
    setBusy(false);
    if (!saved) return;
    const at = index ?? local.profiles.length;
    const { fields } = splitRejections(saved.rejected, `profiles[${at}]`);
    if (countErrors(fields) > 0) {
      showErrors(fields);
      return;
    }
    announce(t('uiProfileSaved', values.label.trim() || values.id.trim()));
    onDone(true);
  };

  const envErrors = err('environment');
  const others = errors ? checkProfileForm(values, local, index, policyIds).others : [];
  return (
    <form ref={formRef} class="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="profile-form-title" data-testid="profile-form">
      <h3 id="profile-form-title">{editing ? t('uiEditProfileTitle', editing.label) : t('uiAddProfileTitle')}</h3>
      {err('')?.length ? (
        <Notice kind="error">
          <FieldErrorText id="pf-entry-error" errors={err('') ?? []} />
        </Notice>
      ) : null}
      <fieldset>
        <legend>{t('uiProfileIdentity')}</legend>
        <TextField id="pf-label" label={t('uiFieldLabel')} help={t('uiFieldLabelHelp')} errors={err('label')} value={values.label} onValue={(v) => set('label', v)} autoComplete="off" />
        <TextField
          id="pf-id"
          label={t('uiFieldProfileId')}
          help={editing ? t('uiFieldProfileIdFixedHelp') : t('uiFieldProfileIdHelp')}
          errors={err('id')}
          value={values.id}
          readOnly={editing !== undefined}
          onValue={(v) => set('id', v)}
          autoComplete="off"
        />
      </fieldset>
      <fieldset>
        <legend>{t('uiProfileDocuSign')}</legend>
        <SelectField
          id="pf-env"
          label={t('uiFieldEnvironment')}
          help={t('uiFieldEnvironmentHelp')}
          errors={values.environmentKind === 'custom' ? undefined : envErrors}
          value={values.environmentKind}
          options={[
            { value: 'demo', label: t('uiEnvDemoLong') },
            { value: 'production', label: t('uiEnvProductionLong') },
            { value: 'custom', label: t('uiEnvCustom') },
          ]}
          onValue={(v) => set('environmentKind', v as ProfileFormValues['environmentKind'])}
        />
        {values.environmentKind === 'custom' ? (
          <TextField id="pf-env-url" type="url" label={t('uiFieldEnvironmentUrl')} help={t('uiFieldEnvironmentUrlHelp')} errors={envErrors} value={values.environmentUrl} onValue={(v) => set('environmentUrl', v)} />
        ) : null}
        <TextField id="pf-key" label={t('uiFieldIntegrationKey')} help={t('uiFieldIntegrationKeyHelp')} errors={err('integrationKey')} value={values.integrationKey} onValue={(v) => set('integrationKey', v)} class="mono" autoComplete="off" />
        <TextField id="pf-account" optional label={t('uiFieldAccountId')} help={t('uiFieldAccountIdHelp')} errors={err('accountId')} value={values.accountId} onValue={(v) => set('accountId', v)} class="mono" autoComplete="off" />
        <TextField id="pf-base" optional type="url" label={t('uiFieldExpectedBaseUri')} help={t('uiFieldExpectedBaseUriHelp')} errors={err('expectedBaseUri')} value={values.expectedBaseUri} onValue={(v) => set('expectedBaseUri', v)} />
      </fieldset>
      <fieldset aria-describedby={err('sendMode')?.length ? 'pf-mode-error' : undefined}>
        <legend>{t('uiFieldSendMode')}</legend>
        {(['embedded', 'direct'] as const).map((mode) => (
          <div class="radio" key={mode}>
            <input type="radio" id={`pf-mode-${mode}`} name="pf-mode" value={mode} checked={values.sendMode === mode} aria-describedby={`pf-mode-${mode}-help`} onChange={() => set('sendMode', mode)} />
            <label for={`pf-mode-${mode}`}>{mode === 'embedded' ? t('uiSendModeEmbedded') : t('uiSendModeDirect')}</label>
            <p class="help" id={`pf-mode-${mode}-help`}>
              {mode === 'embedded' ? t('uiSendModeEmbeddedHelp') : t('uiSendModeDirectHelp')}
            </p>
          </div>
        ))}
        {err('sendMode')?.length ? <FieldErrorText id="pf-mode-error" errors={err('sendMode') ?? []} /> : null}
        {values.sendMode === 'direct' ? (
          <div class="sub-option">
            <CheckboxField
              id="pf-direct-one-call"
              label={t('uiFieldDirectOneCall')}
              help={t('uiFieldDirectOneCallHelp')}
              checked={values.directOneCall}
              onValue={(v) => set('directOneCall', v)}
            />
          </div>
        ) : null}
      </fieldset>
      <details class="advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>{t('uiProfileAdvanced')}</summary>
        <TextField id="pf-scopes" optional label={t('uiFieldScopes')} help={t('uiFieldScopesHelp')} errors={err('scopes')} value={values.scopes} onValue={(v) => set('scopes', v)} />
        <TextField id="pf-subject" optional label={t('uiFieldSubject')} help={t('uiFieldTemplateHelp')} errors={err('emailSubjectTemplate')} value={values.emailSubjectTemplate} onValue={(v) => set('emailSubjectTemplate', v)} />
        <TextAreaField id="pf-message" optional label={t('uiFieldMessage')} help={t('uiFieldTemplateHelp')} errors={err('emailMessageTemplate')} value={values.emailMessageTemplate} onValue={(v) => set('emailMessageTemplate', v)} />
      </details>
      {others.length > 0 ? (
        <Notice kind="warning" title={t('uiSaveConsequences')}>
          <RejectionList rejected={others} />
        </Notice>
      ) : null}
      {saveError ? <Notice kind="error">{saveError}</Notice> : null}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {editing ? t('uiSaveProfile') : t('uiAddProfileSubmit')}
        </button>
        <Button onClick={() => onDone(false)}>{t('uiCancel')}</Button>
      </div>
    </form>
  );
}

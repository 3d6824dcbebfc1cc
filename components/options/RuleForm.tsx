import { useEffect, useRef, useState } from 'preact/hooks';
import type { IntegrationProfile, LocalConfig } from '../../utils/config/types';
import { useAnnounce } from '../Announcer';
import { Button, Notice, RejectionList } from '../bits';
import { FieldErrorText, TextAreaField, TextField } from '../Field';
import { t } from '../../utils/i18n';
import { splitRejections, type FieldErrors } from '../rejections';
import { AttributeRows } from './AttributeRows';
import { ProfilePicker } from './ProfilePicker';
import { checkRuleForm, ruleToForm, type RuleFormValues } from './rule-form';
import { focusFirstInvalid, useLocalSave } from './save';

/** Add or edit one local routing rule, validated with the shared validator before saving. */
export function RuleForm({
  local,
  index,
  available,
  onDone,
}: {
  local: LocalConfig;
  index: number | null;
  available: readonly IntegrationProfile[];
  onDone: (saved: boolean) => void;
}) {
  const announce = useAnnounce();
  const editing = index !== null ? local.routingRules[index] : undefined;
  const [values, setValues] = useState<RuleFormValues>(() => ruleToForm(editing));
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const { saveError, clearSaveError, save } = useLocalSave();
  const [busy, setBusy] = useState(false);
  const [focusErrors, setFocusErrors] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  useEffect(() => {
    if (focusErrors > 0) focusFirstInvalid(formRef.current);
  }, [focusErrors]);

  const update = (patch: Partial<RuleFormValues>) => {
    const next = { ...values, ...patch };
    setValues(next);
    if (errors) setErrors(checkRuleForm(next, local, index).fields);
  };
  const err = (f: string) => errors?.[f];
  const count = (f: FieldErrors) => Object.values(f).reduce((n, l) => n + l.length, 0);
  const fail = (fields: FieldErrors) => {
    setErrors(fields);
    announce(t('uiFormHasErrors', String(count(fields))));
    setFocusErrors((n) => n + 1);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    clearSaveError();
    const check = checkRuleForm(values, local, index);
    if (!check.ok) return fail(check.fields);
    setErrors(check.fields);
    setBusy(true);
    const saved = await save(check.config);
    setBusy(false);
    if (!saved) return;
    const { fields } = splitRejections(saved.rejected, `routingRules[${index ?? local.routingRules.length}]`);
    if (count(fields) > 0) return fail(fields);
    announce(t('uiRuleSaved', values.id.trim()));
    onDone(true);
  };

  const others = errors ? checkRuleForm(values, local, index).others : [];
  return (
    <form ref={formRef} class="card form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="rule-form-title" data-testid="rule-form">
      <h3 id="rule-form-title">{editing ? t('uiEditRuleTitle', editing.id) : t('uiAddRuleTitle')}</h3>
      {err('')?.length ? (
        <Notice kind="error">
          <FieldErrorText id="rf-entry-error" errors={err('') ?? []} />
        </Notice>
      ) : null}
      <fieldset>
        <legend>{t('uiRuleIdentity')}</legend>
        <TextField id="rf-id" label={t('uiFieldRuleId')} help={t('uiFieldRuleIdHelp')} errors={err('id')} value={values.id} readOnly={editing !== undefined} onValue={(v) => update({ id: v })} autoComplete="off" />
        <TextField id="rf-description" optional label={t('uiFieldDescription')} help={t('uiFieldDescriptionHelp')} errors={err('description')} value={values.description} onValue={(v) => update({ description: v })} />
      </fieldset>
      <fieldset>
        <legend>{t('uiMatchLegend')}</legend>
        <p class="help">{t('uiMatchHelp')}</p>
        <TextAreaField id="rf-userids" optional label={t('uiFieldUserIds')} help={t('uiListFieldHelp')} errors={err('userIds')} rows={2} value={values.userIds} onValue={(v) => update({ userIds: v })} />
        <TextAreaField id="rf-emails" optional label={t('uiFieldEmails')} help={t('uiListFieldHelp')} errors={err('emails')} rows={2} value={values.emails} onValue={(v) => update({ emails: v })} />
        <TextAreaField id="rf-domains" optional label={t('uiFieldEmailDomains')} help={t('uiFieldEmailDomainsHelp')} errors={err('emailDomains')} rows={2} value={values.emailDomains} onValue={(v) => update({ emailDomains: v })} />
        <AttributeRows rows={values.attributes} errors={errors} onChange={(attributes) => update({ attributes })} />
      </fieldset>
      <ProfilePicker
        idBase="rf"
        legend={t('uiRuleProfilesLegend')}
        available={available}
        profiles={values.profiles}
        defaultProfile={values.defaultProfile}
        allowChoice={values.allowChoice}
        errors={err('profiles')}
        defaultErrors={err('defaultProfile')}
        onChange={(next) => update(next)}
      />
      {others.length > 0 ? (
        <Notice kind="warning" title={t('uiSaveConsequences')}>
          <RejectionList rejected={others} />
        </Notice>
      ) : null}
      {saveError ? <Notice kind="error">{saveError}</Notice> : null}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {editing ? t('uiSaveRule') : t('uiAddRuleSubmit')}
        </button>
        <Button onClick={() => onDone(false)}>{t('uiCancel')}</Button>
      </div>
    </form>
  );
}

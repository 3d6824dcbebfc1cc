import { useEffect, useRef, useState } from 'preact/hooks';
import { SETTING_DEFINITIONS } from '../../utils/config/settings';
import type { SettingKey } from '../../utils/config/types';
import type { UiState } from '../../utils/messaging/ui-protocol';
import { t, type MessageKey } from '../../utils/i18n';
import { useAnnounce } from '../Announcer';
import { Button, ManagedNote, Notice } from '../bits';
import { FieldErrorText } from '../Field';
import type { FieldErrors } from '../rejections';
import { focusFirstInvalid, useLocalSave } from './save';
import { SectionFrame } from './SectionFrame';
import { checkSettingsForm, formValueOf, settingsToForm, USER_SETTING_KEYS, type SettingsFormValues } from './settings-form';

const LABELS: Partial<Record<SettingKey, { label: MessageKey; help: MessageKey }>> = {
  confirmBeforeSend: { label: 'uiSettingConfirmBeforeSend', help: 'uiSettingConfirmBeforeSendHelp' },
  statusRefreshMinutes: { label: 'uiSettingStatusRefreshMinutes', help: 'uiSettingStatusRefreshMinutesHelp' },
  maxStoredDocumentsMb: { label: 'uiSettingMaxStoredDocumentsMb', help: 'uiSettingMaxStoredDocumentsMbHelp' },
  showUsageReport: { label: 'uiSettingShowUsageReport', help: 'uiSettingShowUsageReportHelp' },
};

const shown = (value: boolean | number) => (typeof value === 'boolean' ? (value ? t('uiSettingOn') : t('uiSettingOff')) : String(value));

/** Where a value comes from: the default (the organisation's or built-in), or the user's own next to that default. */
function sourceText(isDefault: boolean, fallback: { value: boolean | number; source: 'policy' | 'default' }): string {
  const fromPolicy = fallback.source === 'policy';
  if (isDefault) return fromPolicy ? t('uiSettingDefaultPolicy') : t('uiSettingDefaultBuiltin');
  return t(fromPolicy ? 'uiSettingOwnPolicy' : 'uiSettingOwnBuiltin', shown(fallback.value));
}

/** One setting: its control, what it does, and where its value comes from. */
function SettingField({
  name,
  value,
  locked,
  fallback,
  errors,
  onValue,
}: {
  name: SettingKey;
  value: boolean | string;
  locked: boolean;
  fallback: { value: boolean | number; source: 'policy' | 'default' };
  errors: readonly string[] | undefined;
  onValue: (value: boolean | string) => void;
}) {
  const id = `setting-${name}`;
  const text = LABELS[name]!;
  const label = t(text.label);
  const def = SETTING_DEFINITIONS[name];
  const isDefault = value === formValueOf(fallback.value);
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [errorId, `${id}-help`, `${id}-state`].filter(Boolean).join(' ');
  const state = locked ? (
    <ManagedNote id={`${id}-state`} />
  ) : (
    <p class="setting-state muted small" id={`${id}-state`}>
      {sourceText(isDefault, fallback)}{' '}
      {isDefault ? null : (
        <Button
          class="btn-small"
          aria-label={t('uiSettingUseDefaultFor', label)}
          onClick={() => {
            onValue(formValueOf(fallback.value));
            // This button goes away with the own value: keep keyboard focus on the setting itself.
            setTimeout(() => document.getElementById(id)?.focus(), 0);
          }}
        >
          {t('uiSettingUseDefault')}
        </Button>
      )}
    </p>
  );
  if (def.type === 'boolean') {
    return (
      <div class="field field-check setting" data-setting={name}>
        <input
          type="checkbox"
          id={id}
          checked={value === true}
          disabled={locked}
          aria-describedby={describedBy}
          onChange={(e) => onValue((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for={id}>{label}</label>
        <p class="help" id={`${id}-help`}>
          {t(text.help)}
        </p>
        {state}
      </div>
    );
  }
  return (
    <div class={`field setting${errorId ? ' field-invalid' : ''}`} data-setting={name}>
      <label for={id}>{label}</label>
      <input
        type="number"
        id={id}
        class="input-number"
        inputMode="numeric"
        min={def.minimum}
        max={def.maximum}
        step={1}
        value={value as string}
        disabled={locked}
        aria-describedby={describedBy}
        aria-invalid={errorId ? 'true' : undefined}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
      />
      {errorId ? <FieldErrorText id={errorId} errors={errors ?? []} /> : null}
      <p class="help" id={`${id}-help`}>
        {t(text.help)}
      </p>
      {state}
    </div>
  );
}

/** "Settings": the user's own values, next to what the organisation set or locked. */
export function SettingsSection({ state, refresh }: { state: UiState; refresh: () => Promise<void> }) {
  const announce = useAnnounce();
  const { settings, settingDefaults } = state.config;
  const [values, setValues] = useState<SettingsFormValues>(() => settingsToForm(settings));
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const { saveError, save } = useLocalSave();
  const formRef = useRef<HTMLFormElement>(null);
  // A change made elsewhere (policy, import, another options tab) shows up in the form, unless the
  // user is in the middle of editing it.
  const [dirty, setDirty] = useState(false);
  const effectiveKey = JSON.stringify(settings);
  useEffect(() => {
    if (!dirty) setValues(settingsToForm(settings));
  }, [effectiveKey]);

  const update = (key: SettingKey, value: boolean | string) => {
    const next = { ...values, [key]: value } as SettingsFormValues;
    setValues(next);
    setDirty(true);
    if (errors) setErrors(checkSettingsForm(next, settings, settingDefaults, state.local).fields);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const check = checkSettingsForm(values, settings, settingDefaults, state.local);
    setErrors(check.fields);
    if (!check.ok) {
      announce(t('uiFormHasErrors', String(Object.keys(check.fields).length)));
      // After Preact has rendered the errors.
      setTimeout(() => focusFirstInvalid(formRef.current), 0);
      return;
    }
    if (check.changed.length === 0) {
      setDirty(false);
      announce(t('uiSettingsUnchanged'));
      return;
    }
    if (!(await save(check.config))) return;
    setDirty(false);
    await refresh();
    announce(t('uiSettingsSaved'));
  };
  const undo = () => {
    setValues(settingsToForm(settings));
    setErrors(null);
    setDirty(false);
  };

  return (
    <SectionFrame id="settings" title={t('uiSectionSettings')} intro={t('uiSettingsIntro')}>
      <form ref={formRef} class="card form settings-form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="settings-title" data-testid="settings-form">
        {USER_SETTING_KEYS.map((key) => (
          <SettingField
            key={key}
            name={key}
            value={values[key]}
            locked={settings[key].locked}
            fallback={settingDefaults[key]}
            errors={errors?.[key]}
            onValue={(v) => update(key, v)}
          />
        ))}
        {saveError ? <Notice kind="error">{saveError}</Notice> : null}
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            {t('uiSaveSettings')}
          </button>
          <Button onClick={undo} disabled={!dirty}>
            {t('uiUndoSettingsChanges')}
          </Button>
        </div>
      </form>
    </SectionFrame>
  );
}

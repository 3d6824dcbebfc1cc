/**
 * The Settings form's values and checks. Pure: the component only renders and saves.
 *
 * A setting the user leaves at its default is not stored, so it keeps following the default
 * (a later change of the organisation's default reaches them). A locked setting is never written,
 * and a value the user stored before it was locked is kept as it is (the policy may unlock it
 * again; Diagnostics lists it as not applied meanwhile).
 */
import { SETTING_DEFINITIONS, SETTING_KEYS } from '../../utils/config/settings';
import type { EffectiveSettings, LocalConfig, SettingDefaults, SettingKey, Settings } from '../../utils/config/types';
import { t } from '../../utils/i18n';
import type { Tr } from '../i18n';
import type { FieldErrors } from '../rejections';

/**
 * The settings users see in the form, in this order. allowLocalProfiles is the administrator's
 * alone (it only means something next to policy profiles, where the resolver locks it); the
 * Profiles section says what it allows and Diagnostics lists it.
 */
export const USER_SETTING_KEYS: readonly SettingKey[] = ['confirmBeforeSend', 'statusRefreshMinutes', 'maxStoredDocumentsMb', 'showUsageReport'];

/** Checkboxes hold booleans; number inputs hold the text typed (checked on save). */
export type SettingsFormValues = { [K in SettingKey]: Settings[K] extends boolean ? boolean : string };

export function settingsToForm(settings: EffectiveSettings): SettingsFormValues {
  const out = {} as Record<SettingKey, boolean | string>;
  for (const key of SETTING_KEYS) out[key] = formValueOf(settings[key].value);
  return out as SettingsFormValues;
}

/** The form value a default stands for (what "Use the default" puts back). */
export function formValueOf(value: boolean | number): boolean | string {
  return typeof value === 'boolean' ? value : String(value);
}

/** A whole number typed with optional spaces around it; anything else (1.5, 1e3, "", "20 min") is not. */
function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

export interface SettingsCheck {
  ok: boolean;
  /** Errors by setting key. */
  fields: FieldErrors;
  /** The local configuration to save (only meaningful when ok). */
  config: LocalConfig;
  /** Settings whose stored value changes with this save. */
  changed: SettingKey[];
}

export function checkSettingsForm(
  values: SettingsFormValues,
  effective: EffectiveSettings,
  defaults: SettingDefaults,
  local: LocalConfig,
  tr: Tr = t,
): SettingsCheck {
  const fields: FieldErrors = {};
  const stored: Partial<Record<SettingKey, boolean | number>> = { ...(local.settings ?? {}) };
  const changed: SettingKey[] = [];
  for (const key of USER_SETTING_KEYS) {
    if (effective[key].locked) continue;
    const def = SETTING_DEFINITIONS[key];
    const raw = values[key];
    let value: boolean | number;
    if (def.type === 'boolean') {
      value = raw === true;
    } else {
      const parsed = typeof raw === 'string' ? parseWholeNumber(raw) : null;
      if (parsed === null || (def.minimum !== undefined && parsed < def.minimum) || (def.maximum !== undefined && parsed > def.maximum)) {
        fields[key] = [tr('uiSettingRangeError', [String(def.minimum ?? 0), String(def.maximum ?? Number.MAX_SAFE_INTEGER)])];
        continue;
      }
      value = parsed;
    }
    const before = stored[key];
    if (value === defaults[key].value) delete stored[key];
    else stored[key] = value;
    if (stored[key] !== before) changed.push(key);
  }
  const ok = Object.keys(fields).length === 0;
  return { ok, fields, changed, config: { ...local, settings: stored as Partial<Settings> } };
}

/**
 * The local-profile form as plain values, and its validation through the shared validator
 * (utils/config/validate.ts) so the form says exactly what the background would reject. Pure.
 */
import type { IntegrationProfile, LocalConfig, Rejection } from '../../utils/config/types';
import { sanitizeLocalConfig } from '../../utils/config/validate';
import { t } from '../../utils/i18n';
import { type Tr } from '../i18n';
import { splitRejections, type FieldErrors } from '../rejections';

export interface ProfileFormValues {
  id: string;
  label: string;
  environmentKind: 'demo' | 'production' | 'custom';
  environmentUrl: string;
  integrationKey: string;
  accountId: string;
  expectedBaseUri: string;
  sendMode: 'embedded' | 'direct';
  /** Direct mode: one call per send (directSend "one-call") instead of a draft first. */
  directOneCall: boolean;
  scopes: string;
  emailSubjectTemplate: string;
  emailMessageTemplate: string;
}

export function profileToForm(p?: IntegrationProfile): ProfileFormValues {
  const env = p?.environment ?? 'demo';
  const named = env === 'demo' || env === 'production';
  return {
    id: p?.id ?? '',
    label: p?.label ?? '',
    environmentKind: named ? (env as 'demo' | 'production') : 'custom',
    environmentUrl: named ? '' : env,
    integrationKey: p?.integrationKey ?? '',
    accountId: p?.accountId ?? '',
    expectedBaseUri: p?.expectedBaseUri ?? '',
    sendMode: p?.sendMode ?? 'embedded',
    directOneCall: p?.directSend === 'one-call',
    scopes: (p?.scopes ?? []).join(' '),
    emailSubjectTemplate: p?.emailSubjectTemplate ?? '',
    emailMessageTemplate: p?.emailMessageTemplate ?? '',
  };
}

/** The raw entry the validator sees. Required fields stay (possibly empty) so errors name them. */
export function formToRawProfile(v: ProfileFormValues): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    id: v.id.trim(),
    label: v.label.trim(),
    environment: v.environmentKind === 'custom' ? v.environmentUrl.trim() : v.environmentKind,
    integrationKey: v.integrationKey.trim(),
    sendMode: v.sendMode,
  };
  // Only where it applies; the default (draft first) is not written out.
  if (v.sendMode === 'direct' && v.directOneCall) raw.directSend = 'one-call';
  if (v.accountId.trim()) raw.accountId = v.accountId.trim();
  if (v.expectedBaseUri.trim()) raw.expectedBaseUri = v.expectedBaseUri.trim();
  const scopes = v.scopes.split(/[\s,]+/).filter(Boolean);
  if (scopes.length > 0) raw.scopes = scopes;
  if (v.emailSubjectTemplate.trim()) raw.emailSubjectTemplate = v.emailSubjectTemplate;
  if (v.emailMessageTemplate.trim()) raw.emailMessageTemplate = v.emailMessageTemplate;
  return raw;
}

export interface ProfileCheck {
  /** The whole local configuration to save (the edited entry in place). */
  config: LocalConfig;
  /** Errors of the edited entry, by field ('' = the entry as a whole). */
  fields: FieldErrors;
  /** Problems elsewhere that saving this entry would cause (e.g. a rule's reference dropped). */
  others: Rejection[];
  ok: boolean;
}

/**
 * Validates the form as part of the local configuration. `index` is the edited entry's position
 * in local.profiles, or null for a new one. `policyIds`: ids an administrator's profiles use.
 */
export function checkProfileForm(
  values: ProfileFormValues,
  local: LocalConfig,
  index: number | null,
  policyIds: readonly string[] = [],
  tr: Tr = t,
): ProfileCheck {
  const raw = formToRawProfile(values);
  const profiles: unknown[] = [...local.profiles];
  const at = index ?? profiles.length;
  profiles[at] = raw;
  const candidate = { ...local, profiles } as unknown as LocalConfig;
  const { rejected } = sanitizeLocalConfig(candidate);
  const { fields, others } = splitRejections(rejected, `profiles[${at}]`);
  const id = String(raw.id);
  if (id && local.profiles.some((p, i) => p.id === id && i !== at)) {
    fields.id = [...(fields.id ?? []).filter((m) => !/already used/.test(m)), tr('uiErrorDuplicateProfileId', id)];
  } else if (id && policyIds.includes(id)) {
    (fields.id ??= []).push(tr('uiErrorPolicyProfileId', id));
  }
  // Only the problems of the edited entry block saving; others are shown as consequences.
  const ok = Object.values(fields).every((l) => l.length === 0);
  return { config: candidate, fields, others: others.filter((r) => !r.path.startsWith('profiles[')), ok };
}

/** The routing-rule and fallback forms as plain values, validated by the shared validator. Pure. */
import type { AttributeCondition, Fallback, LocalConfig, Rejection, RoutingRule } from '../../utils/config/types';
import { sanitizeLocalConfig } from '../../utils/config/validate';
import { t } from '../../utils/i18n';
import { type Tr } from '../i18n';
import { splitRejections, type FieldErrors } from '../rejections';

export interface AttributeRow {
  name: string;
  op: 'equals' | 'in';
  value: string;
}

export interface RuleFormValues {
  id: string;
  description: string;
  userIds: string;
  emails: string;
  emailDomains: string;
  attributes: AttributeRow[];
  profiles: string[];
  defaultProfile: string;
  allowChoice: boolean;
}

/** "a, b\nc" -> ["a", "b", "c"] */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function ruleToForm(r?: RoutingRule): RuleFormValues {
  return {
    id: r?.id ?? '',
    description: r?.description ?? '',
    userIds: (r?.match.userIds ?? []).join('\n'),
    emails: (r?.match.emails ?? []).join('\n'),
    emailDomains: (r?.match.emailDomains ?? []).join('\n'),
    attributes: (r?.match.attributes ?? []).map((c) =>
      c.equals !== undefined ? { name: c.name, op: 'equals', value: c.equals } : { name: c.name, op: 'in', value: (c.in ?? []).join(', ') },
    ),
    profiles: [...(r?.profiles ?? [])],
    defaultProfile: r?.defaultProfile ?? '',
    allowChoice: r?.allowChoice ?? true,
  };
}

export function formToRawRule(v: RuleFormValues): Record<string, unknown> {
  const match: Record<string, unknown> = {};
  const ids = splitList(v.userIds);
  const emails = splitList(v.emails);
  const domains = splitList(v.emailDomains);
  if (ids.length) match.userIds = ids;
  if (emails.length) match.emails = emails;
  if (domains.length) match.emailDomains = domains;
  // Every row is kept (even a blank one) so rejection paths line up with the rows on screen.
  const attrs: AttributeCondition[] = v.attributes.map((a) => (a.op === 'equals' ? { name: a.name.trim(), equals: a.value.trim() } : { name: a.name.trim(), in: splitList(a.value) }));
  if (attrs.length) match.attributes = attrs;
  const raw: Record<string, unknown> = { id: v.id.trim(), match, profiles: v.profiles, allowChoice: v.allowChoice };
  if (v.description.trim()) raw.description = v.description.trim();
  if (v.defaultProfile && v.profiles.includes(v.defaultProfile)) raw.defaultProfile = v.defaultProfile;
  return raw;
}

export interface RuleCheck {
  config: LocalConfig;
  fields: FieldErrors;
  others: Rejection[];
  ok: boolean;
}

/** Validates the rule at `index` (null: appended) as part of the local configuration. */
export function checkRuleForm(values: RuleFormValues, local: LocalConfig, index: number | null, tr: Tr = t): RuleCheck {
  const rules: unknown[] = [...local.routingRules];
  const at = index ?? rules.length;
  rules[at] = formToRawRule(values);
  const config = { ...local, routingRules: rules } as unknown as LocalConfig;
  const { rejected } = sanitizeLocalConfig(config);
  const { fields, others } = splitRejections(rejected, `routingRules[${at}]`);
  const id = values.id.trim();
  if (id && local.routingRules.some((r, i) => r.id === id && i !== at)) {
    fields.id = [...(fields.id ?? []).filter((m) => !/already used/.test(m)), tr('uiErrorDuplicateRuleId', id)];
  }
  if (values.profiles.length === 0) {
    fields.profiles = [...(fields.profiles ?? []).filter((m) => !/is empty/.test(m)), tr('uiErrorRuleNoProfiles')];
  }
  const ok = Object.values(fields).every((l) => l.length === 0);
  return { config, fields, others: others.filter((r) => r.path.startsWith('fallback')), ok };
}

export interface FallbackFormValues {
  kind: 'unset' | 'deny' | 'profiles';
  message: string;
  profiles: string[];
  defaultProfile: string;
  allowChoice: boolean;
}

export function fallbackToForm(f: Fallback | undefined): FallbackFormValues {
  if (!f) return { kind: 'unset', message: '', profiles: [], defaultProfile: '', allowChoice: true };
  if (f.deny) return { kind: 'deny', message: f.message ?? '', profiles: [], defaultProfile: '', allowChoice: true };
  return { kind: 'profiles', message: '', profiles: [...f.profiles], defaultProfile: f.defaultProfile ?? '', allowChoice: f.allowChoice ?? true };
}

export function formToFallback(v: FallbackFormValues): Fallback | undefined {
  if (v.kind === 'unset') return undefined;
  if (v.kind === 'deny') return v.message.trim() ? { deny: true, message: v.message.trim() } : { deny: true };
  return {
    profiles: v.profiles,
    ...(v.defaultProfile && v.profiles.includes(v.defaultProfile) ? { defaultProfile: v.defaultProfile } : {}),
    allowChoice: v.allowChoice,
  };
}

export function checkFallbackForm(values: FallbackFormValues, local: LocalConfig, tr: Tr = t): RuleCheck {
  const fallback = formToFallback(values);
  const { fallback: _old, ...rest } = local;
  void _old;
  const config: LocalConfig = fallback ? { ...rest, fallback } : rest;
  const { rejected } = sanitizeLocalConfig(config);
  const { fields } = splitRejections(rejected, 'fallback');
  if (values.kind === 'profiles' && values.profiles.length === 0) fields.profiles = [tr('uiErrorFallbackNoProfiles')];
  const ok = Object.values(fields).every((l) => l.length === 0);
  return { config, fields, others: [], ok };
}

/** Swaps the rule at `index` with its neighbour; the list unchanged at the ends. */
export function moveRule<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to] as T, out[index] as T];
  return out;
}

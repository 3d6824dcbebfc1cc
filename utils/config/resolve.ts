/**
 * The resolver: (built-in defaults, local settings, validated policy, host user, stored selection)
 * -> the effective configuration and what it means for that host user. Pure; no storage access.
 *
 * Tiers: built-in defaults < local settings (options page) < policy. A value set by policy is
 * locked. Lists:
 * - Profiles: when the policy has "profiles" (even if every entry was rejected), the policy's
 *   profiles are the profiles. Local profiles are added only when allowLocalProfiles is true
 *   (a policy decision: a local value of that setting is ignored while profiles are managed), and
 *   never replace a policy profile with the same id. Without policy profiles, local profiles apply.
 * - Routing (rules + fallback, one unit): when the policy has "routingRules" or "fallback", the
 *   policy's rules and fallback apply and local ones are ignored; a missing fallback then means
 *   "deny". Otherwise local rules/fallback apply (same default); they may name any effective
 *   profile, the policy's included. With no rules and no fallback
 *   anywhere, every user may use every effective profile.
 * - Host adapters: merged by id, policy > local > built-in; policy adapters first.
 * - Settings: policy "settings" (locked) > local > policy "defaults" > built-in.
 *
 * For the host user: the first matching rule decides; a rule whose profiles are all gone denies
 * (its users are never silently routed elsewhere). A stored selection is used only when it is
 * still allowed and the user may choose; otherwise the default applies and `selectionNotice` says
 * why, in words the user can read.
 */
import { DEFAULT_DIRECT_SEND, DEFAULT_SCOPES, DEFAULT_SEND_MODE } from './checks';
import { DEFAULT_SETTINGS, SETTING_KEYS, checkSettingValue } from './settings';
import { matchesUser, selectionKey } from './routing';
import { DEFAULT_DENY_MESSAGE } from './validate';
import type {
  BuiltinDefaults,
  ConfigSource,
  DirectSend,
  Effective,
  EffectiveSettings,
  SettingDefaults,
  Fallback,
  HostAdapter,
  HostUser,
  IntegrationProfile,
  LocalConfig,
  RoutingRule,
  SettingKey,
  Settings,
  ValidatedPolicy,
} from './types';

export interface ResolveInput {
  /** Built-in tier. Default: DEFAULT_SETTINGS and no adapters. */
  defaults?: BuiltinDefaults;
  local?: LocalConfig | null;
  /** The validated policy (validatePolicy(...).policy); null/{} = unmanaged. */
  policy?: ValidatedPolicy | null;
  /** The host user on the current page; null when unknown (e.g. the options page). */
  hostUser?: HostUser | null;
  /** The profile id stored for this host user (selection-store), if any. */
  storedSelection?: string | null;
}

export interface IgnoredEntry {
  kind: 'profile' | 'rule' | 'fallback' | 'adapter' | 'setting';
  /** Profile/rule/adapter id, or setting key. */
  id: string;
  source: 'local';
  reason: string;
}

export type SelectionSource = 'user' | 'default' | 'only' | 'none';

export interface UserRouting {
  /** `${origin}|${id}` of the host user, the selection-store key; null without a host user. */
  hostUserKey: string | null;
  /** Id of the matching rule, 'fallback', or null when no routing is configured. */
  matchedRule: string | 'fallback' | null;
  /** Where the matched rule / fallback came from. */
  routingSource: ConfigSource | null;
  allowed: IntegrationProfile[];
  defaultProfileId: string | null;
  /** The profile to use now; null when denied, when nothing is allowed, or when the user must choose. */
  selectedProfileId: string | null;
  selectionSource: SelectionSource;
  canChoose: boolean;
  /** The user may choose and has neither a stored choice nor a default: ask before sending. */
  needsChoice: boolean;
  denied?: { message: string };
  /** Shown to the user when their stored choice is not used. */
  selectionNotice?: string;
  /** The stored choice that is not used any more (the caller may clear it). */
  staleSelection?: string;
}

export interface EffectiveConfig {
  /** The policy sets anything at all. */
  managed: boolean;
  profilesManaged: boolean;
  routingManaged: boolean;
  profiles: Effective<IntegrationProfile>[];
  routingRules: Effective<RoutingRule>[];
  /** null: no routing configured (everyone may use every profile). */
  fallback: Effective<Fallback> | null;
  adapters: Effective<HostAdapter>[];
  settings: EffectiveSettings;
  /** What each setting is without a value of the user's own: the policy's locked value or
   * default, else the built-in one (the options page offers it as "Use the default"). */
  settingDefaults: SettingDefaults;
  /** Local entries that do not apply, with the reason (shown in the options page). */
  ignored: IgnoredEntry[];
  forUser: UserRouting;
}

const eff = <T>(value: T, source: ConfigSource, locked: boolean): Effective<T> => ({ value, source, locked });

/**
 * What each setting is without a value of the user's own: the policy's locked value or default,
 * else the built-in one.
 */
function resolveSettingDefaults(builtin: Settings, policy: ValidatedPolicy): SettingDefaults {
  const out = {} as Record<SettingKey, { value: unknown; source: 'policy' | 'default' }>;
  for (const key of SETTING_KEYS) {
    const fromPolicy = policy.settings?.[key] ?? policy.defaults?.[key];
    out[key] = fromPolicy !== undefined ? { value: fromPolicy, source: 'policy' } : { value: builtin[key], source: 'default' };
  }
  return out as SettingDefaults;
}

/** The user's own value where it is allowed and valid, else the default (see resolveSettingDefaults). */
function resolveSettings(
  defaults: SettingDefaults,
  local: Partial<Settings>,
  policy: ValidatedPolicy,
  profilesManaged: boolean,
  ignored: IgnoredEntry[],
): EffectiveSettings {
  const out = {} as Record<SettingKey, Effective<unknown>>;
  for (const key of SETTING_KEYS) {
    const locked = policy.settings?.[key];
    const localValue = local[key];
    const localOk = localValue !== undefined && checkSettingValue(key, localValue) === null;
    const fallback = defaults[key];
    if (key === 'allowLocalProfiles' && profilesManaged) {
      // Only the administrator may let users add profiles next to managed ones.
      if (localValue !== undefined) {
        ignored.push({ kind: 'setting', id: key, source: 'local', reason: 'Your administrator manages integration profiles and decides whether you may add your own.' });
      }
      out[key] = eff(fallback.value, fallback.source, true);
      continue;
    }
    if (locked !== undefined) {
      if (localValue !== undefined && localValue !== locked) {
        ignored.push({ kind: 'setting', id: key, source: 'local', reason: 'Managed by your administrator.' });
      }
      out[key] = eff(locked, 'policy', true);
    } else if (localOk) {
      out[key] = eff(localValue, 'local', false);
    } else {
      out[key] = eff(fallback.value, fallback.source, false);
    }
    if (localValue !== undefined && !localOk && locked === undefined) {
      ignored.push({ kind: 'setting', id: key, source: 'local', reason: checkSettingValue(key, localValue) ?? 'Invalid value.' });
    }
  }
  return out as EffectiveSettings;
}

function mergeAdapters(
  builtin: readonly HostAdapter[],
  local: readonly HostAdapter[],
  policy: readonly HostAdapter[] | undefined,
  ignored: IgnoredEntry[],
): Effective<HostAdapter>[] {
  const out: Effective<HostAdapter>[] = [];
  const taken = new Set<string>();
  for (const a of policy ?? []) {
    if (taken.has(a.id)) continue;
    taken.add(a.id);
    out.push(eff(a, 'policy', true));
  }
  for (const a of local) {
    if (taken.has(a.id)) {
      ignored.push({ kind: 'adapter', id: a.id, source: 'local', reason: `Your administrator provides the host adapter "${a.id}".` });
      continue;
    }
    taken.add(a.id);
    out.push(eff(a, 'local', false));
  }
  for (const a of builtin) {
    if (taken.has(a.id)) continue;
    taken.add(a.id);
    out.push(eff(a, 'default', false));
  }
  return out;
}

function labelOf(profiles: readonly Effective<IntegrationProfile>[], id: string): string {
  return profiles.find((p) => p.value.id === id)?.value.label ?? id;
}

export function resolveEffectiveConfig(input: ResolveInput): EffectiveConfig {
  const builtin: BuiltinDefaults = input.defaults ?? { settings: { ...DEFAULT_SETTINGS }, hostAdapters: [] };
  const local: LocalConfig = input.local ?? { profiles: [], routingRules: [], hostAdapters: [], settings: {} };
  const policy: ValidatedPolicy = input.policy ?? {};
  const ignored: IgnoredEntry[] = [];

  const managed = Object.keys(policy).length > 0;
  const profilesManaged = policy.profiles !== undefined;
  const routingManaged = policy.routingRules !== undefined || policy.fallback !== undefined;

  const settingDefaults = resolveSettingDefaults(builtin.settings, policy);
  const settings = resolveSettings(settingDefaults, local.settings ?? {}, policy, profilesManaged, ignored);

  // --- Profiles.
  const profiles: Effective<IntegrationProfile>[] = [];
  if (profilesManaged) {
    const ids = new Set<string>();
    for (const p of policy.profiles ?? []) {
      if (ids.has(p.id)) continue;
      ids.add(p.id);
      profiles.push(eff(p, 'policy', true));
    }
    for (const p of local.profiles) {
      if (!settings.allowLocalProfiles.value) {
        ignored.push({ kind: 'profile', id: p.id, source: 'local', reason: 'Your administrator manages integration profiles; your own profiles are not used.' });
      } else if (ids.has(p.id)) {
        ignored.push({ kind: 'profile', id: p.id, source: 'local', reason: `Your administrator provides a profile with the id "${p.id}"; it replaces yours.` });
      } else {
        ids.add(p.id);
        profiles.push(eff(p, 'local', false));
      }
    }
  } else {
    const ids = new Set<string>();
    for (const p of local.profiles) {
      if (ids.has(p.id)) continue;
      ids.add(p.id);
      profiles.push(eff(p, 'local', false));
    }
  }

  // --- Routing.
  let routingRules: Effective<RoutingRule>[] = [];
  let fallback: Effective<Fallback> | null = null;
  let routingSource: ConfigSource | null = null;
  if (routingManaged) {
    routingSource = 'policy';
    routingRules = (policy.routingRules ?? []).map((r) => eff(r, 'policy', true));
    fallback = policy.fallback ? eff(policy.fallback, 'policy', true) : eff<Fallback>({ deny: true }, 'default', true);
    for (const r of local.routingRules) {
      ignored.push({ kind: 'rule', id: r.id, source: 'local', reason: 'Your administrator manages routing rules; your own rules are not used.' });
    }
    if (local.fallback) ignored.push({ kind: 'fallback', id: 'fallback', source: 'local', reason: 'Your administrator manages routing.' });
  } else if (local.routingRules.length > 0 || local.fallback) {
    routingSource = 'local';
    routingRules = local.routingRules.map((r) => eff(r, 'local', false));
    fallback = local.fallback ? eff(local.fallback, 'local', false) : eff<Fallback>({ deny: true }, 'default', false);
  }

  const adapters = mergeAdapters(builtin.hostAdapters, local.hostAdapters, policy.hostAdapters, ignored);

  // --- The host user.
  const hostUser = input.hostUser ?? null;
  const byId = new Map(profiles.map((p) => [p.value.id, p.value]));
  const pick = (ids: readonly string[]) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as IntegrationProfile] : []));
  const who = routingSource === 'policy' ? 'your administrator' : 'your routing rules';

  let matchedRule: string | 'fallback' | null = null;
  let allowed: IntegrationProfile[] = [];
  let defaultId: string | null = null;
  let allowChoice = true;
  let denied: { message: string } | undefined;

  const rule = routingRules.find((r) => matchesUser(r.value.match, hostUser))?.value;
  if (rule) {
    matchedRule = rule.id;
    allowed = pick(rule.profiles);
    if (allowed.length === 0) {
      denied = {
        message:
          rule.profiles.length === 0
            ? `The routing rule "${rule.id}" that applies to you lists no usable integration profile. Contact your administrator.`
            : `The integration profile${rule.profiles.length > 1 ? 's' : ''} that routing rule "${rule.id}" assigns to you (${rule.profiles.join(', ')}) ${rule.profiles.length > 1 ? 'are' : 'is'} not available. ${
                // A local rule may name a profile the policy used to provide (or never did).
                routingSource === 'local' ? "Check the routing rules in the extension's options, or contact your administrator." : 'Contact your administrator.'
              }`,
      };
    }
    defaultId = rule.defaultProfile !== undefined && allowed.some((p) => p.id === rule.defaultProfile) ? rule.defaultProfile : null;
    allowChoice = rule.allowChoice ?? true;
  } else if (fallback) {
    matchedRule = 'fallback';
    const fb = fallback.value;
    if (fb.deny) {
      denied = { message: fb.message ?? DEFAULT_DENY_MESSAGE };
    } else {
      allowed = pick(fb.profiles);
      if (allowed.length === 0) denied = { message: DEFAULT_DENY_MESSAGE };
      defaultId = fb.defaultProfile !== undefined && allowed.some((p) => p.id === fb.defaultProfile) ? fb.defaultProfile : null;
      allowChoice = fb.allowChoice ?? true;
    }
  } else {
    allowed = profiles.map((p) => p.value);
  }

  // Users' own profiles next to managed routing (only when the administrator allows them).
  if (routingSource === 'policy' && profilesManaged && settings.allowLocalProfiles.value && !denied && allowChoice) {
    for (const p of profiles) if (p.source === 'local' && !allowed.includes(p.value)) allowed.push(p.value);
  }
  if (denied) allowed = [];

  const canChoose = allowed.length > 1 && allowChoice;
  if (allowed.length === 1) defaultId = allowed[0]?.id ?? null;
  else if (allowed.length > 1 && !allowChoice && defaultId === null) defaultId = allowed[0]?.id ?? null;

  const stored = input.storedSelection ?? null;
  let selectedProfileId: string | null;
  let selectionSource: SelectionSource;
  if (stored !== null && canChoose && allowed.some((p) => p.id === stored)) {
    selectedProfileId = stored;
    selectionSource = 'user';
  } else {
    selectedProfileId = denied ? null : defaultId;
    selectionSource = selectedProfileId === null ? 'none' : allowed.length === 1 ? 'only' : 'default';
  }
  const needsChoice = !denied && canChoose && selectedProfileId === null;

  const routing: UserRouting = {
    hostUserKey: hostUser ? selectionKey(hostUser.origin, hostUser.id) : null,
    matchedRule,
    routingSource: matchedRule === null ? null : rule ? routingSource : (fallback?.source ?? routingSource),
    allowed,
    defaultProfileId: denied ? null : defaultId,
    selectedProfileId,
    selectionSource,
    canChoose,
    needsChoice,
    ...(denied ? { denied } : {}),
  };

  if (stored !== null && stored !== selectedProfileId && selectionSource !== 'user') {
    routing.staleSelection = stored;
    if (!denied) {
      const previous = labelOf(profiles, stored);
      const now = selectedProfileId !== null ? `using "${labelOf(profiles, selectedProfileId)}"` : 'choose another profile';
      if (!byId.has(stored)) {
        routing.selectionNotice = `Your previous choice "${previous}" is no longer available; ${now}.`;
      } else if (allowed.some((p) => p.id === stored)) {
        routing.selectionNotice = `${who === 'your administrator' ? 'Your administrator has' : 'Your routing rules have'} fixed your profile to "${labelOf(profiles, selectedProfileId ?? '')}"; your previous choice "${previous}" is not used.`;
      } else {
        routing.selectionNotice = `Your previous choice "${previous}" is no longer allowed by ${who}; ${now}.`;
      }
    }
  }

  return { managed, profilesManaged, routingManaged, profiles, routingRules, fallback, adapters, settings, settingDefaults, ignored, forUser: routing };
}

/** The scopes a profile requests (default ['signature', 'extended']). */
export function profileScopes(p: IntegrationProfile): string[] {
  return p.scopes && p.scopes.length > 0 ? [...p.scopes] : [...DEFAULT_SCOPES];
}

/** How a profile's direct sends create the envelope (default 'draft-first'). */
export function profileDirectSend(p: IntegrationProfile): DirectSend {
  return p.directSend ?? DEFAULT_DIRECT_SEND;
}

/** The send mode of a profile (default 'embedded'). */
export function profileSendMode(p: IntegrationProfile): 'embedded' | 'direct' {
  return p.sendMode ?? DEFAULT_SEND_MODE;
}

/**
 * Configuration model (DESIGN.md "The model", "Configuration tiers"). Plain data, JSON-safe.
 * The managed schema (public/managed_schema.json) describes the same shapes for Chrome.
 */
import type { HostAdapter } from '../host/adapter-types';

export type { HostAdapter };

/** 'demo' | 'production' | an explicit authorization server URL (https; http only on loopback). */
export type DocuSignEnvironment = string;

export type SendMode = 'embedded' | 'direct';

/**
 * How direct mode creates the envelope. 'draft-first' (default): a draft, then a second call sends
 * it, so a create request the browser re-sends leaves a spare draft (deleted), never a second sent
 * envelope. 'one-call': created with status "sent" (half the API calls; a re-sent create leaves a
 * second sent envelope, which the duplicate check voids about 20 s later).
 */
export type DirectSend = 'draft-first' | 'one-call';

export interface IntegrationProfile {
  /** Slug: lowercase letters, digits, '-'; 1-63 chars. */
  id: string;
  label: string;
  environment: DocuSignEnvironment;
  /** OAuth client_id (GUID, lowercase). */
  integrationKey: string;
  /** GUID (lowercase). Absent: the user chooses among their accounts. */
  accountId?: string;
  /** Origin (scheme://host[:port]) the account's base_uri must equal. */
  expectedBaseUri?: string;
  /** Default DEFAULT_SCOPES. */
  scopes?: string[];
  /** Default 'embedded'. */
  sendMode?: SendMode;
  /** Default 'draft-first'; only used when sendMode is 'direct'. */
  directSend?: DirectSend;
  emailSubjectTemplate?: string;
  emailMessageTemplate?: string;
}

export interface AttributeCondition {
  name: string;
  /** Exactly one of equals / in. */
  equals?: string;
  in?: string[];
}

/** Every given criterion must hold; a list criterion matches when any entry matches. {} = everyone. */
export interface RuleMatch {
  userIds?: string[];
  emails?: string[];
  emailDomains?: string[];
  attributes?: AttributeCondition[];
}

export interface RoutingRule {
  id: string;
  description?: string;
  match: RuleMatch;
  /** Allowed profile ids, in the order they are offered. Empty = matching users are denied. */
  profiles: string[];
  /** One of profiles. */
  defaultProfile?: string;
  /** Default true when more than one profile is allowed. */
  allowChoice?: boolean;
}

export type Fallback =
  | { deny: true; message?: string }
  | { deny?: false; profiles: string[]; defaultProfile?: string; allowChoice?: boolean };

export interface Settings {
  allowLocalProfiles: boolean;
  confirmBeforeSend: boolean;
  statusRefreshMinutes: number;
  maxStoredDocumentsMb: number;
  showUsageReport: boolean;
}
export type SettingKey = keyof Settings;

/** The signed-in user of the host app, read from the page: a routing hint, not authentication. */
export interface HostUser {
  origin: string;
  id: string;
  email?: string;
  name?: string;
  attributes: Record<string, string>;
}

/**
 * A policy after validation: invalid entries removed, values normalised (GUIDs, domains and
 * emails lower-cased, JSON strings parsed, registry-style booleans/numbers converted). A key is
 * present exactly when the administrator set it, even if every entry was rejected: "policy manages
 * profiles" is decided by presence, so a broken policy never silently hands control back to users.
 */
export interface ValidatedPolicy {
  profiles?: IntegrationProfile[];
  routingRules?: RoutingRule[];
  fallback?: Fallback;
  hostAdapters?: HostAdapter[];
  /** Locked values. */
  settings?: Partial<Settings>;
  /** Defaults the user may change. */
  defaults?: Partial<Settings>;
}

/** What the user configured in the options page (storage `local:config`). */
export interface LocalConfig {
  profiles: IntegrationProfile[];
  routingRules: RoutingRule[];
  fallback?: Fallback;
  hostAdapters: HostAdapter[];
  settings: Partial<Settings>;
}

/** Built-in tier, passed to the resolver (the lead's builtin adapters go here). */
export interface BuiltinDefaults {
  settings: Settings;
  hostAdapters: readonly HostAdapter[];
}

export type RejectionCode =
  | 'not-object'
  | 'wrong-type'
  | 'invalid-json'
  | 'missing'
  | 'empty'
  | 'too-long'
  | 'bad-slug'
  | 'bad-guid'
  | 'bad-url'
  | 'insecure-url'
  | 'bad-environment'
  | 'bad-enum'
  | 'bad-email'
  | 'bad-domain'
  | 'bad-match-pattern'
  | 'bad-template'
  | 'bad-scope'
  | 'out-of-range'
  | 'duplicate-id'
  | 'unknown-profile'
  | 'default-not-allowed'
  | 'conflict'
  | 'bad-attribute-condition';

/** One rejected entry (or dropped part of an entry), with the reason an administrator can act on. */
export interface Rejection {
  /** Where, e.g. "profiles[2].integrationKey", "routingRules[1].profiles[0]", "settings.statusRefreshMinutes". */
  path: string;
  /** The id of the entry concerned, when it has a usable one. */
  entryId?: string;
  code: RejectionCode;
  /** An actionable sentence. */
  reason: string;
}

export type WarningCode =
  | 'unknown-key'
  | 'coerced'
  | 'key-per-user'
  | 'more-keys-than-accounts'
  | 'too-many-keys'
  | 'profile-without-account'
  | 'unreachable-rule'
  | 'unreferenced-profile'
  | 'empty-criterion'
  | 'no-fallback'
  | 'choice-without-default'
  | 'loopback-environment'
  | 'scope'
  | 'direct-send-unused';

export interface LintWarning {
  code: WarningCode;
  path?: string;
  message: string;
}

export interface ValidationResult {
  policy: ValidatedPolicy;
  rejected: Rejection[];
  warnings: LintWarning[];
}

export type ConfigSource = 'default' | 'local' | 'policy';

/** A value with where it came from; locked = set by policy, the user cannot change it. */
export interface Effective<T> {
  value: T;
  source: ConfigSource;
  locked: boolean;
}

export type EffectiveSettings = { [K in SettingKey]: Effective<Settings[K]> };
export type SettingDefaults = { [K in SettingKey]: { value: Settings[K]; source: 'policy' | 'default' } };

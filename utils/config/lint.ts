/**
 * Lint: warnings about a valid policy that works but is probably not what the administrator
 * wants. The main one is DocuSign's guidance (docusign/FACTS.md): an integration key identifies the
 * application, not a user or an account; use ONE key and route users by account.
 * Paths use ids ("routingRules[id=eu]") because validation may have removed entries.
 */
import { checkEnvironment } from './checks';
import type { LintWarning, RoutingRule, RuleMatch, ValidatedPolicy } from './types';

export const MAX_KEYS_PER_ACCOUNT = 100;

export const ONE_KEY_ADVICE =
  'DocuSign recommends one integration key per application; route users by account instead (profiles that share one key and differ by accountId). An account can hold at most 100 integration keys.';

export function isEmptyMatch(match: RuleMatch): boolean {
  return (
    match.userIds === undefined &&
    match.emails === undefined &&
    match.emailDomains === undefined &&
    (match.attributes === undefined || match.attributes.length === 0)
  );
}

/** A rule naming exactly one user (one id or one email) and nothing else. */
function isSingleUserRule(rule: RoutingRule): boolean {
  const m = rule.match;
  const n = (m.userIds?.length ?? 0) + (m.emails?.length ?? 0);
  return n === 1 && m.emailDomains === undefined && (m.attributes === undefined || m.attributes.length === 0);
}

export function lintPolicy(policy: ValidatedPolicy): LintWarning[] {
  const warnings: LintWarning[] = [];
  const warn = (code: LintWarning['code'], path: string, message: string) => warnings.push({ code, path, message });
  const profiles = policy.profiles ?? [];
  const rules = policy.routingRules ?? [];

  // --- Integration keys vs accounts (DocuSign's guidance).
  const keys = new Map<string, string[]>(); // key -> profile ids
  for (const p of profiles) keys.set(p.integrationKey, [...(keys.get(p.integrationKey) ?? []), p.id]);
  const accounts = new Set(profiles.flatMap((p) => (p.accountId ? [p.accountId] : [])));

  const rulesByProfile = new Map<string, RoutingRule[]>();
  for (const r of rules) for (const id of r.profiles) rulesByProfile.set(id, [...(rulesByProfile.get(id) ?? []), r]);
  const fallbackProfiles = policy.fallback && !policy.fallback.deny ? policy.fallback.profiles : [];
  const perUserKeys = [...keys.entries()].filter(([, ids]) =>
    ids.every((id) => {
      const rs = rulesByProfile.get(id) ?? [];
      return rs.length > 0 && rs.every(isSingleUserRule) && !fallbackProfiles.includes(id);
    }),
  );
  if (perUserKeys.length >= 3) {
    warn(
      'key-per-user',
      'profiles',
      `${perUserKeys.length} integration keys each serve a single user (${perUserKeys
        .map(([, ids]) => ids.join('/'))
        .join(', ')}): this looks like one integration key per user. ${ONE_KEY_ADVICE}`,
    );
  }
  if (keys.size > MAX_KEYS_PER_ACCOUNT) {
    warn('too-many-keys', 'profiles', `The policy uses ${keys.size} distinct integration keys; an account can hold at most ${MAX_KEYS_PER_ACCOUNT}. ${ONE_KEY_ADVICE}`);
  }
  if (keys.size > 1 && keys.size > accounts.size) {
    warn(
      'more-keys-than-accounts',
      'profiles',
      `The policy uses ${keys.size} distinct integration keys for ${accounts.size} distinct account${accounts.size === 1 ? '' : 's'}. Several keys are only needed when accounts belong to separate organisations. ${ONE_KEY_ADVICE}`,
    );
  }

  // --- Profiles.
  for (const p of profiles) {
    if (!p.accountId) {
      warn(
        'profile-without-account',
        `profiles[id=${p.id}].accountId`,
        `Profile "${p.id}" has no accountId: users choose among their own DocuSign accounts at sign-in, so envelopes may count against any account they belong to. Set accountId to route them to one account.`,
      );
    }
    if (checkEnvironment(p.environment).normalized?.startsWith('http:')) {
      warn('loopback-environment', `profiles[id=${p.id}].environment`, `Profile "${p.id}" uses a plain-http loopback authorization server (${p.environment}); that is for tests only.`);
    }
  }

  // --- Rules.
  const catchAll = rules.findIndex((r) => isEmptyMatch(r.match));
  if (catchAll >= 0) {
    for (const r of rules.slice(catchAll + 1)) {
      warn(
        'unreachable-rule',
        `routingRules[id=${r.id}]`,
        `Rule "${r.id}" can never apply: rule "${rules[catchAll]?.id}" before it matches every user. Move the catch-all rule last, or use "fallback" for users no rule matches.`,
      );
    }
  }
  for (const r of rules) {
    for (const k of ['userIds', 'emails', 'emailDomains'] as const) {
      if (r.match[k] !== undefined && r.match[k]?.length === 0) {
        warn('empty-criterion', `routingRules[id=${r.id}].match.${k}`, `Rule "${r.id}": match.${k} is empty, so the rule matches nobody. List at least one entry or remove ${k}.`);
      }
    }
    if (r.match.attributes !== undefined && r.match.attributes.length === 0) {
      warn('empty-criterion', `routingRules[id=${r.id}].match.attributes`, `Rule "${r.id}": match.attributes is empty and restricts nothing. Remove it, or add conditions.`);
    }
    if (r.profiles.length > 1 && r.allowChoice === false && r.defaultProfile === undefined) {
      warn(
        'choice-without-default',
        `routingRules[id=${r.id}]`,
        `Rule "${r.id}" allows several profiles but no choice and names no defaultProfile: its first profile ("${r.profiles[0]}") is used. Set defaultProfile to make that explicit.`,
      );
    }
  }
  if (policy.routingRules && policy.routingRules.length > 0 && !policy.fallback) {
    warn('no-fallback', 'fallback', 'No fallback is set: users no routing rule matches may not send. Set "fallback" to {"deny": true, "message": "..."} to tell them whom to contact, or to {"profiles": [...]} to let them send.');
  }
  if (policy.routingRules !== undefined || policy.fallback !== undefined) {
    const referenced = new Set([...rules.flatMap((r) => r.profiles), ...fallbackProfiles]);
    for (const p of profiles) {
      if (!referenced.has(p.id)) {
        warn('unreferenced-profile', `profiles[id=${p.id}]`, `Profile "${p.id}" is not used by any routing rule or the fallback, so nobody can use it.`);
      }
    }
  }
  return warnings;
}

/**
 * Wording helpers for the options page and popup. Pure: every function takes the translator, so
 * unit tests check the English text from messages.json.
 */
import type { Fallback, IntegrationProfile, RuleMatch } from '../utils/config/types';
import type { ConfigSource } from '../utils/config/types';
import type { KnownHostUser, SelectorHealth } from '../utils/messaging/ui-protocol';
import { t } from '../utils/i18n';
import type { MessageKey } from '../utils/i18n';
import type { Tr } from './i18n';

/** "a, b or c" */
export function orList(items: readonly string[], tr: Tr = t): string {
  if (items.length <= 1) return items.join('');
  return tr('uiListOr', [items.slice(0, -1).join(', '), items[items.length - 1] ?? '']);
}

/** "a, b and c" */
export function andList(items: readonly string[], tr: Tr = t): string {
  if (items.length <= 1) return items.join('');
  return tr('uiListAnd', [items.slice(0, -1).join(', '), items[items.length - 1] ?? '']);
}

/** A rule's match in words: "Users with region = EU", "Users with email ending @acme-ca.example". */
export function matchSummary(match: RuleMatch, tr: Tr = t): string {
  const parts: string[] = [];
  if (match.userIds !== undefined) parts.push(tr('uiMatchUserIds', orList(match.userIds, tr)));
  if (match.emails !== undefined) parts.push(tr('uiMatchEmails', orList(match.emails, tr)));
  if (match.emailDomains !== undefined) {
    parts.push(tr('uiMatchDomains', orList(match.emailDomains.map((d) => `@${d.replace(/^@/, '')}`), tr)));
  }
  for (const c of match.attributes ?? []) {
    if (c.equals !== undefined) parts.push(tr('uiMatchAttrEquals', [c.name, c.equals]));
    else parts.push(tr('uiMatchAttrIn', [c.name, (c.in ?? []).join(', ')]));
  }
  const listsEmpty = (['userIds', 'emails', 'emailDomains'] as const).some((k) => match[k]?.length === 0);
  if (listsEmpty) return tr('uiMatchNobody');
  if (parts.length === 0) return tr('uiMatchEveryone');
  return tr('uiMatchUsersWith', andList(parts, tr));
}

/** A profile's label; an id no effective profile has is marked, so a rule that names a profile
 * the policy no longer provides (or never did) reads as the problem it is. */
export function profileName(id: string, profiles: readonly IntegrationProfile[], tr: Tr = t): string {
  return profiles.find((p) => p.id === id)?.label ?? tr('uiProfileMissing', id);
}

/** The fallback in words. */
export function fallbackSummary(fallback: Fallback | null, profiles: readonly IntegrationProfile[], tr: Tr = t): string {
  if (fallback === null) return tr('uiFallbackNone');
  if (fallback.deny) return fallback.message ? tr('uiFallbackDenyWith', fallback.message) : tr('uiFallbackDeny');
  const names = fallback.profiles.map((id) => profileName(id, profiles, tr));
  return tr('uiFallbackProfiles', andList(names, tr));
}

/** "Demo", "Production", or the authorization server's host. */
export function environmentLabel(environment: string | undefined, tr: Tr = t): string {
  if (!environment) return '';
  if (environment === 'demo' || environment === 'https://account-d.docusign.com') return tr('uiEnvDemo');
  if (environment === 'production' || environment === 'https://account.docusign.com') return tr('uiEnvProduction');
  try {
    return new URL(environment).host;
  } catch {
    return environment;
  }
}

/** "eu.docusign.net" from a base URI; the input when it is not a URL. */
export function regionHost(baseUri: string | undefined): string {
  if (!baseUri) return '';
  try {
    return new URL(baseUri).host;
  } catch {
    return baseUri;
  }
}

/** Local date and time, e.g. "12 Mar 2025, 14:05". */
export function formatDateTime(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

const SOURCE_KEYS: Record<ConfigSource, MessageKey> = {
  policy: 'uiSourcePolicy',
  local: 'uiSourceLocal',
  default: 'uiSourceDefault',
};
export function sourceLabel(source: ConfigSource, tr: Tr = t): string {
  return tr(SOURCE_KEYS[source]);
}

/** "Emma Schmidt (emma@acme.example)" or the id. */
export function hostUserLabel(user: KnownHostUser, tr: Tr = t): string {
  const h = user.hostUser;
  let site = h.origin;
  try {
    site = new URL(h.origin).host;
  } catch {
    // keep the origin as given
  }
  const who = h.name ? (h.email ? `${h.name} (${h.email})` : h.name) : (h.email ?? h.id);
  return tr('uiHostUserOption', [who, site]);
}

export interface HealthView {
  level: 'ok' | 'warning';
  text: string;
}

/** One selector-health entry in words. */
export function healthSummary(h: SelectorHealth, tr: Tr = t): HealthView[] {
  const out: HealthView[] = [];
  if (!h.userFound) out.push({ level: 'warning', text: tr('uiHealthNoUser', h.path) });
  if (h.items === 0) {
    out.push({ level: 'warning', text: tr('uiHealthNoDocuments', h.path) });
  } else {
    const found = tr(h.items === 1 ? 'uiHealthFoundOne' : 'uiHealthFound', [String(h.items), h.path]);
    out.push({
      level: h.anchorsMissing > 0 ? 'warning' : 'ok',
      text: tr('uiHealthAnchors', [found, String(h.anchorsMissing)]),
    });
  }
  return out;
}

export function isUnhealthy(h: SelectorHealth): boolean {
  return !h.userFound || h.items === 0 || h.anchorsMissing > 0;
}

/** The health entries for a page: that exact path first, else any path of the origin. */
export function healthForUrl(all: readonly SelectorHealth[], url: string | undefined): SelectorHealth[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const sameOrigin = all.filter((h) => h.origin === parsed.origin);
  const exact = sameOrigin.filter((h) => h.path === parsed.pathname);
  return exact.length > 0 ? exact : sameOrigin;
}

/** Rule matching against the host user (a routing hint read from the page). Pure. */
import type { AttributeCondition, HostUser, RuleMatch } from './types';

const norm = (s: string) => s.trim().toLowerCase();

function attributeValue(user: HostUser, name: string): string | undefined {
  const wanted = norm(name);
  for (const [k, v] of Object.entries(user.attributes)) if (norm(k) === wanted) return v;
  return undefined;
}

function conditionHolds(user: HostUser, c: AttributeCondition): boolean {
  const value = attributeValue(user, c.name);
  if (value === undefined) return false;
  const v = norm(value);
  if (c.equals !== undefined) return v === norm(c.equals);
  return (c.in ?? []).some((x) => norm(x) === v);
}

function emailDomain(email: string): string {
  return norm(email.slice(email.lastIndexOf('@') + 1));
}

/**
 * Every criterion given must hold; a list criterion holds when any entry matches (so an empty
 * list matches nobody). `attributes` holds when all its conditions hold. {} matches everyone,
 * including an unidentified user (null); any criterion needs an identified user.
 */
export function matchesUser(match: RuleMatch, user: HostUser | null | undefined): boolean {
  const given = (['userIds', 'emails', 'emailDomains'] as const).filter((k) => match[k] !== undefined);
  const hasAttributes = match.attributes !== undefined && match.attributes.length > 0;
  if (given.length === 0 && !hasAttributes) return true;
  if (!user) return false;
  if (match.userIds !== undefined && !match.userIds.includes(user.id.trim())) return false;
  const email = user.email ? norm(user.email) : undefined;
  if (match.emails !== undefined && (!email || !match.emails.some((e) => norm(e) === email))) return false;
  if (match.emailDomains !== undefined && (!email || !match.emailDomains.some((d) => norm(d) === emailDomain(email)))) {
    return false;
  }
  if (hasAttributes && !(match.attributes ?? []).every((c) => conditionHolds(user, c))) return false;
  return true;
}

/** Normalised host origin ("https://app.acme.example"), or the input when it is not a URL. */
export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin.trim();
  }
}

/** Key of a host user's stored selection: `${hostOrigin}|${hostUserId}`. */
export function selectionKey(origin: string, hostUserId: string): string {
  return `${normalizeOrigin(origin)}|${hostUserId}`;
}

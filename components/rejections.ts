/**
 * Ties validator rejections (paths like "profiles[2].integrationKey") to form fields. Pure.
 */
import type { Rejection } from '../utils/config/types';

export type FieldErrors = Record<string, string[]>;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A reason as shown next to its field: without the entry's path prefix (the field is labelled
 * already) and without the trailing "This profile is not applied." (the form is not saved).
 */
export function fieldReason(reason: string, base: string): string {
  let text = reason.replace(new RegExp(`${escapeRe(base)}\\.(match\\.)?`, 'g'), '');
  text = text.replace(/\s*This (?:profile|adapter|rule) is not applied(?::[^.]*)?\.\s*$/, '');
  // "attributes[0].name is missing" -> "name is missing" (the row's field is labelled).
  text = text.replace(/^attributes\[\d+\]\./, '');
  // "emailDomains[0]: "x" is not a domain" -> ""x" is not a domain"
  text = text.replace(/^[A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+)*:\s+/, '');
  text = text.trim();
  return text.length > 0 ? text.charAt(0).toUpperCase() + text.slice(1) : reason;
}

/**
 * The field a rejection path belongs to, relative to `base` ("profiles[2]"):
 * "profiles[2].integrationKey" -> "integrationKey", "profiles[2].scopes[1]" -> "scopes",
 * "routingRules[0].match.emails[3]" -> "emails", "routingRules[0].match.attributes[1].name" ->
 * "attributes[1].name" (".in"/".equals" -> ".value", the row itself -> "attributes[1]"); the entry
 * itself -> "" (a problem of the whole entry).
 */
export function fieldOf(path: string, base: string): string | null {
  if (path === base) return '';
  if (!path.startsWith(`${base}.`) && !path.startsWith(`${base}[`)) return null;
  let rel = path.slice(base.length).replace(/^\./, '');
  if (rel.startsWith('match.')) rel = rel.slice('match.'.length);
  else if (rel === 'match') return '';
  const attr = /^attributes\[(\d+)\](?:\.(\w+))?/.exec(rel);
  if (attr) {
    const part = attr[2] === undefined ? '' : attr[2] === 'name' ? '.name' : '.value';
    return `attributes[${attr[1]}]${part}`;
  }
  const m = /^[A-Za-z]+/.exec(rel);
  return m ? m[0] : '';
}

/** Splits rejections into those of the entry at `base` (by field) and all others. */
export function splitRejections(rejected: readonly Rejection[], base: string): { fields: FieldErrors; others: Rejection[] } {
  const fields: FieldErrors = {};
  const others: Rejection[] = [];
  for (const r of rejected) {
    const field = fieldOf(r.path, base);
    if (field === null) {
      others.push(r);
      continue;
    }
    (fields[field] ??= []).push(fieldReason(r.reason, base));
  }
  return { fields, others };
}

export function hasErrors(fields: FieldErrors): boolean {
  return Object.values(fields).some((list) => list.length > 0);
}

/** Rejections under a top-level key ("hostAdapters") or any path when key is ''. */
export function rejectionsUnder(rejected: readonly Rejection[], key: string): Rejection[] {
  return rejected.filter((r) => r.path === key || r.path.startsWith(`${key}[`) || r.path.startsWith(`${key}.`));
}

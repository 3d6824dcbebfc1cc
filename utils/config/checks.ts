/**
 * Value checks shared by the validator and the resolver. Each returns null when the value is
 * fine, otherwise a human reason (without the path: the caller adds it).
 */

export const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const DOMAIN_RE = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export const NAMED_ENVIRONMENTS = {
  demo: 'https://account-d.docusign.com',
  production: 'https://account.docusign.com',
} as const;

export const DEFAULT_SCOPES: readonly string[] = ['signature', 'extended'];
export const DEFAULT_SEND_MODE = 'embedded' as const;
export const SEND_MODES = ['embedded', 'direct'] as const;
export const DEFAULT_DIRECT_SEND = 'draft-first' as const;
export const DIRECT_SENDS = ['draft-first', 'one-call'] as const;
/** Scopes DocuSign documents for the authorization code grant. `impersonation` is JWT-only. */
export const KNOWN_SCOPES: readonly string[] = ['signature', 'extended', 'cors', 'openid'];

export const EXAMPLE_GUID = '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34';

/** 127.0.0.0/8, ::1 and localhost (hostname as URL reports it; IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!m && Number(m[1]) === 127 && m.slice(2).every((octet) => Number(octet) <= 255);
}

export function slugProblem(value: string, what: string): string | null {
  if (SLUG_RE.test(value)) return null;
  return `${what} "${value}" is not a valid id: use 1 to 63 lowercase letters, digits and "-", starting with a letter or digit (e.g. "acme-eu").`;
}

export function guidProblem(value: string, what: string): string | null {
  if (GUID_RE.test(value)) return null;
  const hint = /^\{.*\}$/.test(value.trim()) ? ' Remove the braces.' : '';
  return `${what} "${value}" is not a GUID: expected 32 hexadecimal digits in groups 8-4-4-4-12, e.g. ${EXAMPLE_GUID}.${hint}`;
}

export interface UrlCheck {
  problem: string | null;
  code?: 'bad-url' | 'insecure-url' | 'bad-environment';
  /** Normalised form when fine. */
  normalized?: string;
}

/** https anywhere; http only on loopback; no credentials, query or fragment. */
function checkHttpUrl(value: string, what: string, originOnly: boolean): UrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${what} "${value}" is not a URL (expected e.g. https://example.docusign.net).`, code: 'bad-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { problem: `${what} "${value}" must use https.`, code: 'insecure-url' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      problem: `${what} "${value}" uses plain http on a non-loopback host; use https (http is only allowed on 127.0.0.0/8, [::1] and localhost, for tests).`,
      code: 'insecure-url',
    };
  }
  if (url.username || url.password) return { problem: `${what} "${value}" must not contain a user name or password.`, code: 'bad-url' };
  if (url.search || url.hash) return { problem: `${what} "${value}" must not contain a query or fragment.`, code: 'bad-url' };
  if (originOnly && url.pathname !== '/') {
    return { problem: `${what} "${value}" must be an origin without a path, e.g. https://eu.docusign.net.`, code: 'bad-url' };
  }
  const normalized = originOnly ? url.origin : `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return { problem: null, normalized };
}

/** 'demo' | 'production' | explicit authorization server URL. */
export function checkEnvironment(value: string): UrlCheck {
  if (value in NAMED_ENVIRONMENTS) return { problem: null, normalized: value };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    return {
      problem: `environment "${value}" is neither "demo", "production" nor an authorization server URL (https://..., or http://127.0.0.1:<port> for tests).`,
      code: 'bad-environment',
    };
  }
  return checkHttpUrl(value, 'environment', false);
}

/** Base URL of the authorization server of an environment. */
export function authorizationServerUrl(environment: string): string {
  const named = (NAMED_ENVIRONMENTS as Record<string, string>)[environment];
  if (named) return named;
  const url = new URL(environment);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export function checkBaseUri(value: string): UrlCheck {
  return checkHttpUrl(value, 'expectedBaseUri', true);
}

export function emailProblem(value: string): string | null {
  if (EMAIL_RE.test(value) && DOMAIN_RE.test(value.slice(value.lastIndexOf('@') + 1))) return null;
  return `"${value}" is not an email address.`;
}

export function normalizeDomain(value: string): string {
  return value.trim().replace(/^@/, '').toLowerCase();
}

export function domainProblem(value: string): string | null {
  if (DOMAIN_RE.test(normalizeDomain(value))) return null;
  return `"${value}" is not a domain name (expected e.g. "acme.example", without "@" or "*").`;
}

/** Chrome match pattern for http(s) pages; refuses patterns that cover every site. */
export function matchPatternProblem(value: string): string | null {
  if (value === '<all_urls>') return `"<all_urls>" is too broad: name the host app's site, e.g. "https://app.acme.example/*".`;
  const m = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(value);
  if (!m) {
    return `"${value}" is not a match pattern for web pages (expected <scheme>://<host>/<path>, scheme http, https or *, e.g. "https://app.acme.example/*").`;
  }
  const hostPort = m[2] ?? '';
  const hm = /^(\*|\*\.[^*:/[\]]+|[^*:/[\]]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.exec(hostPort);
  if (!hm) return `"${value}" has an invalid host "${hostPort}" (a "*" may only stand alone or start the host as "*.").`;
  if (hm[1] === '*') return `"${value}" matches every site; name the host app's host, e.g. "https://app.acme.example/*".`;
  return null;
}

export const TEMPLATE_PLACEHOLDERS = [
  'documentName',
  'hostUserName',
  'hostUserEmail',
  'profileLabel',
  'accountName',
  'date',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export const EMAIL_SUBJECT_MAX = 100;
export const EMAIL_MESSAGE_MAX = 10_000;

/** Unknown placeholders, unbalanced braces, or literal text already over the limit. */
export function templateProblem(value: string, what: string, max: number): string | null {
  if (value.trim() === '') return `${what} is empty; remove it to use the default.`;
  const unknown: string[] = [];
  const stripped = value.replace(/\{([^{}]*)\}/g, (_all, name: string) => {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) unknown.push(name);
    return '';
  });
  if (unknown.length > 0) {
    return `${what} uses unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{${u}}`).join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`;
  }
  if (/[{}]/.test(stripped)) return `${what} has an unmatched "{" or "}".`;
  if (stripped.length > max) return `${what} has ${stripped.length} characters without its placeholders; DocuSign allows at most ${max}.`;
  return null;
}

import type { HostAdapter } from './adapter-types';

/**
 * Match patterns (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns),
 * compiled once per pattern into plain comparisons.
 *
 * Why not WXT's MatchPattern (`wxt/utils/match-patterns`): its `includes` builds three regular
 * expressions and runs two `replace` calls on every call (the background matches every page's
 * adapters, the content script while the host page loads), and its class is 2.3 kB of the content
 * script. This is smaller (the script's gzip went down by 530 bytes); on the 10,000-row page the
 * content script's work before DOMContentLoaded did not change measurably (median 14.3 ms with
 * MatchPattern, 15.4 ms without, 12 traced loads each, per-load spread 12-33 ms).
 *
 * The semantics are WXT's, which test/unit/host/match.test.ts checks pattern by pattern against
 * it, with one addition: a port ("https://crm.acme.example:8443/*"), which Chromium's patterns
 * and our policy allow and WXT's parser refuses.
 */

/** The schemes WXT's parser accepts; `<all_urls>` covers URLs with any of them. */
const KNOWN_SCHEMES = ['http', 'https', 'file', 'ftp', 'urn', 'ws', 'wss'];
/** Schemes a pattern other than `<all_urls>` can match (WXT: ws and wss never match, ftp and urn throw "not implemented"). */
const MATCHABLE_SCHEMES = new Set(['http', 'https', 'file']);

/** WXT's parser, as it is (unanchored: a line break ends the path). */
const PATTERN = /(.*):\/\/(.*?)(\/.*)/;
const WITH_PORT = /^([^:]+:\/\/[^/:]+):(\d{1,5})(\/.*)$/;

interface CompiledPattern {
  /** URL protocols covered ("https:"). */
  protocols: ReadonlySet<string>;
  /** null: any host (also what `file:` patterns use: their host is not compared). */
  host: ((hostname: string) => boolean) | null;
  /** null: any path ("/*"). */
  path: RegExp | null;
  /** The pattern's port, normalised ("08443" → "8443"); null: any port. */
  port: string | null;
}

/**
 * True when the pattern covers the URL. Without a port in the pattern, any port matches
 * (Chromium's rule). Bad patterns and bad URLs never match.
 */
export function patternMatchesUrl(pattern: string, url: string): boolean {
  const compiled = compile(pattern);
  if (!compiled) return false;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (!compiled.protocols.has(target.protocol)) return false;
  if (compiled.port !== null && effectivePort(target) !== compiled.port) return false;
  if (target.protocol !== 'file:' && compiled.host && !compiled.host(target.hostname)) return false;
  return compiled.path === null || compiled.path.test(target.pathname);
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
}

/**
 * Compiled patterns by source text (null: invalid): the same few patterns are checked again and
 * again (every adapter on every page, every document URL at send time). Patterns come from the
 * build and the configuration, so the map stays small; it is emptied if it ever grows past
 * COMPILED_MAX all the same.
 */
const compiledPatterns = new Map<string, CompiledPattern | null>();
const COMPILED_MAX = 256;

function compile(pattern: string): CompiledPattern | null {
  const known = compiledPatterns.get(pattern);
  if (known !== undefined) return known;
  const compiled = parse(pattern);
  if (compiledPatterns.size >= COMPILED_MAX) compiledPatterns.clear();
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

function parse(source: string): CompiledPattern | null {
  if (source === '<all_urls>') {
    return { protocols: new Set(KNOWN_SCHEMES.map((s) => `${s}:`)), host: null, path: null, port: null };
  }
  const withPort = WITH_PORT.exec(source);
  const pattern = withPort ? `${withPort[1]}${withPort[3]}` : source;
  const port = withPort ? String(Number(withPort[2])) : null;
  const parts = PATTERN.exec(pattern);
  if (!parts) return null;
  const [, scheme, hostname, pathname] = parts as unknown as [string, string, string, string];
  if (scheme !== '*' && !KNOWN_SCHEMES.includes(scheme)) return null;
  if (hostname.includes(':')) return null;
  if (hostname.includes('*') && hostname !== '*' && !hostname.startsWith('*.')) return null;
  const schemes = scheme === '*' ? ['http', 'https'] : [scheme];
  return {
    protocols: new Set(schemes.filter((s) => MATCHABLE_SCHEMES.has(s)).map((s) => `${s}:`)),
    host: hostMatcher(hostname),
    path: pathname === '/*' ? null : globToRegExp(pathname),
    port,
  };
}

/**
 * "*" any host; "*.acme.example" acme.example and its subdomains; otherwise the exact name. A
 * star anywhere else in a "*."-prefixed host is a wildcard too (WXT turns every star into ".*").
 */
function hostMatcher(hostname: string): ((host: string) => boolean) | null {
  if (hostname === '*') return null;
  if (hostname.startsWith('*.')) {
    const base = hostname.slice(2);
    if (base.includes('*')) {
      const sub = globToRegExp(hostname);
      const bare = globToRegExp(base);
      return (host) => sub.test(host) || bare.test(host);
    }
    const suffix = `.${base}`;
    return (host) => host === base || host.endsWith(suffix);
  }
  return (host) => host === hostname;
}

/** "*" matches any run of characters, everything else itself; the whole string must match. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** True when one of the adapter's match patterns covers the URL. */
export function adapterMatchesUrl(adapter: HostAdapter, url: string): boolean {
  return adapter.matches.some((pattern) => patternMatchesUrl(pattern, url));
}

/**
 * The adapter for a page: its URL must match, and the page must show the adapter's user
 * container or one of its document items (a login page of the same origin gets no buttons).
 */
export function pickAdapter(adapters: readonly HostAdapter[], doc: Document, url: string): HostAdapter | null {
  for (const adapter of adapters) {
    if (!adapterMatchesUrl(adapter, url)) continue;
    if (doc.querySelector(adapter.user.container)) return adapter;
    if (adapter.documents.some((d) => doc.querySelector(d.item))) return adapter;
  }
  return null;
}

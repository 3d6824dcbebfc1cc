import { MatchPattern } from 'wxt/utils/match-patterns';
import type { HostAdapter } from './adapter-types';

const WITH_PORT = /^([^:]+:\/\/[^/:]+):(\d{1,5})(\/.*)$/;

/**
 * True when the pattern covers the URL. A port in the pattern ("https://crm.acme.example:8443/*")
 * is valid for Chromium's match patterns and our policy, but WXT's MatchPattern refuses it, so the
 * port is compared here and the rest matched without it. Without a port, any port matches
 * (Chromium's rule). Bad patterns never match.
 */
export function patternMatchesUrl(pattern: string, url: string): boolean {
  try {
    const port = WITH_PORT.exec(pattern);
    if (!port) return new MatchPattern(pattern).includes(url);
    const target = new URL(url);
    const effectivePort = target.port || (target.protocol === 'https:' ? '443' : target.protocol === 'http:' ? '80' : '');
    if (effectivePort !== String(Number(port[2]))) return false;
    return new MatchPattern(`${port[1]}${port[3]}`).includes(url);
  } catch {
    return false;
  }
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

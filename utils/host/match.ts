import { MatchPattern } from 'wxt/utils/match-patterns';
import type { HostAdapter } from './adapter-types';

/** True when one of the adapter's match patterns covers the URL. Bad patterns never match. */
export function adapterMatchesUrl(adapter: HostAdapter, url: string): boolean {
  return adapter.matches.some((pattern) => {
    try {
      return new MatchPattern(pattern).includes(url);
    } catch {
      return false;
    }
  });
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

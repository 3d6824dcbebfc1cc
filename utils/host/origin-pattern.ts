import type { HostAdapter } from './adapter-types';
import { adapterMatchesUrl } from './match';

/**
 * Optional host permissions are granted per origin: `https://app.acme.example/docs/*` →
 * `https://app.acme.example/*`. The popup requests exactly these patterns and the background
 * registers the content script for exactly these, so a grant always means the same thing to both.
 */
export function originPattern(matchPattern: string): string | null {
  const m = /^(https?|\*):\/\/([^/]+)\//.exec(matchPattern);
  return m ? `${m[1]}://${m[2]}/*` : null;
}

/** The origin patterns of the adapter's match patterns that cover `url` (the site the user is on). */
export function siteOriginPatterns(adapter: HostAdapter, url: string): string[] {
  const patterns = new Set<string>();
  for (const match of adapter.matches) {
    if (!adapterMatchesUrl({ ...adapter, matches: [match] }, url)) continue;
    const origin = originPattern(match);
    if (origin) patterns.add(origin);
  }
  return [...patterns];
}

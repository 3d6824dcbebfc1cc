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
  const compiled = compile(pattern);
  if (!compiled) return false;
  try {
    if (compiled.port !== null) {
      const target = new URL(url);
      const effectivePort = target.port || (target.protocol === 'https:' ? '443' : target.protocol === 'http:' ? '80' : '');
      if (effectivePort !== compiled.port) return false;
    }
    return compiled.pattern.includes(url);
  } catch {
    return false;
  }
}

interface CompiledPattern {
  pattern: MatchPattern;
  /** The pattern's port, normalised ("08443" → "8443"); null: any port. */
  port: string | null;
}

/**
 * Parsed and validated patterns by source text (null: invalid): the same few patterns are checked
 * again and again (every adapter on every page, every document URL at send time), and only once
 * are they split and validated. Patterns come from the build and the configuration, so the map
 * stays small; it is emptied if it ever grows past COMPILED_MAX all the same.
 */
const compiledPatterns = new Map<string, CompiledPattern | null>();
const COMPILED_MAX = 256;

function compile(pattern: string): CompiledPattern | null {
  const known = compiledPatterns.get(pattern);
  if (known !== undefined) return known;
  let compiled: CompiledPattern | null;
  try {
    const port = WITH_PORT.exec(pattern);
    compiled = port
      ? { pattern: new MatchPattern(`${port[1]}${port[3]}`), port: String(Number(port[2])) }
      : { pattern: new MatchPattern(pattern), port: null };
  } catch {
    compiled = null;
  }
  if (compiledPatterns.size >= COMPILED_MAX) compiledPatterns.clear();
  compiledPatterns.set(pattern, compiled);
  return compiled;
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

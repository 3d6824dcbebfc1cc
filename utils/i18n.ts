import { browser } from 'wxt/browser';
import type messages from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/** Substitution n (1–9) in a message template: private-use characters, never in the catalogue. */
const marker = (n: number) => `\uE000${n}\uE001`;
const MARKERS = Array.from({ length: 9 }, (_, i) => marker(i + 1));
const MARKER_PATTERN = /\uE000([1-9])\uE001/g;

/** Templates handed over by the background (content scripts only); null until then. */
let primed: ReadonlyMap<string, string> | null = null;

/**
 * Localised text from public/_locales. Typed by the English catalogue, so a missing key is a
 * compile error. Falls back to the key itself where i18n is unavailable (unit tests).
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  const template = primed?.get(key) ?? bundledTemplate(key);
  if (template !== undefined) {
    const values = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    return template.replace(MARKER_PATTERN, (_, n: string) => values[Number(n) - 1] ?? '') || key;
  }
  return getMessage(key, substitutions) || key;
}

/** i18n.getMessage, or '' where it is unavailable (unit tests) or fails. */
function getMessage(key: MessageKey, substitutions?: string | string[]): string {
  try {
    return browser.i18n.getMessage(key, substitutions);
  } catch {
    return '';
  }
}

/**
 * The messages `keys` in the browser's language, each with markers where its substitutions go
 * (for {@link primeMessages}). Called in the background.
 */
export function messageTemplates(keys: readonly MessageKey[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const text = getMessage(key, MARKERS);
    if (text) out[key] = text;
  }
  return out;
}

/**
 * Content scripts: later t() calls read these templates instead of calling i18n.getMessage.
 * Chromium fetches an extension's message catalogue for a page with a synchronous IPC to the
 * browser process on the first getMessage in that page (8-37 ms measured on the 10,000-row demo
 * page, blocking the host's main thread while it loads); the background's copy costs one
 * asynchronous message instead.
 */
export function primeMessages(templates: unknown): void {
  // An answer that is not a table of strings (a background without this message) primes nothing.
  if (!templates || typeof templates !== 'object') return;
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(templates)) if (typeof value === 'string') map.set(key, value);
  primed = map;
}

/** One entry of a messages.json catalogue. */
export interface ChromeMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/**
 * The template getMessage(key, MARKERS) returns for this catalogue entry, computed from the entry
 * itself: each `$name$` (case-insensitive) replaced by its placeholder's content, in which `$1`-`$9`
 * are substitutions (markers here); `$$` is a literal `$`. An unknown `$name$` stays as written.
 */
export function chromeMessageTemplate(entry: ChromeMessage): string {
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  const substitute = (text: string) => text.replace(/\$([1-9])/g, (_, n: string) => marker(Number(n)));
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$';
    const content = placeholders.get(name.toLowerCase());
    return content === undefined ? whole : substitute(content);
  });
}

/** Catalogue entries bundled with a content script, read until the background's templates arrive. */
let bundled: Readonly<Record<string, ChromeMessage>> | null = null;
const bundledTemplates = new Map<string, string>();

/**
 * Content scripts: entries of the catalogue bundled with the script (see
 * utils/content/first-labels.ts), for t() until {@link primeMessages} gets the background's copy.
 * Each is turned into a template on its first use only: on a page where the background answers
 * first, none is.
 */
export function useBundledMessages(entries: Readonly<Record<string, ChromeMessage>>): void {
  bundled = entries;
  bundledTemplates.clear();
}

function bundledTemplate(key: string): string | undefined {
  if (primed || !bundled || !Object.hasOwn(bundled, key)) return undefined;
  let template = bundledTemplates.get(key);
  if (template === undefined) {
    template = chromeMessageTemplate(bundled[key]!);
    bundledTemplates.set(key, template);
  }
  return template;
}

/** Forgets primed templates and bundled entries (tests). */
export function resetPrimedMessages(): void {
  primed = null;
  bundled = null;
  bundledTemplates.clear();
}

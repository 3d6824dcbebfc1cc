import type { DocumentItemSelectors, HostAdapter, ValueSelector } from './adapter-types';

import type { HostUser } from '../config/types';

/** Every document item of the adapter, as one selector ('' when the adapter lists none). */
export function itemSelectorOf(adapter: HostAdapter): string {
  return adapter.documents.map((d) => d.item).join(',');
}

/** The host user as the page shows it: a routing hint, never authentication. */
export type { HostUser };

export interface DocumentRecipient {
  name: string;
  email: string;
}

/** One document item read from the page. Everything here is untrusted page data. */
export interface DocumentItem {
  url: string;
  name: string;
  fileType: string;
  recipient?: DocumentRecipient;
}

const MAX_VALUE_LENGTH = 2048;

/** Reads one value; returns undefined when the element or attribute is missing or empty. */
export function readValue(scope: Element, selector: ValueSelector): string | undefined {
  const el = selector.selector ? scope.querySelector(selector.selector) : scope;
  if (!el) return undefined;
  const raw = selector.attribute ? el.getAttribute(selector.attribute) : el.textContent;
  const value = raw?.trim();
  // Pages can hold anything; a bounded length keeps a hostile page from feeding megabytes through.
  return value ? value.slice(0, MAX_VALUE_LENGTH) : undefined;
}

export function readHostUser(doc: Document, adapter: HostAdapter, origin: string): HostUser | null {
  const container = doc.querySelector(adapter.user.container);
  if (!container) return null;
  const id = readValue(container, adapter.user.id);
  if (!id) return null;
  const attributes: Record<string, string> = {};
  for (const [key, sel] of Object.entries(adapter.user.attributes ?? {})) {
    const value = readValue(container, sel);
    if (value !== undefined) attributes[key] = value;
  }
  const email = adapter.user.email ? readValue(container, adapter.user.email) : undefined;
  const name = adapter.user.name ? readValue(container, adapter.user.name) : undefined;
  return { origin, id, ...(email ? { email } : {}), ...(name ? { name } : {}), attributes };
}

/** File extension from an explicit type, else from the name, else from the URL path. */
export function fileTypeOf(explicit: string | undefined, name: string, url: string): string {
  const pick = (s: string | undefined) => {
    const m = s ? /\.([a-z0-9]{1,8})$/i.exec(s) : null;
    return m?.[1]?.toLowerCase();
  };
  if (explicit && /^[a-z0-9]{1,8}$/i.test(explicit)) return explicit.toLowerCase();
  let path = '';
  try {
    path = safeDecode(new URL(url).pathname);
  } catch {
    path = '';
  }
  return pick(name) ?? pick(path) ?? '';
}

export function readPageRecipient(doc: Document, adapter: HostAdapter): DocumentRecipient | undefined {
  const spec = adapter.pageRecipient;
  if (!spec) return undefined;
  const container = doc.querySelector(spec.container);
  if (!container) return undefined;
  const name = readValue(container, spec.name);
  const email = readValue(container, spec.email);
  return name && email ? { name, email } : undefined;
}

/**
 * Only the item's document URL (absolute, http or https), or null: what badges are keyed by. The
 * content script asks this of every decorated row, while the host page loads; the rest of
 * readDocumentItem (name, type, recipient) is read when a send starts.
 */
export function readDocumentUrl(item: Element, spec: DocumentItemSelectors, pageUrl: string): string | null {
  return documentUrlIn(item, spec, pageUrl)?.href ?? null;
}

function documentUrlIn(item: Element, spec: DocumentItemSelectors, pageUrl: string): URL | null {
  const href = readValue(item, spec.url);
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href, pageUrl);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** Percent-escapes decoded; the text as it is when they are broken ("100%.pdf"). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The URL's last path segment, decoded. */
function lastPathSegment(url: URL): string {
  return safeDecode(url.pathname.split('/').pop() ?? '');
}

/**
 * Reads one item. Returns null when the item has no usable URL. The URL is resolved against the
 * page; only http(s) URLs survive (a `javascript:` or `data:` link is never followed).
 */
export function readDocumentItem(
  item: Element,
  spec: DocumentItemSelectors,
  pageUrl: string,
  pageRecipient?: DocumentRecipient,
): DocumentItem | null {
  const url = documentUrlIn(item, spec, pageUrl);
  if (!url) return null;
  const fallbackName = lastPathSegment(url) || 'document';
  const name = (spec.name ? readValue(item, spec.name) : undefined) ?? fallbackName;
  const fileType = fileTypeOf(spec.fileType ? readValue(item, spec.fileType) : undefined, name, url.href);
  const recipientName = spec.recipientName ? readValue(item, spec.recipientName) : undefined;
  const recipientEmail = spec.recipientEmail ? readValue(item, spec.recipientEmail) : undefined;
  const recipient =
    recipientName && recipientEmail ? { name: recipientName, email: recipientEmail } : pageRecipient;
  return { url: url.href, name, fileType, ...(recipient ? { recipient } : {}) };
}

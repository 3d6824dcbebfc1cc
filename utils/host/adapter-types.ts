/**
 * A host adapter declares how to read one host app's pages. It is data (built in, or supplied by
 * policy / local settings), never code, so admins can add their real host app without a rebuild.
 * Every selector is a CSS selector; a ValueSelector reads one string from the page.
 */
export interface ValueSelector {
  /** CSS selector relative to the enclosing element (the item, or the user container). Omitted: the element itself. */
  selector?: string;
  /** Attribute to read (e.g. "href", "data-email"). Omitted: the element's textContent, trimmed. */
  attribute?: string;
}

export interface HostUserSelectors {
  /** Element that describes the signed-in host user (searched in the whole document). */
  container: string;
  id: ValueSelector;
  email?: ValueSelector;
  name?: ValueSelector;
  /** Named attributes for routing rules, e.g. { region: { attribute: "data-region" } }. */
  attributes?: Record<string, ValueSelector>;
}

export interface DocumentItemSelectors {
  /** Each element matching this selector is one document item (a row, an attachment). */
  item: string;
  /** Inside the item: where the button goes (appended as last child). */
  anchor: string;
  /** Document URL (resolved against the page URL; must stay on an allowed origin). */
  url: ValueSelector;
  name?: ValueSelector;
  /** File extension such as "pdf"; derived from the name or URL when absent. */
  fileType?: ValueSelector;
  /** Per-item recipient (e.g. the row's contact). */
  recipientName?: ValueSelector;
  recipientEmail?: ValueSelector;
}

export interface HostAdapter {
  id: string;
  label: string;
  /** Match patterns (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns). */
  matches: string[];
  user: HostUserSelectors;
  documents: DocumentItemSelectors[];
  /** A recipient shown once per page (e.g. a record's contact), used when an item has none. */
  pageRecipient?: { container: string; name: ValueSelector; email: ValueSelector };
}

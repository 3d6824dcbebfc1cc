import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { DocumentItemSelectors, HostAdapter } from '../host/adapter-types';
import { BUTTON_HOST_ATTR, createSendButton, type SendButton } from './send-button';
import type { ButtonTarget } from '../messaging/content-protocol';
import { readValue } from '../host/extract';

export interface DecoratedItem {
  item: Element;
  spec: DocumentItemSelectors;
  button: SendButton;
}

export interface Injector {
  /** Re-labels every button (target changed). */
  setTarget(target: ButtonTarget | null): void;
  /** Counts for selector health. */
  health(): { items: number; anchorsMissing: number };
  /** Every decorated item still on the page. */
  decoratedItems(): DecoratedItem[];
}

/**
 * Puts one button on every document item of the page, lazily: items in (or near) the viewport
 * at start are decorated at once, the rest when an IntersectionObserver sees them coming
 * (one viewport ahead), and items the host app adds later through a MutationObserver that only
 * looks at added nodes. `ctx` owns both observers, so an invalidated script leaves nothing running.
 */
export function startInjector(
  ctx: ContentScriptContext,
  adapter: HostAdapter,
  onActivate: (decorated: DecoratedItem) => void,
  onDecorated: (decorated: DecoratedItem) => void = () => undefined,
): Injector {
  const decorated = new WeakMap<Element, DecoratedItem>();
  const live = new Set<DecoratedItem>();
  const ours = new WeakSet<Element>();
  let target: ButtonTarget | null = null;
  let anchorsMissing = 0;
  const itemSelector = adapter.documents.map((d) => d.item).join(',');

  const specFor = (el: Element) => adapter.documents.find((d) => el.matches(d.item));

  const decorate = (item: Element) => {
    const existing = decorated.get(item);
    if (existing && existing.button.host.isConnected && item.contains(existing.button.host)) return;
    const spec = specFor(item);
    if (!spec) return;
    const anchor = item.querySelector(spec.anchor);
    // A copy of our host made by the host app (cloneNode keeps the element, not its shadow
    // root) or a button left by an older script instance: remove, so there is only ever one.
    for (const stale of item.querySelectorAll(`[${BUTTON_HOST_ATTR}]`)) {
      if (!ours.has(stale)) stale.remove();
    }
    if (existing) {
      existing.button.host.remove();
      live.delete(existing);
    }
    if (!anchor) {
      anchorsMissing++;
      return;
    }
    const entry: DecoratedItem = { item, spec, button: createSendButton(() => onActivate(entry)) };
    ours.add(entry.button.host);
    entry.button.setTarget(target, readValue(item, spec.name ?? spec.url) ?? '');
    anchor.append(entry.button.host);
    decorated.set(item, entry);
    live.add(entry);
    onDecorated(entry);
  };

  const io = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        io.unobserve(entry.target);
        decorate(entry.target);
      }
    },
    // Decorate a viewport ahead in both directions so scrolling finds buttons already there.
    { rootMargin: '100% 0px 100% 0px' },
  );

  const consider = (item: Element) => {
    const existing = decorated.get(item);
    if (existing && existing.button.host.isConnected && item.contains(existing.button.host)) return;
    io.observe(item);
  };

  const scan = (root: Element) => {
    if (root.matches(itemSelector)) consider(root);
    for (const item of root.querySelectorAll(itemSelector)) consider(item);
  };

  // Start: items near the viewport now (document order; stop once well past the fold).
  const viewportBottom = window.innerHeight * 2;
  let pastFold = 0;
  for (const item of document.querySelectorAll(itemSelector)) {
    if (pastFold < 10) {
      const rect = item.getBoundingClientRect();
      if (rect.top < viewportBottom && rect.bottom > -window.innerHeight) {
        decorate(item);
        continue;
      }
      if (rect.top >= viewportBottom) pastFold++;
    }
    io.observe(item);
  }

  const mo = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE || ours.has(node as Element)) continue;
        const el = node as Element;
        scan(el);
        // The host re-rendered part of an item (e.g. its actions cell): check that item's button.
        const item = el.parentElement?.closest(itemSelector);
        if (item && decorated.has(item)) consider(item);
      }
      if (mutation.removedNodes.length && mutation.target instanceof Element) {
        const item = mutation.target.closest(itemSelector);
        if (item && decorated.has(item)) consider(item);
      }
    }
  });
  mo.observe(document.body, { childList: true, subtree: true });

  ctx.onInvalidated(() => {
    mo.disconnect();
    io.disconnect();
    for (const entry of live) entry.button.host.remove();
    live.clear();
  });

  return {
    setTarget(next) {
      target = next;
      for (const entry of live) {
        if (!entry.button.host.isConnected) {
          live.delete(entry);
          continue;
        }
        entry.button.setTarget(next, readValue(entry.item, entry.spec.name ?? entry.spec.url) ?? '');
      }
    },
    decoratedItems() {
      return [...live].filter((entry) => entry.button.host.isConnected);
    },
    health() {
      return { items: document.querySelectorAll(itemSelector).length, anchorsMissing };
    },
  };
}

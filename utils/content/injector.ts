import type { Ctx } from './scope';
import type { DocumentItemSelectors, HostAdapter } from '../host/adapter-types';
import { BUTTON_HOST_ATTR, type SendButton } from './send-button';
import { createButtonPool } from './button-pool';
import type { ButtonTarget } from '../messaging/content-protocol';
import { itemSelectorOf, readValue } from '../host/extract';
import { firstPassCount } from './first-pass';

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

/** Items added in one mutation batch up to this many get their buttons at once (no layout read). */
const SMALL_BATCH = 64;
/** Viewports ahead of the view (in the scroll direction) and behind it that must already have
 * buttons; when they do not, a chunk is decorated in a task after the frame… */
const NEAR_AHEAD = 2;
const NEAR_BEHIND = 1;
/** …that many viewports ahead and behind: a long scroll costs the host one relayout every dozen
 * screens instead of one per frame. */
const CHUNK_AHEAD = 16;
const CHUNK_BEHIND = 2;
/** Lists up to this size are checked item by item; longer ones by binary search on document order. */
const FULL_SCAN_MAX = 400;
/** Longer lists: a sparse IntersectionObserver on about this many items catches layout shifts. */
const SAMPLES = 200;
/** Layout reads per pass are bounded (hidden items make the forward walk longer). */
const MAX_WALK = 4000;
/** An item whose button the host keeps removing is re-decorated at most this often per second in
 * the MutationObserver callback (then by the next frame's check): a page that strips foreign nodes
 * must not turn the observer into an endless microtask loop. */
const MAX_QUICK_REDECORATIONS = 3;
/** Start without an animation frame (background tab) after this long. */
const START_TIMEOUT_MS = 1000;
/** How often an orphaned script (extension reloaded or removed) notices and removes its buttons. */
const ORPHAN_CHECK_MS = 1500;

const STALE_SELECTOR = `[${BUTTON_HOST_ATTR}]`;

/** What the observer callback reads of a MutationRecord. */
type Mutation = Pick<MutationRecord, 'target'> & { addedNodes: ArrayLike<Node>; removedNodes: ArrayLike<Node> };

type Range = readonly [first: number, last: number];

export interface InjectorOptions {
  /** The label buttons start with (the background's answer to the page's early hello). */
  initialTarget?: ButtonTarget | null;
  /** The first items' rendered height in px, measured while the page loaded (watchItemHeight). */
  itemPxHint?: number | null;
}

/**
 * Puts one button on every document item a user can see, and on nothing else until it is about to
 * be seen. What it costs the host page is dominated by layout, not script: on a long table every
 * DOM write followed by a layout read relays the whole table out, and every frame in which we
 * insert buttons after the host's layout is done costs one more relayout. So:
 *
 * - start: write first, read later. On DOMContentLoaded, the first items in document order (as
 *   many as could fill the viewport and the margin below it) get their buttons without any layout
 *   read, right before Chromium's own forced layout of the finished document; the next animation
 *   frame only reads where the items are, fixing up a page that was scrolled. No layout of our own
 *   on an unscrolled page.
 * - scrolling: a passive capture `scroll` listener runs before the frame paints, finds the items in
 *   view by binary search on document order (a few getBoundingClientRect calls on a clean layout)
 *   and decorates what is missing, so an item is never painted without its button. Before that is
 *   needed, items within two viewports ahead are decorated in a task after the frame, sixteen
 *   viewports at once, so a long scroll costs one relayout every dozen screens, not every frame.
 * - host changes: a MutationObserver looks only at added/removed nodes. Small batches (rows the
 *   app inserts) are decorated synchronously in the callback (no layout read, well under 1 ms);
 *   bulk re-renders decorate the indexes that were in view, then the next frame's check fixes up.
 * - a sparse IntersectionObserver (a few hundred sampled items, never every item: observing
 *   10,000 elements costs more than all the rest) catches items shown without a scroll (tabs,
 *   filters, content above growing).
 *
 * `ctx` owns every observer and listener; an invalidated script (newer instance started, or the
 * extension reloaded: checked on every event and every ORPHAN_CHECK_MS) removes its buttons.
 */
export function startInjector(
  ctx: Ctx,
  adapter: HostAdapter,
  onActivate: (decorated: DecoratedItem) => void,
  /** Items decorated since the last call, in a task after their buttons were put in. */
  onDecorated: (batch: DecoratedItem[]) => void = () => undefined,
  options: InjectorOptions = {},
): Injector {
  const { initialTarget = null, itemPxHint = null } = options;
  const decorated = new WeakMap<Element, DecoratedItem>();
  const live = new Set<DecoratedItem>();
  const ours = new WeakSet<Element>();
  const noAnchor = new WeakSet<Element>();
  let target: ButtonTarget | null = initialTarget;
  let anchorsMissing = 0;
  let stopped = false;
  const itemSelector = itemSelectorOf(adapter);

  if (!itemSelector) {
    return { setTarget: () => undefined, health: () => ({ items: 0, anchorsMissing: 0 }), decoratedItems: () => [] };
  }
  const pool = createButtonPool(ctx, () => target);

  /** Checks the extension is still there; when not, ctx invalidation removes everything. */
  const alive = () => !stopped && ctx.isValid;

  const specFor = (el: Element) => adapter.documents.find((d) => el.matches(d.item));

  const hasButton = (item: Element) => {
    const entry = decorated.get(item);
    return entry !== undefined && entry.button.host.isConnected && item.contains(entry.button.host);
  };

  /** One button for this item (no layout read). Returns false when nothing was written. */
  const decorate = (item: Element): boolean => {
    if (hasButton(item)) return false;
    const spec = specFor(item);
    if (!spec) return false;
    const existing = decorated.get(item);
    if (existing) {
      existing.button.host.remove();
      live.delete(existing);
      decorated.delete(item);
    }
    const anchor = item.querySelector(spec.anchor);
    // A copy of our host made by the host app (cloneNode keeps the element, not its shadow root)
    // or a button left by an older script instance: remove, so there is only ever one.
    // (querySelector first: almost always there is none.)
    const scope = anchor ?? item;
    if (scope.querySelector(STALE_SELECTOR)) {
      for (const stale of scope.querySelectorAll(STALE_SELECTOR)) if (!ours.has(stale)) stale.remove();
    }
    if (!anchor) {
      if (!noAnchor.has(item)) {
        noAnchor.add(item);
        anchorsMissing++;
      }
      return false;
    }
    if (noAnchor.delete(item)) anchorsMissing--;
    const entry: DecoratedItem = {
      item,
      spec,
      button: pool.take(target, readValue(item, spec.name ?? spec.url) ?? '', () => onActivate(entry)),
    };
    ours.add(entry.button.host);
    anchor.append(entry.button.host);
    decorated.set(item, entry);
    live.add(entry);
    fresh.push(entry);
    if (!afterPending) {
      afterPending = true;
      ctx.setTimeout(afterDecorating, 0);
    }
    return true;
  };

  // Whatever can wait for a task after the buttons are in (the items' badges, spare buttons for
  // the next rows) does: one timer per batch, nothing else scheduled in the observer callback.
  const fresh: DecoratedItem[] = [];
  let afterPending = false;
  const afterDecorating = () => {
    afterPending = false;
    pool.refillSoon();
    if (fresh.length > 0) onDecorated(fresh.splice(0));
  };

  // ---- the document's items, in document order (rebuilt lazily after the host changes them)

  let items: ArrayLike<Element> | null = null;
  // Its callbacks come after a frame, when the host may have changed the DOM again: reading
  // layout then would force an extra relayout, so they only schedule a check in the next frame.
  const sampleIo = new IntersectionObserver(() => checkNextFrame(), { rootMargin: '100% 0px 200% 0px' });
  let sampledCount = -1;
  let sampledFirst: Element | undefined;

  const itemList = (): ArrayLike<Element> => {
    if (items) return items;
    items = document.querySelectorAll(itemSelector);
    // Re-sample only when the list really changed (a few rows added or moved keep the samples).
    const n = items.length;
    if (sampledCount < 0 || !sampledFirst?.isConnected || Math.abs(n - sampledCount) > sampledCount / 5) {
      sampleIo.disconnect();
      const step = Math.max(1, Math.ceil(n / SAMPLES));
      for (let i = 0; i < n; i += step) sampleIo.observe(items[i]!);
      if (n > 1) sampleIo.observe(items[n - 1]!);
      sampledCount = n;
      sampledFirst = items[0];
    }
    for (const entry of live) if (!entry.button.host.isConnected) live.delete(entry);
    return items;
  };

  /**
   * Up to `n` items from the first one on, following its siblings (rows of a table, entries of a
   * list): no walk over the whole document and no observer set up before the first buttons. Only a
   * guess (items elsewhere come with the next frame's check), so it may miss some, never adds any.
   */
  const firstItems = (n: number): Element[] => {
    const out: Element[] = [];
    for (let el = document.querySelector(itemSelector); el && out.length < n; el = el.nextElementSibling) {
      if (el.matches(itemSelector)) out.push(el);
    }
    return out;
  };

  const decorateRange = (list: ArrayLike<Element>, range: Range | null): number => {
    if (!range) return 0;
    let written = 0;
    const last = Math.min(range[1], list.length - 1);
    for (let i = Math.max(0, range[0]); i <= last; i++) if (decorate(list[i]!)) written++;
    return written;
  };

  const missingIn = (list: ArrayLike<Element>, range: Range | null): boolean => {
    if (!range) return false;
    const last = Math.min(range[1], list.length - 1);
    for (let i = Math.max(0, range[0]); i <= last; i++) {
      const item = list[i]!;
      if (!hasButton(item) && !noAnchor.has(item)) return true;
    }
    return false;
  };

  /**
   * Index range of the items intersecting the viewport extended by `above`/`below` px. Reads
   * layout: call it where layout is clean (scroll events, after a frame) or due anyway (rAF).
   */
  const rangeOf = (list: ArrayLike<Element>, above: number, below: number): Range | null => {
    const n = list.length;
    if (n === 0) return null;
    const top = -above;
    const bottom = window.innerHeight + below;
    const width = window.innerWidth;
    const shown = (r: DOMRect) => r.width > 0 || r.height > 0;
    const hits = (r: DOMRect) => shown(r) && r.bottom > top && r.top < bottom && r.right > -width && r.left < 2 * width;
    let first = -1;
    let last = -1;
    if (n <= FULL_SCAN_MAX) {
      // Short lists: no assumption about their order on screen.
      for (let i = 0; i < n; i++) {
        if (!hits(list[i]!.getBoundingClientRect())) continue;
        if (first < 0) first = i;
        last = i;
      }
      return first < 0 ? null : [first, last];
    }
    // Long lists are stacked in document order (tables, lists, grids): binary search the first
    // item whose bottom is below the top edge, then walk down to the bottom edge.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = list[mid]!.getBoundingClientRect();
      if (shown(r) && r.bottom <= top) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo, walked = 0; i < n && walked < MAX_WALK; i++, walked++) {
      const r = list[i]!.getBoundingClientRect();
      if (!shown(r)) continue;
      if (r.top >= bottom) break;
      if (hits(r)) {
        if (first < 0) first = i;
        last = i;
      }
    }
    return first < 0 ? null : [first, last];
  };

  /** Index range seen by the last check, to guess which new items are in view after a re-render. */
  let lastVisible: Range | null = null;
  /** 1 while the view moves towards later items (scrolling down), -1 towards earlier ones. */
  let direction: 1 | -1 = 1;
  let chunkPending = false;
  let framePending = false;

  /** Margins in px: `ahead` in the direction the view moves, `behind` the other way. */
  const around = (ahead: number, behind: number): [above: number, below: number] => {
    const h = window.innerHeight;
    return direction > 0 ? [behind * h, ahead * h] : [ahead * h, behind * h];
  };

  /** Decorates many viewports ahead in one go: one relayout for the host every so many screens. */
  const decorateChunk = () => {
    chunkPending = false;
    if (!alive()) return;
    const list = itemList();
    decorateRange(list, rangeOf(list, ...around(CHUNK_AHEAD, CHUNK_BEHIND)));
  };

  /** Items in view get their buttons now (before this frame paints); those near it, soon. */
  function check() {
    if (!alive()) return;
    const list = itemList();
    const visible = rangeOf(list, 0, 0);
    if (visible) {
      if (lastVisible && visible[0] !== lastVisible[0]) direction = visible[0] > lastVisible[0] ? 1 : -1;
      lastVisible = visible;
    }
    if (missingIn(list, visible)) {
      decorateChunk();
      return;
    }
    if (!chunkPending && missingIn(list, rangeOf(list, ...around(NEAR_AHEAD, NEAR_BEHIND)))) {
      chunkPending = true;
      ctx.setTimeout(decorateChunk, 0);
    }
  }

  const checkNextFrame = () => {
    if (framePending) return;
    framePending = true;
    ctx.requestAnimationFrame(() => {
      framePending = false;
      check();
    });
  };

  // ---- start: write, then read (never the other way round). Now (DOMContentLoaded): buttons for
  // as many items as could fill the viewport and the margin ahead of it if items are small, in
  // document order, without reading layout. Chromium lays the whole document out right after the
  // DOMContentLoaded handlers (Document::FinishedParsing forces style and layout), so these
  // buttons cost no layout of their own; a write after that (even a few rows of margin in the
  // next frame) relays out the host's whole table once more (70-150 ms on 10,000 rows). Next
  // animation frame: one check of where the items really are (reading the layout that is clean
  // by then), which fixes up a page that was scrolled. Hidden tabs get no frames: a timer does it.

  // How many: the viewport and the margin ahead (1 + NEAR_AHEAD viewports) at the first items'
  // height if the page was rendered while it loaded, else at the smallest plausible one.
  const guess = firstPassCount(window.innerHeight, 1 + NEAR_AHEAD, itemPxHint);
  const startPass = () => {
    if (startedPass || !alive()) return;
    startedPass = true;
    // Writes only when the first pass missed items (not siblings of the first one).
    decorateRange(itemList(), [0, guess - 1]);
    check();
  };
  let startedPass = false;
  decorateRange(firstItems(guess), [0, guess - 1]);
  ctx.requestAnimationFrame(startPass);
  ctx.setTimeout(startPass, START_TIMEOUT_MS);

  // ---- host changes

  const quickRedecorations = new WeakMap<Element, { since: number; count: number }>();
  const ownerItem = (node: Node): Element | null => (node instanceof Element ? node.closest(itemSelector) : null);
  /** Items whose inside the host changed: their button again, unless the host keeps removing it. */
  const redecorate = (recheck: Set<Element>) => {
    const now = performance.now();
    for (const item of recheck) {
      if (!item.isConnected || hasButton(item)) continue;
      const quick = quickRedecorations.get(item);
      if (quick && now - quick.since < 1000 && quick.count >= MAX_QUICK_REDECORATIONS) {
        checkNextFrame();
        continue;
      }
      if (!quick || now - quick.since >= 1000) quickRedecorations.set(item, { since: now, count: 1 });
      else quick.count++;
      decorate(item);
    }
  };
  const onMutations = (mutations: ArrayLike<Mutation>) => {
    // Not alive(): asking whether the extension is still there is a call into the browser, and
    // this callback runs between the host inserting a row and that row's button existing. An
    // orphaned script learns it from the ORPHAN_CHECK_MS tick (or at once from its successor)
    // and then removes every button it made, these included.
    if (stopped || ctx.signal.aborted) return;
    // Indexed loops, no per-record closures, the ancestor walk only when needed: this runs cold
    // (right after the host's DOM work and frame), where every call and allocation shows.
    const added: Element[] = [];
    let recheck: Set<Element> | undefined;
    for (let m = 0; m < mutations.length; m++) {
      const mutation = mutations[m]!;
      const addedNodes = mutation.addedNodes;
      const removedNodes = mutation.removedNodes;
      let owner: Element | null | undefined;
      for (let i = 0; i < addedNodes.length; i++) {
        const node = addedNodes[i]!;
        if (node.nodeType !== Node.ELEMENT_NODE || ours.has(node as Element)) continue;
        const el = node as Element;
        if (el.matches(itemSelector)) {
          added.push(el);
          continue;
        }
        if (el.firstElementChild) for (const item of el.querySelectorAll(itemSelector)) added.push(item);
        // The host re-rendered part of an item (e.g. its actions cell), or rendered the anchor an
        // item lacked: check that item's button.
        owner ??= ownerItem(mutation.target);
        if (owner && (decorated.has(owner) || noAnchor.has(owner))) (recheck ??= new Set()).add(owner);
      }
      for (let i = 0; i < removedNodes.length; i++) {
        const node = removedNodes[i]!;
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const el = node as Element;
        if (el.matches(itemSelector) || (el.firstElementChild && el.querySelector(itemSelector))) items = null;
        owner ??= ownerItem(mutation.target);
        if (owner && decorated.has(owner)) (recheck ??= new Set()).add(owner);
      }
    }
    if (recheck) redecorate(recheck);
    if (added.length === 0) return;
    items = null;
    if (added.length <= SMALL_BATCH) {
      // Rows the app inserts: their buttons exist before the host's next layout.
      for (const item of added) decorate(item);
      return;
    }
    // A bulk (re-)render: the items now at the indexes that were in view most likely still are.
    if (lastVisible) {
      const span = lastVisible[1] - lastVisible[0] + 1;
      decorateRange(itemList(), [lastVisible[0] - span, lastVisible[1] + (NEAR_AHEAD + 1) * span]);
    } else {
      const list = itemList();
      decorateRange(list, [0, Math.min(list.length, guess) - 1]);
    }
    checkNextFrame();
  };
  const mo = new MutationObserver(onMutations);
  mo.observe(document, { childList: true, subtree: true });
  // The first row the app inserts would otherwise pay for compiling this callback (V8 compiles
  // a function on its first call) and for its first property lookups: run it once, idle, on a
  // record made of detached nodes that match nothing (so it writes nothing).
  ctx.requestIdleCallback(() => {
    if (!stopped) onMutations([{ target: document.createElement('div'), addedNodes: [document.createElement('span')], removedNodes: [document.createElement('span')] }]);
  });

  ctx.addEventListener(document, 'scroll', check, { capture: true, passive: true });
  ctx.addEventListener(window, 'resize', check, { passive: true });
  // Notices an extension reload/removal even on a page nobody touches (ctx.setInterval checks
  // ctx.isValid before each tick, and invalidates it when the extension is gone).
  ctx.setInterval(() => undefined, ORPHAN_CHECK_MS);

  ctx.onInvalidated(() => {
    stopped = true;
    mo.disconnect();
    sampleIo.disconnect();
    for (const entry of live) entry.button.host.remove();
    live.clear();
  });

  return {
    setTarget(next) {
      target = next;
      pool.refillSoon();
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
      return { items: itemList().length, anchorsMissing };
    },
  };
}

import type { HostAdapter } from '../host/adapter-types';
import { adapterMatchesUrl } from '../host/match';
import type { Ctx } from './scope';

/**
 * How many items get their buttons on DOMContentLoaded, before anything has been measured.
 *
 * That first pass writes without reading layout (see startInjector), so it must guess how many
 * items fill the viewport and the margin ahead of it. Without a hint it assumes items as small as
 * ITEM_PX_FLOOR: on the demo page (40 px rows, 800 px viewport) that is 150 buttons for the 60
 * rows the margin needs. The hint, in this order: the first items' height in this load, when the
 * page was rendered at least once while it loaded (an IntersectionObserver, no layout of ours);
 * else the height measured on an earlier load of the site (utils/background/item-heights.ts).
 * With a hint the guess shrinks to what that height needs, with room for rows a quarter smaller.
 */

/** Items are assumed at least this many px high (a one-line list entry). */
export const ITEM_PX_FLOOR = 16;
/** A measured height is trusted down to this share (rows further down may be a little smaller). */
const HINT_SAFETY = 0.75;
/** Never fewer than this many items (a short list is decorated whole at once anyway). */
const COUNT_MIN = 16;
/** Never more: the rest comes with the next frame's check. */
const COUNT_MAX = 160;

/** Items to decorate at once to cover `viewports` viewports of `viewportPx`, given a measured item height (px) or none. */
export function firstPassCount(viewportPx: number, viewports: number, itemPxHint: number | null): number {
  const hinted = itemPxHint !== null && Number.isFinite(itemPxHint) && itemPxHint > 0 ? itemPxHint * HINT_SAFETY : 0;
  const itemPx = Math.max(ITEM_PX_FLOOR, hinted);
  const count = Math.ceil((viewports * Math.max(0, viewportPx)) / itemPx);
  return Math.min(COUNT_MAX, Math.max(COUNT_MIN, count));
}

/** Item heights are kept and compared to 0.01 px (the content script and the background alike). */
export function roundItemPx(px: number): number {
  return Math.round(px * 100) / 100;
}

/** Items whose height is watched: the smallest non-zero one is the hint. */
const WATCHED_ITEMS = 3;

/**
 * Watches the first items' rendered height while the page loads, without forcing a layout: an
 * IntersectionObserver reports each target's box after the next frame Chromium renders anyway.
 * A page that renders no frame before DOMContentLoaded leaves the hint null. Stopped on
 * DOMContentLoaded (or by `ctx`): only the first pass uses it.
 */
export interface ItemHeightWatch {
  /** Stops watching (what was reported so far stays). */
  stop(): void;
  /** Stops watching; the smallest height reported, or null. */
  read(): number | null;
}

/**
 * `onMeasured`, if given, is called once, with the smallest height of the first report that has
 * one (the observer's first callback holds every watched item that is rendered).
 */
export function watchItemHeight(
  ctx: Pick<Ctx, 'onInvalidated'>,
  firstItem: Element,
  itemSelector: string,
  onMeasured?: (px: number) => void,
): ItemHeightWatch {
  let smallest: number | null = null;
  let io: IntersectionObserver | null = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const height = entry.boundingClientRect.height;
      if (height > 0 && (smallest === null || height < smallest)) smallest = height;
    }
    if (onMeasured && smallest !== null) {
      const report = onMeasured;
      onMeasured = undefined;
      report(smallest);
    }
  });
  for (let el: Element | null = firstItem, n = 0; el && n < WATCHED_ITEMS; el = el.nextElementSibling) {
    if (!el.matches(itemSelector)) continue;
    io.observe(el);
    n++;
  }
  const stop = () => {
    io?.disconnect();
    io = null;
  };
  ctx.onInvalidated(stop);
  return {
    stop,
    read() {
      stop();
      return smallest;
    },
  };
}

/**
 * Whether a loading page must be watched for its host user and first item (the early hello and
 * the items' height while it loads, see startHostIntegration). Not when earlier loads of the site
 * left both hints: the last hello's answer (for the first labels; the hello that confirms it can
 * wait until the page is idle) and the items' height for every adapter that may run on this URL
 * (for the first pass). That watch is a few timer tasks in the middle of the host's parsing: on
 * the 10,000-row demo page, leaving it out took the content script's own work before
 * DOMContentLoaded from 13.4 to 5.9 ms (medians of 15 traced loads, test/bench/work-ab.ts).
 */
export function earlyLookNeeded(
  adapters: readonly HostAdapter[],
  url: string,
  rememberedItemPx: Readonly<Record<string, number>>,
  lastTarget: unknown,
): boolean {
  if (lastTarget === null || lastTarget === undefined) return true;
  const here = adapters.filter((adapter) => adapterMatchesUrl(adapter, url));
  return here.length === 0 || here.some((adapter) => !((rememberedItemPx[adapter.id] ?? 0) > 0));
}

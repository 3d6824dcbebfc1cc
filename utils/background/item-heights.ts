import { storage } from 'wxt/utils/storage';
import { serialQueue } from '../serial-queue';
import { roundItemPx } from '../content/first-pass';

/**
 * The document items' height per site and adapter, as content scripts measured it on earlier loads.
 *
 * On DOMContentLoaded the content script writes the first buttons without reading layout, so it
 * must guess how many items fill the viewport and the margin below it (see first-pass.ts). Pages
 * that Chromium renders once while they load tell it the height on the spot; most pages do not
 * (the demo app's list renders no frame before DOMContentLoaded up to at least 1,000 rows), and
 * then it assumed 16 px items: 150 buttons where 40 px rows need 60. With the height from an
 * earlier load it writes what that height needs (80).
 *
 * The hint is the smallest of the last few heights measured for a site and adapter (pages of one
 * app may list different items): a hint too small costs a few spare buttons, one too large would
 * miss rows in view and cost the host a relayout in the next frame. Local storage (the first load
 * after a browser restart benefits too), bounded, not page-readable; it holds sites and numbers.
 */
export interface ItemHeightEntry {
  /** `${origin}|${adapterId}` */
  key: string;
  /** The last measurements, newest first, in px (at most KEPT_HEIGHTS). */
  heights: number[];
  /** When a measurement was last added or confirmed (ms). */
  at: number;
}

/** Measurements kept per site and adapter. */
export const KEPT_HEIGHTS = 4;
/** Sites and adapters kept (least recently measured dropped first). */
export const MAX_ITEM_HEIGHT_ENTRIES = 100;
/** Plausible item heights (px): anything else is a bug or a hostile page, and ignored. */
const MIN_PX = 4;
const MAX_PX = 2000;

const itemHeightsItem = storage.defineItem<ItemHeightEntry[]>('local:itemHeights', { fallback: [], version: 1 });
const serialized = serialQueue();

export function itemHeightKey(origin: string, adapterId: string): string {
  return `${origin}|${adapterId}`;
}

export function isPlausibleItemPx(px: unknown): px is number {
  return typeof px === 'number' && Number.isFinite(px) && px >= MIN_PX && px <= MAX_PX;
}

/** A height already kept is confirmed (its entry's time renewed) at most this often. */
const CONFIRM_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * The entries with `px` measured for `key` at `now`: newest first, the same height not kept twice,
 * at most KEPT_HEIGHTS per entry and MAX_ITEM_HEIGHT_ENTRIES entries (the least recently measured
 * go). Null when nothing changes: a page that looks as before writes nothing, except once a day to
 * keep a site in daily use from being dropped.
 */
export function withItemHeight(entries: readonly ItemHeightEntry[], key: string, px: number, now: number): ItemHeightEntry[] | null {
  const rounded = roundItemPx(px);
  const existing = entries.find((e) => e.key === key);
  const known = existing?.heights.includes(rounded) ?? false;
  if (known && now - existing!.at < CONFIRM_EVERY_MS) return null;
  const heights = known ? existing!.heights : [rounded, ...(existing?.heights ?? [])].slice(0, KEPT_HEIGHTS);
  const others = entries.filter((e) => e.key !== key);
  return [{ key, heights, at: now }, ...others].sort((a, b) => b.at - a.at).slice(0, MAX_ITEM_HEIGHT_ENTRIES);
}

/** The hint for one entry: its smallest recent height. */
export function itemPxHintOf(entry: ItemHeightEntry | undefined): number | null {
  const heights = entry?.heights.filter(isPlausibleItemPx) ?? [];
  return heights.length ? Math.min(...heights) : null;
}

export function rememberItemHeight(origin: string, adapterId: string, px: number, now = Date.now()): Promise<void> {
  if (!isPlausibleItemPx(px)) return Promise.resolve();
  return serialized(async () => {
    const next = withItemHeight(await itemHeightsItem.getValue(), itemHeightKey(origin, adapterId), px, now);
    if (next) await itemHeightsItem.setValue(next);
  });
}

export function itemHeightEntries(): Promise<ItemHeightEntry[]> {
  return itemHeightsItem.getValue();
}

/** Hints for these adapters on this site (adapter id → px), for the ones measured before. */
export function itemHeightHints(entries: readonly ItemHeightEntry[], origin: string, adapterIds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of adapterIds) {
    const px = itemPxHintOf(entries.find((e) => e.key === itemHeightKey(origin, id)));
    if (px !== null) out[id] = px;
  }
  return out;
}

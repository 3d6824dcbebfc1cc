// The items' height per site and adapter, remembered for the next load's first buttons.
import { describe, expect, it } from 'vitest';
import {
  KEPT_HEIGHTS,
  MAX_ITEM_HEIGHT_ENTRIES,
  isPlausibleItemPx,
  itemHeightEntries,
  itemHeightHints,
  itemPxHintOf,
  rememberItemHeight,
  withItemHeight,
  type ItemHeightEntry,
} from '../../../utils/background/item-heights';

const SITE = 'http://127.0.0.1:5000';
const DAY = 24 * 60 * 60 * 1000;

describe('withItemHeight', () => {
  it('adds a measurement newest first, rounded to 0.01 px, and keeps the last KEPT_HEIGHTS', () => {
    let entries: ItemHeightEntry[] = [];
    const heights = [40, 41.006, 39.5, 44, 52];
    heights.forEach((px, i) => (entries = withItemHeight(entries, 'k', px, 1_000 + i) ?? entries));
    expect(entries).toEqual([{ key: 'k', heights: [52, 44, 39.5, 41.01], at: 1_004 }]);
    expect(KEPT_HEIGHTS).toBe(4);
  });

  it('a height already kept writes nothing (null) within a day; after a day it renews the entry’s time only', () => {
    const entries = withItemHeight([], 'k', 40, 0)!;
    const withOther = withItemHeight(entries, 'k', 44, 10)!;
    expect(withItemHeight(withOther, 'k', 40, 20)).toBeNull();
    expect(withItemHeight(withOther, 'k', 40, DAY + 10)).toEqual([{ key: 'k', heights: [44, 40], at: DAY + 10 }]);
  });

  it('keeps MAX_ITEM_HEIGHT_ENTRIES entries, dropping the least recently measured', () => {
    let entries: ItemHeightEntry[] = [];
    for (let i = 0; i < MAX_ITEM_HEIGHT_ENTRIES; i++) entries = withItemHeight(entries, `site-${i}`, 40, i)!;
    // site-0 is measured again (another height): it is recent now; site-1 is the oldest and goes.
    entries = withItemHeight(entries, 'site-0', 30, 500)!;
    entries = withItemHeight(entries, 'site-new', 40, 501)!;
    expect(entries).toHaveLength(MAX_ITEM_HEIGHT_ENTRIES);
    expect(entries[0]!.key).toBe('site-new');
    expect(entries.map((e) => e.key)).toContain('site-0');
    expect(entries.map((e) => e.key)).not.toContain('site-1');
  });
});

describe('hints', () => {
  it('the hint is the smallest recent height (a hint too large would miss rows in view)', () => {
    expect(itemPxHintOf({ key: 'k', heights: [52, 40, 44], at: 0 })).toBe(40);
    expect(itemPxHintOf(undefined)).toBeNull();
    // Stored data is not trusted blindly (an older version, a hand-edited profile).
    expect(itemPxHintOf({ key: 'k', heights: [Number.NaN, 0, -3, 1e9], at: 0 })).toBeNull();
  });

  it('per site and adapter: another site or adapter gets nothing', () => {
    const entries = withItemHeight(withItemHeight([], `${SITE}|demo-host`, 40, 0)!, `http://other.example|demo-host`, 20, 1)!;
    expect(itemHeightHints(entries, SITE, ['demo-host', 'crm'])).toEqual({ 'demo-host': 40 });
    expect(itemHeightHints(entries, 'http://third.example', ['demo-host'])).toEqual({});
  });

  it.each([
    [40, true],
    [4, true],
    [2000, true],
    [3.9, false],
    [2001, false],
    [0, false],
    [-40, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    ['40', false],
    [null, false],
  ])('plausible item height %s → %s', (px, expected) => {
    expect(isPlausibleItemPx(px)).toBe(expected);
  });
});

describe('rememberItemHeight (local storage)', () => {
  it('reports at the same moment from many pages all land (no lost update); implausible ones are ignored', async () => {
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => rememberItemHeight(`http://site-${i}.example`, 'demo-host', 30 + i, 1_000 + i)),
      rememberItemHeight(SITE, 'demo-host', Number.NaN),
      rememberItemHeight(SITE, 'demo-host', 1e6),
    ]);
    const entries = await itemHeightEntries();
    expect(entries.map((e) => e.key).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `http://site-${i}.example|demo-host`).sort());
    expect(itemHeightHints(entries, 'http://site-3.example', ['demo-host'])).toEqual({ 'demo-host': 33 });
  });
});

import { describe, expect, it } from 'vitest';
import { sameData } from '../../utils/same-data';

describe('sameData', () => {
  it('compares JSON-like data whatever the order of keys, nested too; undefined values count as absent', () => {
    expect(sameData({ a: 1, b: { c: 'x', d: [1, 2] } }, { b: { d: [1, 2], c: 'x' }, a: 1 })).toBe(true);
    expect(sameData({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameData({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toBe(false);
    expect(sameData([1, 2], [2, 1])).toBe(false);
    expect(sameData([1], { 0: 1 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData('a', 'a')).toBe(true);
  });
});

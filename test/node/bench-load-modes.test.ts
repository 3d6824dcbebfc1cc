import { describe, expect, it } from 'vitest';
import { sameKindDelay, slowThreshold } from '../bench/load-modes';

describe('bench: loads of the same kind', () => {
  // bench run of session 5: none, ext and alt, 5 loads each (DCL and load, ms)
  const none = [[1613, 2033], [1656, 1932], [1376, 1765], [1467, 1847], [1236, 1775]].map(([dcl, load]) => ({ dcl: dcl!, load: load! }));
  const ext = [[1686, 2020], [4757, 4800], [1586, 1955], [1327, 1742], [1704, 2083]].map(([dcl, load]) => ({ dcl: dcl!, load: load! }));
  const alt = [[1597, 2004], [3445, 3527], [1570, 1832], [1661, 1942], [1637, 1878]].map(([dcl, load]) => ({ dcl: dcl!, load: load! }));
  const threshold = slowThreshold([...none, ...ext, ...alt]);

  it('calls a load slow when its DOMContentLoaded came after 1.5× the median of the run', () => {
    expect(threshold).toBe(1.5 * 1613);
    expect([...none, ...ext, ...alt].filter((l) => l.dcl > threshold).map((l) => l.dcl)).toEqual([4757, 3445]);
  });

  it('compares medians of the usual loads, and says how many there were', () => {
    // Paired by run, ext − none: +73, +3101, +210, −140, +468 ms; median +210.
    expect(sameKindDelay(ext, none, (l) => l.dcl, threshold)).toEqual({ delayMs: (1586 + 1686) / 2 - 1467, variantLoads: 4, baselineLoads: 5 });
    expect(sameKindDelay(ext, none, (l) => l.load, threshold)).toEqual({ delayMs: (1955 + 2020) / 2 - 1847, variantLoads: 4, baselineLoads: 5 });
  });

  it('has no figure when one side has no usual load', () => {
    expect(sameKindDelay([{ dcl: 3600, load: 3650 }], [{ dcl: 1500, load: 1900 }], (l) => l.dcl, 2250)).toEqual({ delayMs: null, variantLoads: 0, baselineLoads: 1 });
  });
});

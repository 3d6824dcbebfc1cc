/**
 * Whether two JSON-like values hold the same data, whatever the order of their keys (a key whose
 * value is undefined counts as absent, as in JSON). Not JSON.stringify: chrome.storage hands
 * objects back with their keys sorted, not in the order the extension built them in, so a stored
 * copy never stringifies like a fresh one.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
  const aKeys = keys(a);
  if (aKeys.length !== keys(b).length) return false;
  return aKeys.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

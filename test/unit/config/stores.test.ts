import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getLocalConfig, localConfigItem, resetLocalConfig, saveLocalConfig, watchLocalConfig } from '../../../utils/config/local-store';
import { clearAllSelections, clearSelection, getSelection, getSelectionByKey, listSelections, selectionKey, setSelection } from '../../../utils/config/selection-store';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'policy');
const EXAMPLE = JSON.parse(readFileSync(join(FIXTURES, 'example-policy.json'), 'utf8')) as { profiles: unknown[] };

describe('selection store (local:selections)', () => {
  it('stores one choice per host origin + host user', async () => {
    await setSelection('http://127.0.0.1:5173', 'u-3001', 'acme-ca', 1000);
    await setSelection('http://127.0.0.1:5173', 'u-1001', 'acme-eu', 2000);
    await setSelection('https://other.example', 'u-3001', 'acme-na', 3000);
    expect(await getSelection('http://127.0.0.1:5173', 'u-3001')).toBe('acme-ca');
    expect(await getSelection('http://127.0.0.1:5173/', 'u-1001')).toBe('acme-eu');
    expect(await getSelection('https://other.example', 'u-3001')).toBe('acme-na');
    expect(await getSelection('https://other.example', 'u-9')).toBeNull();
    expect(await getSelectionByKey(selectionKey('http://127.0.0.1:5173', 'u-3001'))).toBe('acme-ca');
    const raw = await fakeBrowser.storage.local.get('selections');
    expect(raw.selections).toEqual({
      'http://127.0.0.1:5173|u-3001': { profileId: 'acme-ca', updatedAt: 1000 },
      'http://127.0.0.1:5173|u-1001': { profileId: 'acme-eu', updatedAt: 2000 },
      'https://other.example|u-3001': { profileId: 'acme-na', updatedAt: 3000 },
    });
  });

  it('overwrites, clears one, clears all', async () => {
    await setSelection('https://a.example', 'u', 'x');
    await setSelection('https://a.example', 'u', 'y');
    await setSelection('https://a.example', 'v', 'z');
    expect(await getSelection('https://a.example', 'u')).toBe('y');
    await clearSelection('https://a.example', 'u');
    expect(await getSelection('https://a.example', 'u')).toBeNull();
    expect(Object.keys(await listSelections())).toEqual(['https://a.example|v']);
    await clearSelection('https://a.example', 'never-set');
    await clearAllSelections();
    expect(await listSelections()).toEqual({});
  });

  it('ignores malformed stored records', async () => {
    await fakeBrowser.storage.local.set({ selections: { 'https://a.example|u': 'acme-eu', 'https://a.example|v': { profileId: 'ok', updatedAt: 1 } } });
    expect(await getSelection('https://a.example', 'u')).toBeNull();
    expect(await getSelection('https://a.example', 'v')).toBe('ok');
  });
});

describe('local config store (local:config)', () => {
  it('is empty by default', async () => {
    expect(await getLocalConfig()).toEqual({ profiles: [], routingRules: [], hostAdapters: [], settings: {} });
  });

  it('saves only the valid parts and reports the rest', async () => {
    const result = await saveLocalConfig({
      profiles: [EXAMPLE.profiles[0], { id: 'broken', label: 'Broken', environment: 'demo', integrationKey: 'nope' }],
      routingRules: [],
      hostAdapters: [],
      settings: { statusRefreshMinutes: 45, confirmBeforeSend: false },
    });
    expect(result.rejected.map((r) => r.path)).toEqual(['profiles[1].integrationKey']);
    const stored = await getLocalConfig();
    expect(stored.profiles.map((p) => p.id)).toEqual(['acme-eu']);
    expect(stored.settings).toEqual({ statusRefreshMinutes: 45, confirmBeforeSend: false });
    expect(await localConfigItem.getValue()).toEqual(stored);
  });

  it('re-validates what is stored (e.g. edited by hand)', async () => {
    await fakeBrowser.storage.local.set({ config: { profiles: [{ id: 'x' }], routingRules: 'nope', settings: { statusRefreshMinutes: 1 } } });
    expect(await getLocalConfig()).toEqual({ profiles: [], routingRules: [], hostAdapters: [], settings: {} });
  });

  it('watch delivers sanitised values; reset removes', async () => {
    const seen: string[][] = [];
    const stop = watchLocalConfig((c) => seen.push(c.profiles.map((p) => p.id)));
    await saveLocalConfig({ profiles: [EXAMPLE.profiles[1]], routingRules: [], hostAdapters: [], settings: {} });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([['acme-ca']]);
    stop();
    await resetLocalConfig();
    expect((await getLocalConfig()).profiles).toEqual([]);
  });
});

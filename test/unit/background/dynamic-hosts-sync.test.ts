import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEMO_HOST_ADAPTER } from '../../../utils/host/builtin-adapters';

/**
 * syncDynamicContentScripts / injectIntoOpenTabs against an in-memory stand-in for the parts of
 * the browser WXT's fake browser leaves out (permissions, scripting, the manifest, URL-pattern
 * tab queries). It behaves like Chromium where it matters: registering an id twice fails.
 * The same logic runs in real Chromium in test/e2e/site-access.test.ts.
 */

const adapters = vi.hoisted(() => ({ matches: [[]] as string[][] }));
vi.mock('../../../utils/background/config-state', () => ({
  resolveFor: async () => ({
    adapters: adapters.matches.map((matches, i) => ({ value: { ...DEMO_HOST_ADAPTER, id: `a${i}`, matches } })),
  }),
}));

const { DYNAMIC_SCRIPT_ID, injectIntoOpenTabs, syncDynamicContentScripts } = await import('../../../utils/background/dynamic-hosts');

type Script = { id: string; matches?: string[]; js?: string[]; runAt?: string; persistAcrossSessions?: boolean };

let granted: Set<string>;
let scripts: Map<string, Script>;
let calls: string[];

beforeEach(() => {
  granted = new Set();
  scripts = new Map();
  calls = [];
  adapters.matches = [];
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'x',
    version: '1',
    content_scripts: [{ matches: ['http://127.0.0.1/*', 'http://localhost/*'], js: ['content-scripts/demo-host.js'] }],
  });
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) => (p.origins ?? []).every((o) => granted.has(o)));
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation((async (filter?: { ids?: string[] }) => {
    await tick();
    return [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)).map((s) => ({ ...s }));
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation((async (list: Script[]) => {
    calls.push('register');
    await tick();
    for (const s of list) {
      if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      scripts.set(s.id, { ...s });
    }
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'updateContentScripts').mockImplementation((async (list: Script[]) => {
    calls.push('update');
    await tick();
    for (const s of list) {
      if (!scripts.has(s.id)) throw new Error(`No script with ID '${s.id}'`);
      scripts.set(s.id, { ...scripts.get(s.id)!, ...s });
    }
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation((async (filter?: { ids?: string[] }) => {
    calls.push('unregister');
    await tick();
    for (const id of filter?.ids ?? [...scripts.keys()]) {
      if (!scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
    }
  }) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('syncDynamicContentScripts', () => {
  it('registers nothing while no adapter origin is granted', async () => {
    adapters.matches = [['https://crm.acme.example/*']];
    expect(await syncDynamicContentScripts()).toEqual([]);
    expect(scripts.size).toBe(0);
    expect(calls).toEqual([]);
  });

  it('registers the built content script for granted adapter origins only, never for the static ones', async () => {
    adapters.matches = [['https://crm.acme.example/records/*', 'https://sales.acme.example/*', 'http://127.0.0.1/*'], ['*://erp.acme.example/*']];
    granted = new Set(['https://crm.acme.example/*', '*://erp.acme.example/*', 'http://127.0.0.1/*']);
    expect(await syncDynamicContentScripts()).toEqual(['https://crm.acme.example/*', '*://erp.acme.example/*']);
    expect(scripts.get(DYNAMIC_SCRIPT_ID)).toEqual({
      id: DYNAMIC_SCRIPT_ID,
      matches: ['https://crm.acme.example/*', '*://erp.acme.example/*'],
      js: ['content-scripts/demo-host.js'],
      runAt: 'document_start',
      persistAcrossSessions: true,
    });
  });

  it('updates the one registration when a site is added, and unregisters when the last one goes', async () => {
    adapters.matches = [['https://crm.acme.example/*', 'https://sales.acme.example/*']];
    granted = new Set(['https://crm.acme.example/*']);
    await syncDynamicContentScripts();
    granted.add('https://sales.acme.example/*');
    await syncDynamicContentScripts();
    expect(scripts.get(DYNAMIC_SCRIPT_ID)?.matches).toEqual(['https://crm.acme.example/*', 'https://sales.acme.example/*']);
    granted.clear();
    expect(await syncDynamicContentScripts()).toEqual([]);
    expect(scripts.size).toBe(0);
    expect(calls).toEqual(['register', 'update', 'unregister']);
    // Nothing registered and nothing granted: no call at all.
    await syncDynamicContentScripts();
    expect(calls).toEqual(['register', 'update', 'unregister']);
  });

  it('unregisters when the adapter that named the site is removed from the configuration', async () => {
    adapters.matches = [['https://crm.acme.example/*']];
    granted = new Set(['https://crm.acme.example/*']);
    await syncDynamicContentScripts();
    adapters.matches = [];
    await syncDynamicContentScripts();
    expect(scripts.size).toBe(0);
  });

  it('overlapping calls (a grant, a removal and a config change at once) never register twice', async () => {
    adapters.matches = [['https://crm.acme.example/*']];
    granted = new Set(['https://crm.acme.example/*']);
    const results = await Promise.allSettled([syncDynamicContentScripts(), syncDynamicContentScripts(), syncDynamicContentScripts()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(calls).toEqual(['register']); // the later runs find it registered and unchanged
    expect(scripts.get(DYNAMIC_SCRIPT_ID)?.matches).toEqual(['https://crm.acme.example/*']);
  });

  it('a failed run does not block the next one', async () => {
    adapters.matches = [['https://crm.acme.example/*']];
    granted = new Set(['https://crm.acme.example/*']);
    vi.mocked(fakeBrowser.scripting.registerContentScripts).mockRejectedValueOnce(new Error('boom'));
    await expect(syncDynamicContentScripts()).rejects.toThrow('boom');
    await syncDynamicContentScripts();
    expect(scripts.has(DYNAMIC_SCRIPT_ID)).toBe(true);
  });
});

describe('injectIntoOpenTabs', () => {
  it('injects the content script into the open tabs of the given sites, skipping discarded and forbidden tabs', async () => {
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: 1, url: 'https://crm.acme.example/a' },
      { id: 2, url: 'https://crm.acme.example/b', discarded: true },
      { url: 'https://crm.acme.example/c' },
      { id: 4, url: 'https://crm.acme.example/d' },
      { id: 5, url: 'https://crm.acme.example/e' },
    ] as never);
    const executed: number[] = [];
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (injection: { target: { tabId: number }; files: string[] }) => {
      if (injection.target.tabId === 4) throw new Error('Cannot access contents of the page');
      expect(injection.files).toEqual(['content-scripts/demo-host.js']);
      executed.push(injection.target.tabId);
      return [];
    }) as never);
    expect(await injectIntoOpenTabs(['https://crm.acme.example/*'])).toBe(2);
    expect(query).toHaveBeenCalledWith({ url: ['https://crm.acme.example/*'] });
    expect(executed).toEqual([1, 5]);
  });

  it('does nothing for no sites (tabs.query with an empty url list would return every tab)', async () => {
    const query = vi.spyOn(fakeBrowser.tabs, 'query');
    expect(await injectIntoOpenTabs([])).toBe(0);
    expect(query).not.toHaveBeenCalled();
  });
});

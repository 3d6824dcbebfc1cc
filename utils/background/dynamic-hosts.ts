import { browser } from 'wxt/browser';
import { originPattern } from '../host/origin-pattern';
import { serialQueue } from '../serial-queue';
import { resolveFor } from './config-state';

export { originPattern };

/**
 * Host apps beyond the build's own origins: an adapter (from policy or local settings) names the
 * app's URLs; the user (or the admin's guidance) grants the site from the popup as an optional
 * host permission; then the content script is registered for it at run time. No rebuild.
 */
export const DYNAMIC_SCRIPT_ID = 'swd-host-dynamic';

/** The built content script file (the same one the manifest injects statically). */
function contentScriptFiles(): string[] {
  return browser.runtime.getManifest().content_scripts?.flatMap((c) => c.js ?? []) ?? [];
}

function staticMatches(): string[] {
  return browser.runtime.getManifest().content_scripts?.flatMap((c) => c.matches ?? []) ?? [];
}

/** Origin patterns the effective adapters serve that the manifest does not inject into already. */
export async function adapterOriginPatterns(): Promise<string[]> {
  const config = await resolveFor(null);
  const fixed = new Set(staticMatches());
  const patterns = new Set<string>();
  for (const adapter of config.adapters) {
    for (const match of adapter.value.matches) {
      const origin = originPattern(match);
      if (origin && !fixed.has(origin)) patterns.add(origin);
    }
  }
  return [...patterns];
}

const serialized = serialQueue();

/**
 * Registers (or updates, or removes) the run-time content script for every granted adapter origin.
 * Calls run one after another: a grant, a removal and a configuration change can arrive together,
 * and two overlapping runs would both see "not registered" and the second register would fail
 * with a duplicate script id.
 */
export function syncDynamicContentScripts(): Promise<string[]> {
  return serialized(syncOnce);
}

async function syncOnce(): Promise<string[]> {
  const granted: string[] = [];
  for (const pattern of await adapterOriginPatterns()) {
    if (await browser.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const [existing] = await browser.scripting.getRegisteredContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
  if (!granted.length) {
    if (existing) await browser.scripting.unregisterContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
    return granted;
  }
  const script = {
    id: DYNAMIC_SCRIPT_ID,
    matches: granted,
    js: contentScriptFiles(),
    runAt: 'document_start' as const,
    persistAcrossSessions: true,
  };
  if (!existing) await browser.scripting.registerContentScripts([script]);
  else if (!sameSet(existing.matches, script.matches) || !sameSet(existing.js, script.js)) await browser.scripting.updateContentScripts([script]);
  return granted;
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Puts the content script into tabs that are already open: after an install or update (Chromium
 * does not inject into existing tabs, and the old script lost its extension) and when a site was
 * just granted. A newer script tells older instances to remove their UI (WXT's context), so a
 * page never shows two sets of buttons.
 */
export async function injectIntoOpenTabs(patterns: readonly string[]): Promise<number> {
  if (!patterns.length) return 0;
  const tabs = await browser.tabs.query({ url: [...patterns] });
  let injected = 0;
  for (const tab of tabs) {
    if (tab.id === undefined || tab.discarded) continue;
    try {
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: contentScriptFiles() as never });
      injected++;
    } catch {
      // A tab we may not script (error page, another extension's page): skip it.
    }
  }
  return injected;
}

export function startDynamicHosts(onConfigChanged: (listener: () => void) => void): void {
  // Also after every reload of the extension (an update; each browser start for an unpacked one):
  // Chromium drops registered content scripts then, while the optional permissions stay granted.
  browser.runtime.onInstalled.addListener(() => {
    void (async () => {
      const dynamic = await syncDynamicContentScripts();
      await injectIntoOpenTabs([...staticMatches(), ...dynamic]);
    })();
  });
  browser.permissions.onAdded.addListener((permissions) => {
    void (async () => {
      await syncDynamicContentScripts();
      await injectIntoOpenTabs(permissions.origins ?? []);
    })();
  });
  browser.permissions.onRemoved.addListener(() => void syncDynamicContentScripts());
  onConfigChanged(() => void syncDynamicContentScripts());
}

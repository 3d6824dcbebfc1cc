import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ActionPopup } from './support/action-popup';
import { importLocalConfig } from './support/configure';
import { extensionUrl, launchWithExtension, type ExtensionBrowser } from './support/extension';
import { approveSiteInExtensionsPage } from './support/site-approval';
import { startHostApp, type HostApp } from '../host-app/index';
import { DEMO_HOST_ADAPTER } from '../../utils/host/builtin-adapters';

/**
 * Host origins beyond the build's (issue #5): an adapter from local configuration names two more
 * sites of the host app; the user enables one of them from the toolbar popup ("Allow access",
 * an optional host permission); the background registers the content script for it and injects it
 * into the open tab. The other site stays without buttons; removing the permission unregisters.
 *
 * The extra origins: `*.localhost` names, which Chromium resolves to loopback by itself, so the
 * demo host app (bound to 127.0.0.1) answers them, while the build's static host permissions and
 * content-script matches (http://127.0.0.1/*, http://localhost/*) do not cover them.
 *
 * The grant: headless Chromium cannot answer the permission prompt, so the site is first approved
 * through chrome://extensions' own API (support/site-approval.ts: the record "the user allowed
 * this site", which does not itself grant anything), then the popup's real button, pressed
 * from the keyboard, calls permissions.request, which Chromium completes without a prompt.
 * The popup is the real toolbar popup (support/action-popup.ts), not popup.html in a tab.
 *
 * SWD_SHOTS=1 writes the popup's screenshots to /tmp/swd-shots.
 */

const GRANTED = 'http://crm.localhost/*';
/** utils/background/dynamic-hosts.ts DYNAMIC_SCRIPT_ID (not imported: that module loads the background's storage). */
const DYNAMIC_SCRIPT_ID = 'swd-host-dynamic';
const OTHER = 'http://sales.localhost/*';

/** Rows in the viewport, and how many rendered buttons each has (a string: runs in the page). */
const ROWS_IN_VIEW = `(() => Array.from(document.querySelectorAll('tr.doc-row')).filter((row) => {
  const r = row.getBoundingClientRect();
  return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
}).map((row) => Array.from(row.querySelectorAll('[data-swd-button]')).filter((h) => h.shadowRoot && h.shadowRoot.querySelector('button')).length))()`;
const ALL_HOSTS = `document.querySelectorAll('[data-swd-button]').length`;

describe('site access: optional host permission, dynamic content script, popup', () => {
  let browser: ExtensionBrowser;
  let host: HostApp;
  let port: string;
  const pageErrors: string[] = [];
  const shots = process.env.SWD_SHOTS ? '/tmp/swd-shots' : null;
  let tabCount = 0;

  beforeAll(async () => {
    host = await startHostApp();
    port = new URL(host.url).port;
    browser = await launchWithExtension();
    await addSessionCookies();
    await importLocalConfig(browser, {
      profiles: [],
      routingRules: [],
      hostAdapters: [{ ...DEMO_HOST_ADAPTER, id: 'acme-crm', label: 'Acme CRM', matches: [GRANTED, OTHER] }],
      settings: {},
    });
    if (shots) await mkdir(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  /** Signs Emma in to the host app on all three of its names. */
  async function addSessionCookies() {
    const session = host.control.login('emma');
    for (const origin of [host.url, `http://crm.localhost:${port}`, `http://sales.localhost:${port}`]) {
      await browser.context.addCookies([{ name: session.name, value: session.value, url: origin }]);
    }
  }

  /** A documents page of the host app on `hostname`, with a URL no other tab has. */
  async function openDocuments(hostname: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${hostname}: ${e.message}`));
    await page.goto(`http://${hostname}:${port}/documents?tab=${++tabCount}`);
    await page.locator('tr.doc-row').first().waitFor();
    return page;
  }
  const rowsInView = (page: Page) => page.evaluate(ROWS_IN_VIEW) as Promise<number[]>;
  const oneEach = (page: Page) => rowsInView(page).then((rows) => rows.length > 0 && rows.every((n) => n === 1));
  const registered = async () => (await browser.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts());
  const contains = async (pattern: string) => (await browser.worker()).evaluate((p) => chrome.permissions.contains({ origins: [p] }), pattern);

  async function shot(popup: ActionPopup, name: string) {
    const png = await popup.screenshot();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    if (shots) await writeFile(`${shots}/site-access-${name}.png`, png);
  }

  it('before any grant: the static origin has buttons, the adapter origins have none and nothing is registered', async () => {
    // Positive control: the build's own origin gets its buttons from the manifest's content script.
    const control = await openDocuments('127.0.0.1');
    await expect.poll(() => oneEach(control), { timeout: 15_000 }).toBe(true);
    const crm = await openDocuments('crm.localhost');
    await control.reload();
    await expect.poll(() => oneEach(control), { timeout: 15_000 }).toBe(true);
    expect(await crm.evaluate(ALL_HOSTS)).toBe(0);
    expect(await contains(GRANTED)).toBe(false);
    expect(await registered()).toEqual([]);
    await Promise.all([control.close(), crm.close()]);
  });

  it('the popup offers "Allow access" on a site the adapter names but the extension may not read', async () => {
    const crm = await openDocuments('crm.localhost');
    const popup = await ActionPopup.open(browser, crm);
    try {
      await popup.waitFor(`document.querySelector('[data-testid="site-access"]')`);
      const notice = await popup.evaluate<string>(`document.querySelector('[data-testid="site-access"]').innerText`);
      expect(notice).toContain('Acme CRM on this site');
      expect(notice).toContain(`crm.localhost:${port}`);
      // Keyboard: Tab reaches the button first (it comes before the footer links); its name is
      // the action, its description names the site.
      await popup.press('Tab');
      const focused = await popup.evaluate<{ tag: string; text: string; describedBy: string | null; visible: boolean }>(`(() => {
        const el = document.activeElement;
        const described = el.getAttribute('aria-describedby');
        return { tag: el.tagName, text: el.textContent, describedBy: described && document.getElementById(described).textContent, visible: el.matches(':focus-visible') };
      })()`);
      expect(focused).toEqual({ tag: 'BUTTON', text: 'Allow access', describedBy: expect.stringContaining(`crm.localhost:${port}`), visible: true });
      await shot(popup, 'not-granted');
    } finally {
      await popup.close();
    }
    // Opening the popup (activeTab) gives no lasting access and registers nothing.
    expect(await contains(GRANTED)).toBe(false);
    expect(await registered()).toEqual([]);
    await crm.close();
  });

  it('"Allow access" grants the site: the script is registered and the open tab gets one button per row', async () => {
    await approveSiteInExtensionsPage(browser, GRANTED);
    // The approval alone grants nothing: the extension's own request below is what grants.
    expect(await contains(GRANTED)).toBe(false);
    expect(await registered()).toEqual([]);

    const crm = await openDocuments('crm.localhost');
    expect(await crm.evaluate(ALL_HOSTS)).toBe(0);
    const popup = await ActionPopup.open(browser, crm);
    try {
      await popup.waitFor(`document.querySelector('[data-testid="site-access"] button')`);
      await popup.press('Tab');
      expect(await popup.evaluate<string>('document.activeElement.textContent')).toBe('Allow access');
      await popup.press('Enter');
      await popup.waitFor(`document.querySelector('[data-testid="site-access-granted"]')`);
      expect(await popup.evaluate<boolean>(`!document.querySelector('[data-testid="site-access"]')`)).toBe(true);
      // Focus moved to the confirmation (the button it was on is gone) and the live region says it.
      expect(await popup.evaluate<string>('document.activeElement.textContent')).toBe('Access granted.');
      await popup.waitFor(`document.querySelector('[data-testid="live-region"]').textContent === 'Access granted.'`);
      await shot(popup, 'just-granted');
    } finally {
      await popup.close();
    }

    // The popup asked for the adapter's origin pattern (any port), the one the background checks.
    expect(await contains(GRANTED)).toBe(true);
    expect(await contains(OTHER)).toBe(false);
    await expect
      .poll(async () => (await registered()).map((s) => ({ id: s.id, matches: s.matches, js: s.js, persistAcrossSessions: s.persistAcrossSessions })), { timeout: 10_000 })
      .toEqual([{ id: DYNAMIC_SCRIPT_ID, matches: [GRANTED], js: ['content-scripts/demo-host.js'], persistAcrossSessions: true }]);
    // The tab that was open during the grant got the script injected, without a reload.
    await expect.poll(() => oneEach(crm), { timeout: 15_000 }).toBe(true);
    expect(await crm.evaluate(ALL_HOSTS)).toBeGreaterThanOrEqual((await rowsInView(crm)).length);
    // A page loaded now gets it from the registered script; a row the app adds gets one too.
    const again = await openDocuments('crm.localhost');
    await expect.poll(() => oneEach(again), { timeout: 15_000 }).toBe(true);
    const [added] = (await again.evaluate('window.hostApp.addRow()')) as string[];
    expect(await again.evaluate(`document.querySelector('tr.doc-row[data-doc-id="${added}"]').querySelectorAll('[data-swd-button]').length`)).toBe(1);
    // The adapter's other site was not granted: no script there, no buttons, even once the granted page has them.
    const sales = await openDocuments('sales.localhost');
    const crmLoaded = await openDocuments('crm.localhost');
    await expect.poll(() => oneEach(crmLoaded), { timeout: 15_000 }).toBe(true);
    expect(await sales.evaluate(ALL_HOSTS)).toBe(0);
    await Promise.all([crm.close(), again.close(), sales.close(), crmLoaded.close()]);
  });

  it('the popup on the granted site no longer offers access; on the other site it still does', async () => {
    const crm = await openDocuments('crm.localhost');
    await expect.poll(() => oneEach(crm), { timeout: 15_000 }).toBe(true);
    const popup = await ActionPopup.open(browser, crm);
    try {
      // The injected content script told the background who the user is on this site (only it
      // can): the popup lists that app user.
      await popup.waitFor(`Array.from(document.querySelectorAll('#popup-host-user option')).some((o) => o.textContent.includes('crm.localhost:${port}'))`);
      expect(await popup.evaluate<boolean>(`!document.querySelector('[data-testid^="site-access"]')`)).toBe(true);
      await shot(popup, 'granted');
    } finally {
      await popup.close();
    }
    const sales = await openDocuments('sales.localhost');
    const other = await ActionPopup.open(browser, sales);
    try {
      await other.waitFor(`document.querySelector('[data-testid="site-access"]')`);
      expect(await other.evaluate<string>(`document.querySelector('[data-testid="site-access"]').innerText`)).toContain(`sales.localhost:${port}`);
    } finally {
      await other.close();
    }
    await Promise.all([crm.close(), sales.close()]);
  });

  it('the grant and the registration survive a browser restart', async () => {
    await browser.close({ keepProfile: true });
    browser = await launchWithExtension({ userDataDir: browser.userDataDir });
    await addSessionCookies();
    expect(await contains(GRANTED)).toBe(true);
    // Chromium drops registered scripts when it reloads the (unpacked) extension at start; the
    // extension's onInstalled handler registers it again from the still-granted permission.
    await expect.poll(async () => (await registered()).map((s) => [s.id, s.matches]), { timeout: 10_000 }).toEqual([[DYNAMIC_SCRIPT_ID, [GRANTED]]]);
    const crm = await openDocuments('crm.localhost');
    await expect.poll(() => oneEach(crm), { timeout: 15_000 }).toBe(true);
    await crm.close();
  });

  it('removing the permission unregisters the script: new pages of the site get no buttons', async () => {
    expect((await registered()).map((s) => s.id)).toEqual([DYNAMIC_SCRIPT_ID]);
    const page = await browser.context.newPage();
    await page.goto(extensionUrl('options.html'));
    // permissions.remove needs no prompt (and no gesture) from an extension page.
    expect(await page.evaluate((p) => chrome.permissions.remove({ origins: [p] }), GRANTED)).toBe(true);
    await page.close();
    expect(await contains(GRANTED)).toBe(false);
    await expect.poll(() => registered(), { timeout: 10_000 }).toEqual([]);
    const crm = await openDocuments('crm.localhost');
    const control = await openDocuments('127.0.0.1');
    await expect.poll(() => oneEach(control), { timeout: 15_000 }).toBe(true);
    expect(await crm.evaluate(ALL_HOSTS)).toBe(0);
    await Promise.all([crm.close(), control.close()]);
    expect(pageErrors).toEqual([]);
  });
});

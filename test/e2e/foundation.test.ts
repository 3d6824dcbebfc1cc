import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, extensionUrl, type ExtensionBrowser } from './support/extension';
import { startHostApp } from '../host-app/index';
import { CHROMIUM_EXTENSION_ID, CHROMIUM_REDIRECT_URI } from '../../utils/extension-identity';

describe('foundation: the built extension in Chromium', () => {
  let browser: ExtensionBrowser;
  let host: Awaited<ReturnType<typeof startHostApp>>;

  beforeAll(async () => {
    host = await startHostApp();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('starts the service worker with the fixed extension ID and redirect URI', async () => {
    const worker = await browser.worker();
    const info = await worker.evaluate(() => ({
      id: chrome.runtime.id,
      redirect: chrome.identity.getRedirectURL(),
    }));
    expect(info.id).toBe(CHROMIUM_EXTENSION_ID);
    expect(info.redirect).toBe(CHROMIUM_REDIRECT_URI);
  });

  it('renders the options page and the popup without errors', async () => {
    for (const pageName of ['options.html', 'popup.html']) {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(extensionUrl(pageName));
      await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible' });
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('injects one button per document row, and the button reflects the background answer', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${host.url}/login?as=emma&next=/documents`);
    const rows = page.locator('tr.doc-row');
    const rowCount = await rows.count();
    expect(rowCount).toBeGreaterThan(3);
    // The first visible rows get their buttons without scrolling.
    const firstButton = rows.first().locator('[data-swd-button] button');
    // Before the background answers, the label is the neutral "Send with DocuSign"; without any
    // profile configured the background answers "unavailable": seeing it proves the round trip.
    await expect.poll(() => firstButton.textContent(), { timeout: 10_000 }).toMatch(/DocuSign sending unavailable/);
    expect(await firstButton.getAttribute('aria-disabled')).toBe('true');
    expect(await rows.first().locator('[data-swd-button]').count()).toBe(1);
    await page.close();
  });
});

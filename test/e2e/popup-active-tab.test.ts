import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ActionPopup } from './support/action-popup';
import { useExampleSetup } from './support/example-setup';

/**
 * The toolbar popup describes the host user of the tab it was opened on: Emma (EU) in one tab and
 * Liam (CA) in another (two origins of the demo app, one login each), each popup names that tab's
 * user and routed profile, whichever page reported last.
 */
describe('popup follows the active tab', () => {
  const setup = useExampleSetup();

  async function openAs(user: string, origin: string): Promise<Page> {
    const page = await setup.browser.context.newPage();
    await page.goto(`${origin}/login?as=${user}&next=${encodeURIComponent(`/documents?tab=${user}`)}`);
    const button = page.locator('tr.doc-row[data-doc-id="d-1"] [data-swd-button] button');
    await expect.poll(() => button.textContent(), { timeout: 15_000 }).toMatch(/Acme (EU|CA)/);
    return page;
  }

  async function popupText(page: Page): Promise<string> {
    const popup = await ActionPopup.open(setup.browser, page);
    try {
      await popup.waitFor(`document.querySelector('[data-testid="sending-as"]')`);
      return await popup.evaluate<string>('document.body.innerText');
    } finally {
      await popup.close();
    }
  }

  it('each tab\'s popup shows that tab\'s host user and profile, not the most recent page\'s', async () => {
    const emma = await openAs('emma', setup.stack.host.url);
    const liam = await openAs('liam', setup.stack.host.url.replace('127.0.0.1', 'localhost')); // reported last
    const forEmma = await popupText(emma);
    expect(forEmma).toMatch(/Acme EU/);
    expect(forEmma).not.toMatch(/Acme CA/);
    const forLiam = await popupText(liam);
    expect(forLiam).toMatch(/Acme CA/);
    expect(forLiam).not.toMatch(/Acme EU/);
  });
});

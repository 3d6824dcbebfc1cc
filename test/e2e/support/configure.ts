import type { ExtensionBrowser } from './extension';
import { extensionUrl } from './extension';
import type { UiToBackground } from '../../../utils/messaging/ui-protocol';

/**
 * Sends one of the options page's own privileged messages from a real extension page (the
 * background accepts them only from there), in @webext-core/messaging's wire format.
 */
export async function sendUiMessage<K extends keyof UiToBackground>(
  browser: ExtensionBrowser,
  type: K,
  data: Parameters<UiToBackground[K]>[0],
): Promise<ReturnType<UiToBackground[K]>> {
  const page = await browser.context.newPage();
  try {
    await page.goto(extensionUrl('options.html'));
    return await page.evaluate(
      async ({ type, data }) => {
        const response = await chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() });
        if (!response || response.err) throw new Error(`${type} failed: ${JSON.stringify(response?.err)}`);
        return response.res;
      },
      { type, data },
    );
  } finally {
    await page.close();
  }
}

/** Loads a configuration the way a tester would: the options page's import. */
export async function importLocalConfig(browser: ExtensionBrowser, config: unknown) {
  return sendUiMessage(browser, 'ui:importConfig', { text: JSON.stringify(config), save: true });
}

import type { ExtensionBrowser } from './extension';

/**
 * Approves a site for the extension the way chrome://extensions does, without the extension's
 * own permission prompt (which headless Chromium shows but nobody can answer).
 *
 * `developerPrivate.addHostPermission` is the private API of chrome://extensions' "Site access"
 * settings (ScriptingPermissionsModifier::GrantHostPermission). For a site the extension lists only
 * under `optional_host_permissions` it does not make the permission active: it records the site
 * as granted by the user at run time ("runtime_granted_permissions" in the profile). Chromium's
 * `permissions.request` then asks no question for that site: it resolves true at once, makes the
 * permission active and fires `permissions.onAdded`, exactly as after a user clicked "Allow".
 * So the extension's own request (the popup's button) still has to run for anything to happen.
 */
export async function approveSiteInExtensionsPage(browser: ExtensionBrowser, originPattern: string): Promise<void> {
  const page = await browser.context.newPage();
  try {
    await page.goto('chrome://extensions');
    const error = await page.evaluate(
      `new Promise((resolve) => chrome.developerPrivate.addHostPermission(${JSON.stringify(browser.extensionId)}, ${JSON.stringify(originPattern)},
         () => resolve(chrome.runtime.lastError ? chrome.runtime.lastError.message : null)))`,
    );
    if (error) throw new Error(`chrome://extensions refused ${originPattern}: ${String(error)}`);
  } finally {
    await page.close();
  }
}

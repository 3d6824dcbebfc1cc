/**
 * `npm run demo`: builds the extension, starts the DocuSign emulator and the demo host app on
 * 127.0.0.1, loads the example configuration (Acme EU / CA / NA, pointed at the emulator) and
 * opens Chromium with the extension and the host app.
 * - With a display: a real window; sign in as the host users listed below, click the buttons.
 *   Ctrl+C stops everything.
 * - Without a display (or with --headless): the same walk-through runs by itself and saves
 *   screenshots to demo-output/.
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, extensionUrl, type ExtensionBrowser } from '../e2e/support/extension';
import { importLocalConfig } from '../e2e/support/configure';
import { examplePolicyFor, startStack, type Stack } from '../e2e/support/stack';
import { ChromiumNotFoundError } from '../e2e/support/chromium';
import { SEED, SEED_PASSWORD } from '../emulator/index';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'demo-output');
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

function step(text: string): void {
  console.log(`• ${text}`);
}

async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  step(`screenshot ${path.relative(root, file)}`);
}

async function walkThrough(browser: ExtensionBrowser, stack: Stack): Promise<void> {
  await mkdir(outDir, { recursive: true });
  stack.emulator.control.setConfig({ autoLoginAs: SEED.users.emma.email });
  const page = await browser.context.newPage();
  await page.goto(`${stack.host.url}/login?as=emma&next=/documents`);
  const button = page.locator('tr.doc-row').first().locator('[data-swd-button] button');
  await button.waitFor();
  await page.waitForFunction(() => /Sign in|via/.test(document.querySelector('[data-swd-button]')?.shadowRoot?.textContent ?? ''));
  await shot(page, '01-documents-sign-in');

  step('Emma (EU) clicks "Sign in to DocuSign" then sends the first document (embedded sending)');
  const senderViewPromise = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/senderview/'), timeout: 30_000 });
  await button.click();
  const senderView = await senderViewPromise;
  await senderView.waitForLoadState();
  await shot(senderView, '02-docusign-sender-view');
  await senderView.getByRole('button', { name: /^Send$/ }).click();
  await senderView.waitForURL((url) => url.pathname === '/documents');
  await senderView.waitForFunction(() => /Sent/.test(document.querySelector('[data-swd-button]')?.shadowRoot?.textContent ?? ''));
  await shot(senderView, '03-back-in-app-sent');
  await senderView.close();

  for (const [hash, name] of [
    ['#my', '04-options-my-docusign'],
    ['#profiles', '05-options-profiles'],
    ['#rules', '06-options-rules'],
    ['#hosts', '07-options-host-apps'],
    ['#settings', '08-options-settings'],
    ['#diagnostics', '09-options-diagnostics'],
  ] as const) {
    const options = await browser.context.newPage();
    await options.goto(extensionUrl(`options.html${hash}`));
    await options.waitForTimeout(500);
    await shot(options, name);
    await options.close();
  }
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(extensionUrl('popup.html'));
  await popup.waitForTimeout(500);
  await shot(popup, '10-popup');
  const envelopes = stack.emulator.control.getEnvelopes();
  step(`emulator: ${envelopes.length} envelope(s): ${envelopes.map((e) => `${e.status} in account ${e.accountId}`).join(', ')}`);
}

async function main(): Promise<void> {
  step('building the extension (chrome-mv3)');
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const stack = await startStack({ autoApprove: !headless ? false : true });
  step(`DocuSign emulator: ${stack.emulator.authServerUrl} (regions ${Object.values(stack.emulator.regions).join(', ')})`);
  step(`demo host app:     ${stack.host.url}`);
  let browser: ExtensionBrowser | null = null;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await stack.close();
  };
  try {
    browser = await launchWithExtension({ headless });
    const result = await importLocalConfig(browser, examplePolicyFor(stack.emulator));
    step(`configuration imported (example policy, ${result.rejected.length} rejected entries)`);
    if (headless) {
      await walkThrough(browser, stack);
      await stop();
      return;
    }
    const page = await browser.context.newPage();
    await page.goto(`${stack.host.url}/login`);
    console.log(`
Chromium is open with the extension. In the demo app, log in as:
  emma (EU → Acme EU), liam (CA → Acme CA), jane (may choose), sam (EU, but his DocuSign login
  has no Acme account: shows the refusal), olivia (no rule: may not send).
DocuSign emulator logins: ${Object.values(SEED.users).map((u) => u.email).join(', ')} — password ${SEED_PASSWORD}
Press Ctrl+C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      browser!.context.once('close', () => resolve());
    });
    await stop();
  } catch (error) {
    await stop();
    if (error instanceof ChromiumNotFoundError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

await main();

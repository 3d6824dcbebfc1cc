import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { EXTENSION_DIR, extensionUrl, launchWithExtension, type ExtensionBrowser } from './support/extension';
import { importLocalConfig } from './support/configure';
import { examplePolicyFor, startStack, type Stack } from './support/stack';
import { SEED } from '../emulator/index';
import { CONTENT_MESSAGE_KEYS } from '../../utils/background/content-messages';

/**
 * "Send with DocuSign" end to end: real clicks in the demo host app, the built extension in
 * Chromium, the emulator over HTTP. Emma (EU) sends embedded from Acme EU; Liam (CA) sends
 * directly from Acme CA; the emulator's records show each envelope in the routed account.
 */
describe('sending from the host app in real Chromium', () => {
  let stack: Stack;
  let browser: ExtensionBrowser;
  let logDir: string;
  let logFile: string;

  beforeAll(async () => {
    logDir = await mkdtemp(path.join(tmpdir(), 'swd-send-'));
    logFile = path.join(logDir, 'emulator.jsonl');
    stack = await startStack({ autoApprove: true, logFile });
    browser = await launchWithExtension();
    const config = examplePolicyFor(stack.emulator);
    const ca = config.profiles.find((p) => p.id === 'acme-ca')!;
    ca.sendMode = 'direct';
    const result = await importLocalConfig(browser, config);
    expect(result.rejected).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await rm(logDir, { recursive: true, force: true });
  });

  const rowButton = (page: Page, docId: string) => page.locator(`tr.doc-row[data-doc-id="${docId}"] [data-swd-button] button`);
  const rowBadge = (page: Page, docId: string) => page.locator(`tr.doc-row[data-doc-id="${docId}"] [data-swd-button] .badge`);
  const toast = (page: Page) => page.locator('[data-swd-toast] .toast');

  async function openAs(user: string, query = ''): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${stack.host.url}/login?as=${user}&next=${encodeURIComponent(`/documents${query}`)}`);
    await expect.poll(() => rowButton(page, 'd-1').textContent(), { timeout: 15_000 }).toMatch(/Sign in to DocuSign|via/);
    return page;
  }

  async function apiCallsSince(offset: number): Promise<Array<{ method: string; path: string }>> {
    const lines = (await readFile(logFile, 'utf8')).split('\n').slice(offset).filter(Boolean);
    return lines.map((l) => JSON.parse(l) as { method: string; path: string }).filter((r) => r.path.startsWith('/restapi/'));
  }
  const logLength = async () => (await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

  it('Emma (EU): not signed in → signs in → sender view → Send → "Sent", envelope in Acme EU', async () => {
    stack.emulator.control.setConfig({ autoLoginAs: SEED.users.emma.email });
    const page = await openAs('emma');
    expect(await rowButton(page, 'd-1').textContent()).toMatch(/Sign in to DocuSign\s*for Acme EU/);
    const rowHeight = (p: Page) => p.locator('tr.doc-row[data-doc-id="d-1"]').evaluate((row) => row.getBoundingClientRect().height);
    const heightBefore = await rowHeight(page);
    const before = await logLength();
    const senderViewTab = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/senderview/'), timeout: 30_000 });
    await rowButton(page, 'd-1').click();
    const senderView = await senderViewTab;
    await senderView.getByRole('button', { name: /^Send$/ }).click();
    await senderView.waitForURL((url) => url.pathname === '/documents', { timeout: 15_000 });
    await expect.poll(() => rowBadge(senderView, 'd-1').textContent(), { timeout: 15_000 }).toBe('Sent');
    await expect.poll(() => toast(senderView).textContent()).toMatch(/Sent with DocuSign/);
    // The same job's badge updates in the tab where the user clicked.
    await expect.poll(() => rowBadge(page, 'd-1').textContent(), { timeout: 15_000 }).toBe('Sent');
    // On the button's line, in place of "via …": the host's row keeps its height.
    expect(await rowHeight(senderView)).toBe(heightBefore);
    expect(await rowHeight(page)).toBe(heightBefore);
    const [buttonBox, badgeBox] = [await rowButton(page, 'd-1').boundingBox(), await rowBadge(page, 'd-1').boundingBox()];
    expect(badgeBox!.y).toBeGreaterThanOrEqual(buttonBox!.y);
    expect(badgeBox!.y + badgeBox!.height).toBeLessThanOrEqual(buttonBox!.y + buttonBox!.height);
    expect(await rowButton(page, 'd-1').locator('.where').isVisible()).toBe(false);

    const envelopes = stack.emulator.control.getEnvelopes();
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]).toMatchObject({ accountId: SEED.accounts.acmeEu.accountId, status: 'sent' });
    const usage = stack.emulator.control.getUsage();
    expect(usage.find((u) => u.accountId === SEED.accounts.acmeEu.accountId)?.envelopesCreated).toBe(1);
    expect(usage.filter((u) => u.accountId !== SEED.accounts.acmeEu.accountId).every((u) => u.envelopesCreated === 0)).toBe(true);
    // Embedded mode: create + sender view, nothing else against the eSignature API.
    const calls = await apiCallsSince(before);
    expect(calls.map((c) => `${c.method} ${c.path.replace(/[0-9a-f-]{36}/g, ':id')}`)).toEqual([
      'POST /restapi/v2.1/accounts/:id/envelopes',
      'POST /restapi/v2.1/accounts/:id/envelopes/:id/views/sender',
    ]);
    await senderView.close();
    await page.close();
  });

  it('Liam (CA, direct mode): confirm step shows who and where, then sends at once into Acme CA', async () => {
    stack.emulator.control.setConfig({ autoLoginAs: SEED.users.liam.email });
    const page = await openAs('liam');
    await rowButton(page, 'd-1').click(); // sign in first
    await expect.poll(() => rowButton(page, 'd-1').textContent(), { timeout: 20_000 }).toMatch(/via Acme CA/);
    const dialog = page.locator('[data-swd-dialog] dialog');
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain(SEED.users.liam.email);
    expect(text).toContain(SEED.accounts.acmeCa.accountName);
    expect(text).toContain(SEED.accounts.acmeCa.accountId);
    const before = await logLength();
    await dialog.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => rowBadge(page, 'd-1').textContent(), { timeout: 15_000 }).toBe('Sent');
    const ca = stack.emulator.control.getEnvelopes().filter((e) => e.accountId === SEED.accounts.acmeCa.accountId);
    expect(ca).toHaveLength(1);
    expect(ca[0]!.status).toBe('sent');
    const calls = await apiCallsSince(before);
    // Direct mode: a draft, then its send (a create that reached DocuSign twice leaves a spare draft,
    // never a second sent envelope; the duplicate check runs later, off this path).
    expect(calls.map((c) => c.method + ' ' + c.path.replace(/[0-9a-f-]{36}/g, ':id'))).toEqual([
      'POST /restapi/v2.1/accounts/:id/envelopes',
      'PUT /restapi/v2.1/accounts/:id/envelopes/:id',
    ]);
    await page.close();
  });

  it('loads the send flow into a page only when its user is about to send, and once', async () => {
    stack.emulator.control.setConfig({ autoLoginAs: SEED.users.liam.email });
    /** Scripts of this extension V8 parsed in the page's frames (content script and module both run in its isolated world). */
    const watchScripts = async (page: Page) => {
      const cdp = await browser.context.newCDPSession(page);
      const parsed: string[] = [];
      cdp.on('Debugger.scriptParsed', (event) => {
        if (event.url.startsWith(extensionUrl(''))) parsed.push(event.url.slice(extensionUrl('').length));
      });
      // Enabling reports the scripts parsed so far too.
      await cdp.send('Debugger.enable');
      return { modules: () => parsed.filter((u) => u === 'send-module.js').length, parsed, cdp };
    };

    const page = await openAs('liam');
    const scripts = await watchScripts(page);
    await expect.poll(() => scripts.parsed).toContain('content-scripts/demo-host.js');
    await page.mouse.move(5, 5);
    await page.waitForTimeout(500);
    expect(scripts.modules()).toBe(0);

    // A pointer over a button: the flow is injected before the click.
    await rowButton(page, 'd-3').hover();
    await expect.poll(() => scripts.modules(), { timeout: 10_000 }).toBe(1);
    await rowButton(page, 'd-4').hover();
    await rowButton(page, 'd-3').click();
    const dialog = page.locator('[data-swd-dialog] dialog');
    await expect.poll(() => dialog.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await dialog.textContent()).toContain(SEED.accounts.acmeCa.accountId);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(scripts.modules()).toBe(1);
    await scripts.cdp.detach();
    await page.close();

    // Keyboard only: focus reaching a button loads it too.
    const second = await openAs('liam');
    const secondScripts = await watchScripts(second);
    await expect.poll(() => secondScripts.parsed).toContain('content-scripts/demo-host.js');
    expect(secondScripts.modules()).toBe(0);
    await rowButton(second, 'd-2').focus();
    await expect.poll(() => secondScripts.modules(), { timeout: 10_000 }).toBe(1);
    await secondScripts.cdp.detach();
    await second.close();
  });

  it('keeps the send flow out of the content script every host page loads', async () => {
    const gzipSize = async (file: string) => gzipSync(await readFile(file), { level: 9 }).length;
    // `npm test` builds both (npm run build) before the browser tests.
    for (const dir of [EXTENSION_DIR, path.join(EXTENSION_DIR, '../firefox-mv3')]) {
      const content = await readFile(path.join(dir, 'content-scripts/demo-host.js'), 'utf8');
      const module = await readFile(path.join(dir, 'send-module.js'), 'utf8');
      // The flow's first message to the background and its confirm dialog are in the module only.
      for (const marker of ['content:prepareSend', 'data-swd-dialog']) {
        expect(module).toContain(marker);
        expect(content).not.toContain(marker);
      }
      expect(await gzipSize(path.join(dir, 'content-scripts/demo-host.js'))).toBeLessThanOrEqual(20 * 1024);
    }
  });

  it('hands the host-page scripts exactly the UI strings they use (CONTENT_MESSAGE_KEYS)', async () => {
    // Every catalogue key that appears as a string in the built content script or send module:
    // the strings the background's content:messages answer must carry (a missing one would cost
    // the page a synchronous i18n.getMessage), and no more.
    const catalogue = Object.keys(JSON.parse(await readFile(path.join(EXTENSION_DIR, '_locales/en/messages.json'), 'utf8')) as object);
    const used = new Set<string>();
    for (const file of ['content-scripts/demo-host.js', 'send-module.js']) {
      const code = await readFile(path.join(EXTENSION_DIR, file), 'utf8');
      for (const key of catalogue) if (new RegExp(`["'\`]${key}["'\`]`).test(code)) used.add(key);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...CONTENT_MESSAGE_KEYS].sort()).toEqual([...used].sort());
  });

  it('Liam (CA, direct mode) with "Confirm before sending directly" off in his Settings: one click sends, no dialog', async () => {
    const options = await browser.context.newPage();
    await options.goto(extensionUrl('options.html#settings'));
    const confirmSetting = options.getByLabel('Confirm before sending directly', { exact: true });
    await confirmSetting.uncheck();
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => options.locator('[data-testid="live-region"]').textContent()).toBe('Settings saved.');
    try {
      const page = await browser.context.newPage();
      // Notes any confirm dialog the content script puts into the page, even one removed again.
      await page.addInitScript(() => {
        const w = window as unknown as { __dialogs: number };
        w.__dialogs = 0;
        new MutationObserver((records) => {
          for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && n.matches('[data-swd-dialog]')) w.__dialogs++;
        }).observe(document, { childList: true, subtree: true });
      });
      stack.emulator.control.setConfig({ autoLoginAs: SEED.users.liam.email });
      await page.goto(`${stack.host.url}/login?as=liam&next=/documents`);
      // Signed in by the test before, or not yet (then this one click signs in and goes on with the send).
      await expect.poll(() => rowButton(page, 'd-2').textContent(), { timeout: 20_000 }).toMatch(/via Acme CA|Sign in to DocuSign\s*for Acme CA/);
      const sentBefore = stack.emulator.control.getEnvelopes().filter((e) => e.accountId === SEED.accounts.acmeCa.accountId && e.status === 'sent').length;
      await rowButton(page, 'd-2').click();
      await expect.poll(() => rowBadge(page, 'd-2').textContent(), { timeout: 15_000 }).toBe('Sent');
      expect(await page.evaluate(() => (window as unknown as { __dialogs: number }).__dialogs)).toBe(0);
      const sent = stack.emulator.control.getEnvelopes().filter((e) => e.accountId === SEED.accounts.acmeCa.accountId && e.status === 'sent');
      expect(sent).toHaveLength(sentBefore + 1);
      await page.close();
    } finally {
      await confirmSetting.check();
      await options.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => options.locator('[data-testid="live-region"]').textContent()).toBe('Settings saved.');
      await options.close();
    }
  });

  it('refuses an oversized document before uploading anything', async () => {
    stack.emulator.control.setConfig({ autoLoginAs: SEED.users.emma.email });
    const page = await openAs('emma', '?special=1');
    const before = stack.emulator.control.getEnvelopes().length;
    const logBefore = await logLength();
    await rowButton(page, 'too-big').click();
    await expect.poll(() => toast(page).textContent(), { timeout: 20_000 }).toMatch(/up to 32(\.0)? MB/);
    expect(await rowBadge(page, 'too-big').textContent()).toMatch(/Not sent/);
    expect(stack.emulator.control.getEnvelopes()).toHaveLength(before);
    expect(await apiCallsSince(logBefore)).toEqual([]);
    await page.close();
  });

  it('a hostile page cannot start a send with forged messages, events or clicks', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.host.url}/login?as=emma&next=/hostile`);
    const button: Locator = page.locator('tr.doc-row [data-swd-button] button').first();
    await expect.poll(() => button.textContent(), { timeout: 15_000 }).toMatch(/via Acme EU/);
    const before = stack.emulator.control.getEnvelopes().length;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.waitForTimeout(3000);
    const attempts = await page.evaluate(() => (window as unknown as { __hostileAttempts: number }).__hostileAttempts);
    expect(attempts).toBeGreaterThan(5);
    expect(stack.emulator.control.getEnvelopes()).toHaveLength(before);
    expect(dialogs).toEqual([]);
    // Page-provided names are text, not markup, in our UI.
    const names = await page.locator('[data-swd-button] button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names.some((n) => n.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(await page.locator('[data-swd-button] img, [data-swd-button] svg').count()).toBe(0);
    // A link to another site is refused with a message, nothing fetched or sent.
    await page.locator('tr.doc-row[data-doc-id="h-4"] [data-swd-button] button').click();
    await expect.poll(() => toast(page).textContent(), { timeout: 10_000 }).toMatch(/another site/);
    expect(stack.emulator.control.getEnvelopes()).toHaveLength(before);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sendUiMessage } from './support/configure';
import { useExampleSetup } from './support/example-setup';
import { SEED, SEED_PASSWORD } from '../emulator/index';

/**
 * Sign-in through real identity.launchWebAuthFlow against the emulator. The configuration is
 * the README's example (EU users → Acme EU, CA users → Acme CA), loaded as a tester would.
 */
describe('DocuSign sign-in in real Chromium', () => {
  const setup = useExampleSetup();

  const firstButton = (page: Page) => page.locator('tr.doc-row').first().locator('[data-swd-button] button');

  async function openDocumentsAs(user: string): Promise<Page> {
    const page = await setup.browser.context.newPage();
    await page.goto(`${setup.stack.host.url}/login?as=${user}&next=/documents`);
    await expect.poll(() => firstButton(page).textContent(), { timeout: 15_000 }).toMatch(/Sign in to DocuSign|Send with DocuSign via/);
    return page;
  }

  async function sessionOf(profileId: string) {
    const worker = await setup.browser.worker();
    return worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key] as Record<string, unknown> | undefined, `auth:${profileId}`);
  }

  it('signs host user Emma (EU) in to the Acme EU account on the EU server', async () => {
    setup.stack.emulator.control.setConfig({ autoLoginAs: SEED.users.emma.email });
    const page = await openDocumentsAs('emma');
    await firstButton(page).click();
    await expect.poll(() => firstButton(page).textContent(), { timeout: 20_000 }).toMatch(/Send with DocuSign\s*via Acme EU/);
    expect(await firstButton(page).getAttribute('title')).toContain(SEED.users.emma.email);
    const session = await sessionOf('acme-eu');
    expect(session?.account).toMatchObject({ accountId: SEED.accounts.acmeEu.accountId, baseUri: setup.stack.emulator.regions.eu });
    await page.close();
  });

  it('signs host user Liam (CA) in to the Acme CA account on the CA server', async () => {
    setup.stack.emulator.control.setConfig({ autoLoginAs: SEED.users.liam.email });
    const page = await openDocumentsAs('liam');
    await firstButton(page).click();
    await expect.poll(() => firstButton(page).textContent(), { timeout: 20_000 }).toMatch(/Send with DocuSign\s*via Acme CA/);
    const session = await sessionOf('acme-ca');
    expect(session?.account).toMatchObject({ accountId: SEED.accounts.acmeCa.accountId, baseUri: setup.stack.emulator.regions.ca });
    await page.close();
  });

  it('refuses a DocuSign user without membership, then succeeds as a different DocuSign user', async () => {
    // Sam is an EU host user (→ Acme EU) whose DocuSign login only has a personal account.
    const signedOut = await sendUiMessage(setup.browser, 'ui:signOut', { profileId: 'acme-eu' });
    expect(signedOut.ok).toBe(true);
    setup.stack.emulator.control.setConfig({ autoLoginAs: SEED.users.sam.email });
    const page = await openDocumentsAs('sam');
    await expect.poll(() => firstButton(page).textContent()).toMatch(/Sign in to DocuSign\s*for Acme EU/);
    await firstButton(page).click();
    const toast = page.locator('[data-swd-toast] .toast');
    await expect.poll(() => toast.textContent(), { timeout: 20_000 }).toMatch(/not a member|isn't a member|is not/i);
    const toastText = (await toast.textContent()) ?? '';
    expect(toastText).toContain(SEED.users.sam.email);
    expect(toastText).toContain(SEED.accounts.samPersonal.accountName);
    expect(await firstButton(page).textContent()).toMatch(/Sign in to DocuSign/);

    // "Sign in as a different DocuSign user" forces DocuSign's login page (prompt=login).
    const loginPagePromise = setup.browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/oauth/auth'), timeout: 20_000 });
    await toast.getByRole('button', { name: 'Sign in as a different DocuSign user' }).click();
    const loginPage = await loginPagePromise;
    await loginPage.getByLabel(/email/i).fill(SEED.users.emma.email);
    await loginPage.getByLabel(/password/i).fill(SEED_PASSWORD);
    await loginPage.getByRole('button', { name: /sign in|log in|continue/i }).click();
    await expect.poll(() => firstButton(page).textContent(), { timeout: 20_000 }).toMatch(/Send with DocuSign\s*via Acme EU/);
    expect(await firstButton(page).getAttribute('title')).toContain(SEED.users.emma.email);
    await page.close();
  });

  it('completes a sign-in whose service worker was stopped while the login page was open', async () => {
    const signedOut = await sendUiMessage(setup.browser, 'ui:signOut', { profileId: 'acme-eu' });
    expect(signedOut.ok).toBe(true);
    // No automatic login: DocuSign's login page stays open until the user types.
    setup.stack.emulator.control.setConfig({ autoLoginAs: null });
    const page = await openDocumentsAs('emma');
    await expect.poll(() => firstButton(page).textContent()).toMatch(/Sign in to DocuSign\s*for Acme EU/);
    const loginPagePromise = setup.browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/oauth/auth'), timeout: 20_000 });
    await firstButton(page).click();
    const loginPage = await loginPagePromise;

    // Stop the extension's service worker, as Chromium does when it is idle.
    const cdp = await setup.browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');

    await loginPage.getByLabel(/email/i).fill(SEED.users.emma.email);
    await loginPage.getByLabel(/password/i).fill(SEED_PASSWORD);
    await loginPage.getByRole('button', { name: /sign in|log in|continue/i }).click();
    await expect.poll(() => firstButton(page).textContent(), { timeout: 20_000 }).toMatch(/Send with DocuSign\s*via Acme EU/);
    await page.close();
  });

  it('keeps tokens out of storage.local and out of reach of content scripts', async () => {
    const worker = await setup.browser.worker();
    const { local, session, accessLevelOk } = await worker.evaluate(async () => ({
      local: JSON.stringify(await chrome.storage.local.get(null)),
      session: await chrome.storage.session.get(null),
      accessLevelOk: typeof chrome.storage.session.setAccessLevel === 'function',
    }));
    const tokens = Object.values(session)
      .map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>).accessToken : undefined))
      .filter((v): v is string => typeof v === 'string');
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(local).not.toContain(token);
    expect(accessLevelOk).toBe(true);

    // From the content script's own world: session storage is refused, local holds no token.
    const page = await openDocumentsAs('emma');
    const cdp = await setup.browser.context.newCDPSession(page);
    const contexts: Array<{ id: number; name: string }> = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; name: string } }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const isolated = contexts.find((c) => c.name === 'Send with DocuSign');
    expect(isolated).toBeDefined();
    const probe = await cdp.send('Runtime.evaluate', {
      contextId: isolated!.id,
      awaitPromise: true,
      returnByValue: true,
      expression: `(async () => {
        let sessionReadable = true;
        try { await chrome.storage.session.get(null); } catch { sessionReadable = false; }
        const local = JSON.stringify(await chrome.storage.local.get(null));
        return { sessionReadable, local };
      })()`,
    });
    const value = probe.result.value as { sessionReadable: boolean; local: string };
    expect(value.sessionReadable).toBe(false);
    for (const token of tokens) {
      expect(value.local).not.toContain(token);
      expect(await page.content()).not.toContain(token);
    }
    await page.close();
  });
});

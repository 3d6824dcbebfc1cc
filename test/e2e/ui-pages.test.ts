import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describedByText } from './support/accessible-text';
import { extensionUrl, launchWithExtension, type ExtensionBrowser } from './support/extension';
import { startHostApp } from '../host-app/index';
import { SEED, startEmulator, type Emulator } from '../emulator/index';
import { CHROMIUM_REDIRECT_URI } from '../../utils/extension-identity';

/**
 * The options page and the popup in the built extension (Chromium). Local configuration is seeded
 * through the service worker (storage key "config" + its "config$" version meta). Set SWD_SHOTS=1
 * to also write screenshots of every section to /tmp/swd-shots.
 */
const KEY = SEED.integrationKeys.main.clientId;
const SECTIONS: Array<[string, string]> = [
  ['my', 'My DocuSign'],
  ['profiles', 'Integration profiles'],
  ['rules', 'Routing rules'],
  ['hosts', 'Host apps'],
  ['settings', 'Settings'],
  ['import', 'Import / export'],
  ['diagnostics', 'Diagnostics'],
];

// The service worker's global; typed loosely here (the e2e project has no chrome types).
declare const chrome: {
  storage: {
    local: { set(v: object): Promise<void>; get(k: string | null): Promise<Record<string, unknown>>; remove(k: string[]): Promise<void> };
    session: { get(k: string): Promise<Record<string, unknown>> };
  };
};

describe('options page and popup', () => {
  let browser: ExtensionBrowser;
  let host: Awaited<ReturnType<typeof startHostApp>>;
  let emulator: Emulator;
  let pageErrors: string[] = [];

  async function seedLocal(config: object | null): Promise<void> {
    const worker = await browser.worker();
    if (config === null) await worker.evaluate(() => chrome.storage.local.remove(['config', 'config$']));
    else await worker.evaluate((c) => chrome.storage.local.set({ config: c, config$: { v: 1 } }), config);
  }

  async function storedLocal(): Promise<{ profiles: Array<{ id: string; integrationKey: string }>; routingRules: Array<{ id: string }>; settings?: Record<string, unknown> }> {
    const worker = await browser.worker();
    const all = await worker.evaluate(() => chrome.storage.local.get('config'));
    return all.config as never;
  }

  async function openOptions(hash = 'my'): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(extensionUrl(`options.html#${hash}`));
    await page.locator(`section[data-section="${hash}"] h2`).waitFor();
    return page;
  }

  const liveRegion = (page: Page) => page.locator('[data-testid="live-region"]');

  beforeAll(async () => {
    host = await startHostApp();
    emulator = await startEmulator({ autoApprove: true, autoLoginAs: 'emma.schmidt@acme-eu.example' });
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await host?.close();
  });
  beforeEach(async () => {
    await seedLocal(null);
    for (const page of browser.context.pages()) await page.close();
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('renders one h1 and, for every section, one h2 reached through the nav', async () => {
    const page = await openOptions('my');
    expect(await page.locator('h1').allTextContents()).toEqual(['Send with DocuSign']);
    for (const [id, title] of SECTIONS) {
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: title }).click();
      const heading = page.locator(`section[data-section="${id}"] h2`);
      await heading.waitFor();
      expect(await heading.textContent()).toBe(title);
      expect(await page.locator('main h2').count()).toBe(1);
      expect(await page.getByRole('link', { name: title }).getAttribute('aria-current')).toBe('page');
      expect(new URL(page.url()).hash).toBe(`#${id}`);
    }
  });

  it('shows the empty state without a host user, then the host user and the selector health once the app is opened, without a reload', async () => {
    const page = await openOptions('my');
    await page.getByText('Open your business app in this browser; the extension learns who you are there.').waitFor();
    const app = await browser.context.newPage();
    await app.goto(`${host.url}/login?as=emma&next=/documents`);
    // The open page is told (bg:stateChanged) when the background learns a host user…
    await page.getByText('emma.schmidt@acme-eu.example').first().waitFor({ timeout: 15_000 });
    expect(await page.getByText('u-1001').count()).toBeGreaterThan(0);
    // …and when a page reports how its adapter's selectors matched (that report comes after the
    // page's hello, so it may arrive after this page has rendered).
    await page.goto(extensionUrl('options.html#hosts'));
    await expect.poll(() => page.locator('.health').first().textContent(), { timeout: 15_000 }).toMatch(/documents? found on \/documents/);
  });

  it('is keyboard operable: skip link, nav, then the profile form', async () => {
    const page = await openOptions('my');
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName.toLowerCase()}|${el.textContent?.trim() ?? ''}|${el.id}` : '';
    });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^a\|Skip to content/);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^a\|My DocuSign/);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^a\|Integration profiles/);
    await page.keyboard.press('Enter');
    await page.locator('section[data-section="profiles"] h2').waitFor();
    // Focus moved to the new section's heading; the next Tab reaches its first control.
    await expect.poll(focused).toMatch(/^h2\|Integration profiles/);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^button\|Add a profile/);
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatch(/^input\|\|pf-label/);
    await page.keyboard.type('Keyboard profile');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^input\|\|pf-id/);
    await page.keyboard.type('kb');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^select\|/);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^input\|\|pf-key/);
    await page.keyboard.type(KEY);
    // Submit with Enter from a text field.
    await page.keyboard.press('Enter');
    await page.locator('[data-profile-id="kb"]').waitFor();
    await expect.poll(focused).toMatch(/^button\|Add a profile/);
    expect((await storedLocal()).profiles.map((p) => p.id)).toEqual(['kb']);
  });

  it('shows the redirect URI to register, and copies it with an announcement', async () => {
    const page = await openOptions('diagnostics');
    expect(await page.getByTestId('redirect-uri').textContent()).toBe(CHROMIUM_REDIRECT_URI);
    expect(CHROMIUM_REDIRECT_URI).toBe('https://bihmdpidohpbkmlopegalhijmdkjmanp.chromiumapp.org/');
    await page.getByRole('button', { name: 'Copy redirect URI' }).click();
    await expect.poll(() => liveRegion(page).textContent()).toBe('Copied');
    await page.getByRole('button', { name: 'Copy support report' }).click();
    await expect.poll(() => liveRegion(page).textContent()).toBe('Support report copied.');
    expect(await page.getByTestId('settings-table').locator('tbody tr').count()).toBe(5);
  });

  it('adds a local profile through the form, with inline errors tied to the fields', async () => {
    const page = await openOptions('profiles');
    await page.getByRole('button', { name: 'Add a profile' }).click();
    await page.getByLabel('Label', { exact: true }).fill('Acme EU');
    await page.getByLabel('Profile id').fill('acme-eu');
    const key = page.getByLabel('Integration key');
    await key.fill('not-a-guid');
    await page.getByRole('button', { name: 'Add profile' }).click();

    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await key.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeDefined();
    expect(await page.locator(`#${errorId}`).textContent()).toMatch(/"not-a-guid" is not a GUID/);
    // Focus goes to the first invalid field; nothing was saved; the status is announced.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pf-key');
    expect(await storedLocal()).toBeUndefined();
    await expect.poll(() => liveRegion(page).textContent()).toMatch(/Not saved: 1 problem/);
    // Other fields are not marked.
    expect(await page.getByLabel('Label', { exact: true }).getAttribute('aria-invalid')).toBeNull();

    await key.fill(KEY.toUpperCase());
    await expect.poll(() => key.getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel(/Account id/).fill(SEED.accounts.acmeEu.accountId);
    await page.getByRole('button', { name: 'Add profile' }).click();
    const item = page.locator('[data-profile-id="acme-eu"]');
    await item.waitFor();
    expect(await item.textContent()).toContain(KEY);
    expect(await item.textContent()).toContain('Yours');
    const stored = await storedLocal();
    expect(stored.profiles).toHaveLength(1);
    expect(stored.profiles[0]?.integrationKey).toBe(KEY);

    // Edit and delete (with the inline confirmation).
    await item.getByRole('button', { name: 'Edit' }).click();
    expect(await page.getByLabel('Profile id').getAttribute('readonly')).not.toBeNull();
    await page.getByLabel('Label', { exact: true }).fill('Acme Europe');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { name: 'Acme Europe' }).waitFor();
    await page.locator('[data-profile-id="acme-eu"]').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(async () => (await storedLocal()).profiles.length).toBe(0);
  });

  it('saves the user\'s own settings, refuses out-of-range values at their field, and goes back to the default', async () => {
    const page = await openOptions('settings');
    const refresh = page.getByLabel('Refresh envelope status every (minutes)', { exact: true });
    const usage = page.getByLabel('Show the usage report', { exact: true });
    expect(await refresh.inputValue()).toBe('20');
    expect(await page.getByLabel('Confirm before sending directly', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Space for documents waiting to be sent (MB)', { exact: true }).inputValue()).toBe('200');
    expect(await usage.isChecked()).toBe(true);
    // Where each value comes from is part of the control's description.
    expect(await describedByText(page, 'setting-statusRefreshMinutes')).toMatch(/DocuSign allows once every 15 minutes.*\| Default\./);

    await refresh.fill('10');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => refresh.getAttribute('aria-invalid')).toBe('true');
    expect(await describedByText(page, 'setting-statusRefreshMinutes')).toContain('Enter a whole number from 15 to 1440.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('setting-statusRefreshMinutes');
    await expect.poll(() => liveRegion(page).textContent()).toMatch(/Not saved: 1 problem/);
    expect(await storedLocal()).toBeUndefined();

    await refresh.fill('45');
    await usage.uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => liveRegion(page).textContent()).toBe('Settings saved.');
    expect((await storedLocal()).settings).toEqual({ statusRefreshMinutes: 45, showUsageReport: false });
    expect(await refresh.getAttribute('aria-invalid')).toBeNull();
    expect(await describedByText(page, 'setting-statusRefreshMinutes')).toContain('Your own value. Default: 20.');
    // The usage report is gone from the nav, and its page says why.
    const nav = page.getByRole('navigation', { name: 'Settings sections' });
    expect(await nav.getByRole('link', { name: 'Usage' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Use the default for "Refresh envelope status every (minutes)"' }).click();
    expect(await refresh.inputValue()).toBe('20');
    // The button is gone with the own value; focus stays on the setting, not lost to the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('setting-statusRefreshMinutes');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(async () => (await storedLocal()).settings).toEqual({ showUsageReport: false });
    await page.goto(extensionUrl('options.html#usage'));
    await expect.poll(() => page.locator('main').textContent()).toContain('The usage report is turned off (in Settings).');
    await page.close();
  });

  it('adds, reorders and describes routing rules', async () => {
    await seedLocal({
      profiles: [
        { id: 'acme-eu', label: 'Acme EU', environment: 'demo', integrationKey: KEY },
        { id: 'acme-ca', label: 'Acme CA', environment: 'demo', integrationKey: KEY },
      ],
      routingRules: [{ id: 'eu', match: { attributes: [{ name: 'region', equals: 'EU' }] }, profiles: ['acme-eu'] }],
      hostAdapters: [],
      settings: {},
    });
    const page = await openOptions('rules');
    expect(await page.locator('[data-rule="eu"]').textContent()).toContain('Users with region = EU');
    await page.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByLabel('Rule id').fill('canada');
    await page.getByLabel(/Email domains/).fill('not a domain');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const domains = page.getByLabel(/Email domains/);
    await expect.poll(() => domains.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#rf-domains-error').textContent()).toMatch(/not a domain name/);
    expect(await page.locator('#rf-profiles-error').textContent()).toMatch(/Choose at least one profile/);
    await domains.fill('acme-ca.example');
    await page.getByLabel('Acme CA (acme-ca)').check();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('[data-rule="canada"]').waitFor();
    expect(await page.locator('[data-rule="canada"]').textContent()).toContain('Users with email ending @acme-ca.example');

    await page.locator('[data-rule="canada"]').getByRole('button', { name: 'Move up' }).click();
    await expect.poll(async () => (await storedLocal()).routingRules.map((r) => r.id)).toEqual(['canada', 'eu']);
    await expect.poll(() => page.locator('ol.rule-list > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-rule')))).toEqual(['canada', 'eu']);
    // Focus stays with the moved rule: its "Move up" is now disabled, so the button next to it.
    await expect.poll(() => page.evaluate(() => `${document.activeElement?.closest('[data-rule]')?.getAttribute('data-rule')}|${document.activeElement?.textContent}`)).toBe('canada|↓ Move down');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('ol.rule-list > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-rule')))).toEqual(['eu', 'canada']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-rule]')?.getAttribute('data-rule'))).toBe('canada');
  });

  it('checks an import entry by entry and imports the valid parts', async () => {
    const page = await openOptions('import');
    const file = {
      version: 1,
      profiles: [
        { id: 'good', label: 'Good', environment: 'demo', integrationKey: KEY },
        { id: 'bad', label: 'Bad', environment: 'demo', integrationKey: '{nope}' },
      ],
      routingRules: [{ id: 'r1', match: { emailDomains: ['not a domain'] }, profiles: ['good'] }],
      settings: { statusRefreshMinutes: 5 },
    };
    await page.getByLabel('Configuration JSON').fill(JSON.stringify(file, null, 2));
    await page.getByRole('button', { name: 'Check' }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('profiles[1].integrationKey');
    expect(text).toContain('(entry bad)');
    expect(text).toMatch(/is not a GUID/);
    expect(text).toContain('routingRules[0].match.emailDomains[0]');
    expect(text).toContain('settings.statusRefreshMinutes');
    expect(text).toMatch(/Would be imported\s*1 profile\(s\): good/);
    expect(await storedLocal()).toBeUndefined();

    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(async () => (await storedLocal())?.profiles.map((p) => p.id)).toEqual(['good']);
    await expect.poll(() => result.textContent()).toMatch(/Imported\s*1 profile/);

    // A file from disk fills the text area; export downloads the local configuration.
    await page.getByLabel('Configuration file').setInputFiles({ name: 'policy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ profiles: [file.profiles[0]] })) });
    await expect.poll(() => page.getByLabel('Configuration JSON').inputValue()).toContain('"good"');
    await expect.poll(() => liveRegion(page).textContent()).toBe('Loaded policy.json. Choose Check or Import.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download configuration' }).click()]);
    expect(download.suggestedFilename()).toBe('send-with-docusign-config.json');
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { version: number; profiles: Array<{ id: string }> };
    expect(exported.version).toBe(1);
    expect(exported.profiles.map((p) => p.id)).toEqual(['good']);

    // Not JSON: the reason is tied to the text area.
    const area = page.getByLabel('Configuration JSON');
    await area.fill('{ nope');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => area.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#import-text-error').textContent()).toMatch(/not valid JSON/);
  });

  it('signs in per profile and explains a DocuSign user who is not a member', async () => {
    await seedLocal({
      profiles: [
        { id: 'acme-eu', label: 'Acme EU', environment: emulator.authServerUrl, integrationKey: KEY, accountId: SEED.accounts.acmeEu.accountId },
        { id: 'acme-na', label: 'Acme NA', environment: emulator.authServerUrl, integrationKey: KEY, accountId: SEED.accounts.acmeNa.accountId },
      ],
      routingRules: [],
      hostAdapters: [],
      settings: {},
    });
    const page = await openOptions('my');
    const card = (id: string) => page.locator(`section.connection[data-profile="${id}"]`);
    await card('acme-eu').getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => card('acme-eu').locator('.conn-state').textContent(), { timeout: 30_000 }).toBe('Signed in as emma.schmidt@acme-eu.example');
    expect(await card('acme-eu').textContent()).toContain('Acme Europe GmbH');
    expect(await card('acme-eu').getByRole('button', { name: 'Switch DocuSign user' }).count()).toBe(1);

    await card('acme-na').getByRole('button', { name: 'Sign in', exact: true }).click();
    const error = card('acme-na').getByTestId('sign-in-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('not_member');
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('Emma Schmidt (emma.schmidt@acme-eu.example)');
    expect(text).toContain(SEED.accounts.acmeNa.accountId);
    expect(text).toContain('Acme Europe GmbH');
    expect(await error.getByRole('button', { name: 'Sign in as a different DocuSign user' }).count()).toBe(1);
    // The error is described on the profile's Sign in button and survives moving between sections.
    expect(await card('acme-na').getByRole('button', { name: 'Sign in', exact: true }).getAttribute('aria-describedby')).toContain('conn-acme-na-error');
    await page.getByRole('link', { name: 'Diagnostics' }).click();
    await page.getByRole('link', { name: 'My DocuSign' }).click();
    await card('acme-na').getByTestId('sign-in-error').waitFor();

    await card('acme-eu').getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => card('acme-eu').locator('.conn-state').textContent()).toBe('Not signed in');
  });

  it('renders the popup with its links', async () => {
    await seedLocal({
      profiles: [{ id: 'acme-eu', label: 'Acme EU', environment: 'demo', integrationKey: KEY }],
      routingRules: [],
      hostAdapters: [],
      settings: {},
    });
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 380, height: 600 });
    await page.goto(extensionUrl('popup.html'));
    await page.getByRole('heading', { level: 1, name: 'Send with DocuSign' }).waitFor();
    await page.getByTestId('sending-as').waitFor();
    expect(await page.getByTestId('sending-as').textContent()).toBe('Sending via Acme EU · demo');
    expect(await page.getByRole('link', { name: 'Options' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Diagnostics' }).getAttribute('href')).toMatch(/options\.html#diagnostics$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
  });

  it('fits 400 px without horizontal scrolling, light and dark', async () => {
    await seedLocal({
      profiles: [{ id: 'acme-eu', label: 'Acme EU', environment: 'demo', integrationKey: KEY, accountId: SEED.accounts.acmeEu.accountId }],
      routingRules: [{ id: 'eu', match: { attributes: [{ name: 'region', equals: 'EU' }] }, profiles: ['acme-eu'] }],
      hostAdapters: [],
      settings: {},
    });
    const shots = process.env.SWD_SHOTS ? '/tmp/swd-shots' : null;
    if (shots) await mkdir(shots, { recursive: true });
    const page = await openOptions('my');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [400, 1200]) {
        await page.setViewportSize({ width, height: 900 });
        for (const [id] of SECTIONS) {
          await page.evaluate((h) => (location.hash = h), id);
          await page.locator(`section[data-section="${id}"] h2`).waitFor();
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${id} at ${width}`).toBeLessThanOrEqual(width);
          if (shots) await page.screenshot({ path: `${shots}/test-options-${id}-${width}-${scheme}.png`, fullPage: true });
        }
      }
    }
  });
});

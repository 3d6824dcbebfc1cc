import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describedByText } from './support/accessible-text';
import { extensionUrl, launchWithExtension, type ExtensionBrowser } from './support/extension';
import { removeExtensionPolicy, writeExtensionPolicy } from './support/policy';
import { examplePolicyFor, startStack, type Stack } from './support/stack';

/**
 * A real Chromium policy file (/etc/chromium/policies/managed), read by Chromium into the
 * extension's managed storage. Written before launch, rewritten while running, removed after.
 */
describe('enterprise policy in real Chromium', () => {
  let stack: Stack;
  let browser: ExtensionBrowser;
  let policy: ReturnType<typeof examplePolicyFor>;

  beforeAll(async () => {
    stack = await startStack();
    policy = examplePolicyFor(stack.emulator);
    // A deliberately invalid entry: the rest of the policy must still apply.
    policy.profiles.push({ id: 'broken', label: 'Broken', environment: 'demo', integrationKey: 'not-a-guid', accountId: 'also-not-a-guid' });
    try {
      await writeExtensionPolicy(policy);
      browser = await launchWithExtension();
    } catch (error) {
      await removeExtensionPolicy();
      throw error;
    }
  });

  afterAll(async () => {
    try {
      await browser?.close();
      await stack?.close();
    } finally {
      await removeExtensionPolicy();
    }
  });

  async function buttonTextFor(user: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${stack.host.url}/login?as=${user}&next=/documents`);
    return page;
  }

  const firstButton = (page: Page) => page.locator('tr.doc-row').first().locator('[data-swd-button] button');

  it('routes two host users of different regions to two different profiles', async () => {
    const emma = await buttonTextFor('emma');
    await expect.poll(() => firstButton(emma).textContent(), { timeout: 15_000 }).toMatch(/Sign in to DocuSign\s*for Acme EU/);
    await emma.close();
    const liam = await buttonTextFor('liam');
    await expect.poll(() => firstButton(liam).textContent(), { timeout: 15_000 }).toMatch(/Sign in to DocuSign\s*for Acme CA/);
    await liam.close();
    // A host user no rule matches gets the policy's fallback: denied, with the admin's message.
    const olivia = await buttonTextFor('olivia');
    await expect.poll(() => firstButton(olivia).getAttribute('title'), { timeout: 15_000 }).toMatch(/No DocuSign account is assigned to your region/);
    await olivia.close();
  });

  it('shows policy profiles locked in the options page', async () => {
    const page = await browser.context.newPage();
    await page.goto(extensionUrl('options.html#profiles'));
    const main = page.locator('main');
    await expect.poll(() => main.textContent(), { timeout: 15_000 }).toContain('Acme EU');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('Acme CA');
    expect(text).toContain('Managed by your administrator');
    expect(text).not.toContain('Broken');
    // No editing controls for managed entries.
    expect(await page.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await page.close();
  });

  it('shows settings the policy locks as disabled, and its defaults as the organisation\'s', async () => {
    const page = await browser.context.newPage();
    await page.goto(extensionUrl('options.html#settings'));
    const confirm = page.getByLabel('Confirm before sending directly', { exact: true });
    await confirm.waitFor({ timeout: 15_000 });
    // settings.confirmBeforeSend: true (locked) and defaults.statusRefreshMinutes: 30 in the example policy.
    await expect.poll(() => confirm.isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await confirm.isChecked()).toBe(true);
    expect(await describedByText(page, 'setting-confirmBeforeSend')).toContain('Managed by your administrator');
    const refresh = page.getByLabel('Refresh envelope status every (minutes)', { exact: true });
    expect(await refresh.isDisabled()).toBe(false);
    expect(await refresh.inputValue()).toBe('30');
    expect(await describedByText(page, 'setting-statusRefreshMinutes')).toContain('Default, set by your organisation.');
    await refresh.fill('60');
    expect(await describedByText(page, 'setting-statusRefreshMinutes')).toContain("Your own value. Your organisation's default: 30.");
    await page.close();
  });

  it('lists the invalid policy entry with its reason in Diagnostics', async () => {
    const page = await browser.context.newPage();
    await page.goto(extensionUrl('options.html#diagnostics'));
    const main = page.locator('main');
    await expect.poll(() => main.textContent(), { timeout: 15_000 }).toContain('profiles[3]');
    expect((await main.textContent()) ?? '').toMatch(/integration key|integrationKey/i);
    await page.close();
  });

  it('applies a policy change while the browser runs', async () => {
    const page = await buttonTextFor('emma');
    await expect.poll(() => firstButton(page).textContent(), { timeout: 15_000 }).toMatch(/Acme EU/);
    const changed = structuredClone(policy);
    const eu = changed.profiles.find((p) => p.id === 'acme-eu')!;
    eu.label = 'Acme Europe (changed)';
    await writeExtensionPolicy(changed);
    // Chromium re-reads the policy directory on its own (file watcher plus a settle delay).
    await expect.poll(() => firstButton(page).textContent(), { timeout: 60_000, interval: 500 }).toMatch(/Acme Europe \(changed\)/);
    await page.close();
  });

  it("lets users route with rules of their own to the policy's profiles when the policy sets profiles only", async () => {
    const profilesOnly = structuredClone(policy) as Record<string, unknown>;
    delete profilesOnly.routingRules;
    delete profilesOnly.fallback;
    await writeExtensionPolicy(profilesOnly);
    const options = await browser.context.newPage();
    await options.goto(extensionUrl('options.html#rules'));
    // Editable once Chromium has re-read the policy directory (as in the test above).
    const addRule = options.getByRole('button', { name: 'Add a rule' });
    await addRule.waitFor({ timeout: 60_000 });
    await addRule.click();
    await options.getByLabel('Rule id').fill('au');
    await options.getByLabel(/Email domains/).fill('acme-au.example');
    // A profile the policy provides: the user has none of their own.
    await options.getByLabel('Acme CA (acme-ca)').check();
    await options.getByRole('button', { name: 'Add rule' }).click();
    const rule = options.locator('[data-rule="au"]');
    await rule.waitFor();
    expect(await rule.textContent()).toContain('Acme CA');
    expect(await rule.textContent()).not.toContain('no profile with this id');
    expect(await options.locator('[data-testid="rule-form"]').count()).toBe(0);
    await options.close();
    // Olivia (acme-au.example), denied by the policy's fallback before, now sends through Acme CA.
    const olivia = await buttonTextFor('olivia');
    await expect.poll(() => firstButton(olivia).textContent(), { timeout: 15_000 }).toMatch(/Sign in to DocuSign\s*for Acme CA/);
    await olivia.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { extensionUrl, launchWithExtension, type ExtensionBrowser } from './support/extension';
import { importLocalConfig } from './support/configure';
import { examplePolicyFor, startStack, type Stack } from './support/stack';
import { SEED } from '../emulator/index';
import { USAGE_CSV_COLUMNS } from '../../utils/outbox/usage';

/**
 * The send history and usage UI in the built extension: real sends from the demo host app (Emma,
 * Acme EU in direct mode), then the options page's "Sends" (state, account, envelope, Retry,
 * Discard) and "Usage" (counts, CSV), and the popup's recent sends. Set SWD_SHOTS=1 to also write
 * screenshots of both sections and the popup (1200 / 400 px, light / dark) to /tmp/swd-shots.
 */
describe('sends and usage in the options page and popup', () => {
  let stack: Stack;
  let browser: ExtensionBrowser;
  let logDir: string;
  let logFile: string;
  let app: Page;
  let options: Page;
  const pageErrors: string[] = [];
  const EU = SEED.accounts.acmeEu;
  /** The region host the extension shows ("eu.docusign.net" in DocuSign; the EU server's host:port here). */
  const euRegion = () => new URL(stack.emulator.regions.eu).host;

  const rowButton = (page: Page, docId: string) => page.locator(`tr.doc-row[data-doc-id="${docId}"] [data-swd-button] button`);
  const rowBadge = (page: Page, docId: string) => page.locator(`tr.doc-row[data-doc-id="${docId}"] [data-swd-button] .badge`);
  const dialog = (page: Page) => page.locator('[data-swd-dialog] dialog');
  const liveRegion = (page: Page) => page.locator('[data-testid="live-region"]');
  const jobRow = (page: Page, documentName: string): Locator =>
    page.locator('[data-testid="sends-table"] tbody tr').filter({ has: page.locator('th[scope="row"]', { hasText: documentName }) });
  const stateOf = (row: Locator) => row.locator('[data-testid="job-state"]').textContent();

  async function statusCalls(): Promise<string[]> {
    const lines = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return lines
      .map((l) => JSON.parse(l) as { method: string; path: string; query?: unknown; url?: string })
      .filter((r) => r.method === 'GET' && /\/envelopes\/?$/.test(r.path))
      .map((r) => r.path);
  }

  /** Clicks the row's button and confirms with "Send now" (signing in first if needed). */
  async function send(docId: string): Promise<void> {
    await rowButton(app, docId).click();
    await expect.poll(() => dialog(app).isVisible(), { timeout: 20_000 }).toBe(true);
    await dialog(app).getByRole('button', { name: 'Send now' }).click();
  }

  async function openExtensionPage(url: string, width = 1200): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
    await page.setViewportSize({ width, height: 900 });
    await page.goto(extensionUrl(url));
    return page;
  }

  beforeAll(async () => {
    logDir = await mkdtemp(path.join(tmpdir(), 'swd-ui-sends-'));
    logFile = path.join(logDir, 'emulator.jsonl');
    stack = await startStack({ autoApprove: true, autoLoginAs: SEED.users.emma.email, logFile });
    browser = await launchWithExtension();
    const config = examplePolicyFor(stack.emulator);
    config.profiles.find((p) => p.id === 'acme-eu')!.sendMode = 'direct';
    const result = await importLocalConfig(browser, config);
    expect(result.rejected).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await rm(logDir, { recursive: true, force: true });
  });

  it('lists a direct send as Sent, with the Acme EU account, region, DocuSign user and envelope', async () => {
    app = await browser.context.newPage();
    await app.goto(`${stack.host.url}/login?as=emma&next=${encodeURIComponent('/documents')}`);
    await expect.poll(() => rowButton(app, 'd-1').textContent(), { timeout: 15_000 }).toMatch(/Sign in to DocuSign\s*for Acme EU/);
    await send('d-1');
    await expect.poll(() => rowBadge(app, 'd-1').textContent(), { timeout: 20_000 }).toBe('Sent');
    const envelope = stack.emulator.control.getEnvelopes().find((e) => e.accountId === EU.accountId);
    expect(envelope?.status).toBe('sent');

    options = await openExtensionPage('options.html#sends');
    await options.locator('section[data-section="sends"] h2').waitFor();
    expect(await options.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Sends' }).getAttribute('aria-current')).toBe('page');
    const row = jobRow(options, 'Master Services Agreement.pdf');
    await row.waitFor({ timeout: 15_000 });
    expect(await stateOf(row)).toBe('Sent');
    const account = (await row.locator('[data-testid="job-account"]').textContent()) ?? '';
    expect(account).toContain(EU.accountName);
    expect(account).toContain('as emma.schmidt@acme-eu.example');
    expect(account).toContain(euRegion());
    expect(await row.locator('[data-testid="job-envelope"]').textContent()).toContain(envelope!.envelopeId);
    expect(await row.locator('[data-testid="job-envelope"]').textContent()).toMatch(/DocuSign: Sent\s*checked /);
    expect(await row.locator('td[data-label="Recipients"]').textContent()).toContain('Hans Müller');
    // A sent job offers neither Retry nor Discard.
    expect(await row.getByRole('button').count()).toBe(0);
    // Opening the section asked for status with refresh, but the envelope was checked when it was
    // created (< 15 minutes ago): nothing was asked of DocuSign.
    expect(await statusCalls()).toEqual([]);
  });

  it('shows a failed send with DocuSign\u2019s message; Retry sends it once the fault is gone', async () => {
    stack.emulator.control.addFaults({ route: 'createEnvelope', count: 10, status: 400, errorCode: 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', message: 'Invalid email' });
    await send('d-2');
    await expect.poll(() => rowBadge(app, 'd-2').textContent(), { timeout: 20_000 }).toMatch(/Failed/);
    // The open Sends section follows the background's broadcast.
    const row = jobRow(options, 'Order Form Q3.docx');
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => stateOf(row), { timeout: 15_000 }).toBe('Failed: Invalid email');
    expect(await row.locator('[data-testid="job-envelope"]').textContent()).toBe('No envelope yet');
    const retry = options.getByRole('button', { name: 'Retry Order Form Q3.docx' });
    expect(await retry.count()).toBe(1);
    expect(await options.getByRole('button', { name: 'Discard Order Form Q3.docx' }).count()).toBe(1);

    stack.emulator.control.clearFaults();
    await retry.click();
    await expect.poll(() => stateOf(row), { timeout: 20_000 }).toBe('Sent');
    await expect.poll(() => liveRegion(options).textContent(), { timeout: 10_000 }).toMatch(/Order Form Q3\.docx/);
    expect(await row.locator('[data-testid="job-account"]').textContent()).toContain(EU.accountName);
    expect(stack.emulator.control.getEnvelopes().filter((e) => e.accountId === EU.accountId)).toHaveLength(2);
    await expect.poll(() => rowBadge(app, 'd-2').textContent(), { timeout: 15_000 }).toBe('Sent');
  });

  it('discards a failed send after the inline confirmation', async () => {
    stack.emulator.control.addFaults({ route: 'createEnvelope', count: 10, status: 400, errorCode: 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', message: 'Invalid email' });
    await send('d-3');
    const row = jobRow(options, 'Mutual NDA.pdf');
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => stateOf(row), { timeout: 20_000 }).toBe('Failed: Invalid email');
    stack.emulator.control.clearFaults();
    await options.getByRole('button', { name: 'Discard Mutual NDA.pdf' }).click();
    const confirm = options.getByRole('group', { name: 'Discard “Mutual NDA.pdf”?' });
    await confirm.waitFor();
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Yes, discard');
    if (process.env.SWD_SHOTS) {
      await mkdir('/tmp/swd-shots', { recursive: true });
      await options.screenshot({ path: '/tmp/swd-shots/ui-sends-confirm-1200-light.png', fullPage: true });
    }
    await confirm.getByRole('button', { name: 'Yes, discard' }).click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => liveRegion(options).textContent()).toBe('Mutual NDA.pdf discarded.');
    // Focus stayed in the list (a neighbouring row), not lost to the page.
    expect(await options.evaluate(() => document.activeElement?.closest('[data-testid="sends-table"], section') !== null)).toBe(true);
    expect(stack.emulator.control.getEnvelopes().filter((e) => e.accountId === EU.accountId)).toHaveLength(2);
  });

  it('reports usage per account, profile and app user, and exports it as CSV', async () => {
    await options.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Usage' }).click();
    await options.locator('section[data-section="usage"] h2').waitFor();
    const counted = options.getByTestId('usage-counted');
    await counted.waitFor();
    expect(await counted.textContent()).toBe(
      `Emma Schmidt (emma.schmidt@acme-eu.example): 2 envelopes counted against ${EU.accountName} (${euRegion()}, account ID ${EU.accountId})`,
    );
    const table = options.getByTestId('usage-table');
    expect(await table.locator('caption').textContent()).toMatch(/^Envelopes per month \(UTC\)/);
    const rows = table.locator('tr[data-testid="usage-row"]');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('th, td').allTextContents();
    expect(cells[0]).toContain(EU.accountName);
    expect(cells[0]).toContain(EU.accountId);
    expect(cells[1]).toBe('Acme EU');
    expect(cells[2]).toContain('Emma Schmidt');
    expect(cells[3]).toBe('emma.schmidt@acme-eu.example');
    expect(cells.slice(4)).toEqual(['2', '0', '2']);

    await options.getByRole('radio', { name: 'Day' }).check();
    await expect.poll(() => table.locator('caption').textContent()).toMatch(/^Envelopes per day \(UTC\)/);
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('send-with-docusign-usage-day.csv');
    const csv = await readFile((await file.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(USAGE_CSV_COLUMNS.map(([h]) => h).join(','));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${EU.accountName},${EU.accountId},${euRegion()},Acme EU,acme-eu`);
    expect(lines[1]).toMatch(/,emma\.schmidt@acme-eu\.example,2,2,0$/);
    await expect.poll(() => liveRegion(options).textContent()).toBe('Downloaded send-with-docusign-usage-day.csv.');
  });

  it('lists the recent sends in the popup with a link to all sends', async () => {
    const popup = await openExtensionPage('popup.html', 380);
    const recent = popup.getByTestId('recent-sends');
    await recent.waitFor({ timeout: 15_000 });
    expect(await recent.getByRole('heading', { level: 2 }).textContent()).toBe('Recent sends');
    const items = recent.locator('li.recent-item');
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toBe(`Order Form Q3.docxSent · ${EU.accountName}`);
    expect(await items.nth(1).textContent()).toBe(`Master Services Agreement.pdfSent · ${EU.accountName}`);
    expect(await recent.getByRole('button').count()).toBe(0);
    expect(await recent.getByRole('link', { name: 'All sends' }).getAttribute('href')).toMatch(/options\.html#sends$/);
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    await popup.close();
  });

  it('fits 400 px without horizontal scrolling, light and dark (with a failed send too)', async () => {
    const shots = process.env.SWD_SHOTS ? '/tmp/swd-shots' : null;
    if (shots) await mkdir(shots, { recursive: true });
    stack.emulator.control.addFaults({ route: 'createEnvelope', count: 10, status: 400, errorCode: 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', message: 'Invalid email' });
    await options.evaluate(() => (location.hash = 'sends'));
    await options.getByTestId('sends-table').waitFor();
    const rowsBefore = await options.locator('[data-testid="sends-table"] tbody tr').count();
    await send('d-4');
    await expect.poll(() => options.locator('[data-testid="sends-table"] tbody tr').count(), { timeout: 20_000 }).toBe(rowsBefore + 1);
    const failed = options.locator('[data-testid="sends-table"] tbody tr').first();
    await expect.poll(() => stateOf(failed), { timeout: 20_000 }).toBe('Failed: Invalid email');
    stack.emulator.control.clearFaults();
    const popup = await openExtensionPage('popup.html', 400);
    await popup.getByTestId('recent-sends').waitFor();
    // The popup offers Retry for the failed one, named by its document.
    const failedName = (await failed.locator('th[scope="row"]').textContent()) ?? '';
    expect(await popup.getByRole('button', { name: `Retry ${failedName}` }).count()).toBe(1);
    for (const scheme of ['light', 'dark'] as const) {
      await options.emulateMedia({ colorScheme: scheme });
      await popup.emulateMedia({ colorScheme: scheme });
      for (const width of [1200, 400]) {
        await options.setViewportSize({ width, height: 900 });
        for (const id of ['sends', 'usage']) {
          await options.evaluate((h) => (location.hash = h), id);
          await options.locator(`section[data-section="${id}"] table`).waitFor();
          expect(await options.evaluate(() => document.documentElement.scrollWidth), `${id} at ${width}`).toBeLessThanOrEqual(width);
          if (shots) await options.screenshot({ path: `${shots}/ui-${id}-${width}-${scheme}.png`, fullPage: true });
        }
      }
      // The popup is 380 px wide by design; shown in a 400 px (and a 1200 px) window.
      for (const width of [1200, 400]) {
        await popup.setViewportSize({ width, height: 600 });
        expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        if (shots) await popup.screenshot({ path: `${shots}/ui-popup-${width}-${scheme}.png`, fullPage: true });
      }
    }
    await popup.close();
    expect(pageErrors).toEqual([]);
  });
});

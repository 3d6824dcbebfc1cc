import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { importLocalConfig } from '../e2e/support/configure';
import { examplePolicyFor, type Stack } from '../e2e/support/stack';
import { SEED } from '../emulator/index';
import { rssBytes, type BenchBrowser } from './browsers';

export interface SendReport {
  apiCallsEmbedded: number | null;
  /** Direct mode as profiles have it by default (directSend "draft-first"). */
  apiCallsDirect: number | null;
  /** Direct mode with the profile's directSend "one-call". */
  apiCallsDirectOneCall: number | null;
  /** /oauth/userinfo calls during the measured sends (0 when userinfo is cached). */
  userinfoCalls: number | null;
  embeddedCalls: string[];
  directCalls: string[];
  directOneCallCalls: string[];
  bigDocMs: number | null;
  /** Fetch + checks until the confirm dialog, and Send now → "Sent" (the user's time is excluded). */
  bigDocPhases: { untilConfirmMs: number; afterConfirmMs: number } | null;
  bigDocPeakMb: number | null;
  /** Peak JS heap (incl. ArrayBuffer backing stores where Chromium reports them) of the tab, MB. */
  bigDocTabHeapMb: number | null;
  notes: string[];
}

interface LogLine {
  method: string;
  path: string;
}

/**
 * Real sends through the UI, counted in the emulator's request log: Emma (EU → Acme EU) signs in
 * (autoLoginAs + autoApprove), a first embedded send warms up, then one embedded send (sender view
 * in a new tab, Send there) and, after switching the profile to direct mode, one direct send
 * (confirm dialog → Send now) are counted: region-server /restapi/ calls per send. Then the
 * 30 MiB PDF (direct): time and peak memory of the extension's processes.
 */
export async function measureSends(browser: BenchBrowser, stack: Stack, logFile: string): Promise<SendReport> {
  const report: SendReport = {
    apiCallsEmbedded: null,
    apiCallsDirect: null,
    apiCallsDirectOneCall: null,
    userinfoCalls: null,
    embeddedCalls: [],
    directCalls: [],
    directOneCallCalls: [],
    bigDocMs: null,
    bigDocPhases: null,
    bigDocPeakMb: null,
    bigDocTabHeapMb: null,
    notes: [],
  };
  const context = browser.context;
  const host = stack.host;
  const lines = async (): Promise<LogLine[]> =>
    (await readFile(logFile, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  const describe = (l: LogLine) => `${l.method} ${l.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`;
  const rowButton = (page: Page, docId: string) => page.locator(`tr.doc-row[data-doc-id="${docId}"] [data-swd-button] button`);
  const rowBadge = (page: Page, docId: string) => page.locator(`tr.doc-row[data-doc-id="${docId}"] [data-swd-button] .badge`);
  const waitText = async (read: () => Promise<string | null>, re: RegExp, timeout: number, what: string) => {
    const until = Date.now() + timeout;
    let last: string | null = null;
    while (Date.now() < until) {
      last = await read().catch(() => null);
      if (last !== null && re.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what}: waited ${timeout} ms for ${re}, last saw ${JSON.stringify(last)}`);
  };

  const config = examplePolicyFor(stack.emulator);
  const imported = await importLocalConfig(browser.asExtensionBrowser(), config);
  if (imported.rejected?.length) report.notes.push(`config entries rejected: ${JSON.stringify(imported.rejected)}`);
  stack.emulator.control.setConfig({ autoApprove: true, autoLoginAs: SEED.users.emma.email });

  const openDocuments = async (query = '') => {
    const page = await context.newPage();
    await page.goto(`${host.url}/documents${query}`);
    await waitText(() => rowButton(page, 'd-1').textContent(), /Sign in to DocuSign|via/, 20_000, 'button label');
    return page;
  };

  /** Embedded: click → sender view tab → Send → back on the host page with "Sent". */
  const embeddedSend = async (page: Page, docId: string) => {
    const senderViewTab = context.waitForEvent('page', { predicate: (p) => p.url().includes('/senderview/'), timeout: 60_000 });
    await rowButton(page, docId).click();
    const senderView = await senderViewTab;
    await senderView.getByRole('button', { name: /^Send$/ }).click();
    await senderView.waitForURL((url) => url.pathname === '/documents', { timeout: 30_000 });
    await waitText(() => rowBadge(senderView, docId).textContent(), /^Sent$/, 30_000, 'badge after the sender view');
    await senderView.close();
  };

  // ---- embedded mode
  try {
    const page = await openDocuments();
    await embeddedSend(page, 'd-1'); // signs in first (not counted), then sends
    const before = (await lines()).length;
    await embeddedSend(page, 'd-2');
    await page.waitForTimeout(500);
    const during = (await lines()).slice(before);
    const api = during.filter((l) => l.path.startsWith('/restapi/'));
    report.apiCallsEmbedded = api.length;
    report.embeddedCalls = api.map(describe);
    report.userinfoCalls = during.filter((l) => l.path === '/oauth/userinfo').length;
    await page.close();
  } catch (error) {
    report.notes.push(`embedded send did not complete: ${String(error).split('\n')[0]}`);
  }

  // ---- direct mode (same profile switched to direct; confirm dialog → Send now): first as
  // profiles have it by default (a draft, then its send), then with directSend "one-call".
  const directSend = async (page: Page, docId: string) => {
    const dialog = page.locator('[data-swd-dialog] dialog');
    await rowButton(page, docId).click();
    await waitText(async () => String(await dialog.isVisible()), /^true$/, 30_000, 'confirm dialog');
    const before = (await lines()).length;
    await dialog.getByRole('button', { name: 'Send now' }).click();
    await waitText(() => rowBadge(page, docId).textContent(), /^Sent$/, 30_000, 'badge after Send now');
    await page.waitForTimeout(500);
    return (await lines()).slice(before);
  };
  const eu = config.profiles.find((p) => p.id === 'acme-eu');
  for (const variant of ['draft-first', 'one-call'] as const) {
    let page: Page | null = null;
    try {
      if (eu) Object.assign(eu, { sendMode: 'direct', directSend: variant });
      await importLocalConfig(browser.asExtensionBrowser(), config);
      page = await openDocuments();
      // Not signed in any more? The first click signs in; count the second.
      if (variant === 'draft-first') await directSend(page, 'd-3');
      const during = await directSend(page, variant === 'draft-first' ? 'd-4' : 'd-5');
      const api = during.filter((l) => l.path.startsWith('/restapi/'));
      if (variant === 'draft-first') {
        report.apiCallsDirect = api.length;
        report.directCalls = api.map(describe);
      } else {
        report.apiCallsDirectOneCall = api.length;
        report.directOneCallCalls = api.map(describe);
      }
      report.userinfoCalls = (report.userinfoCalls ?? 0) + during.filter((l) => l.path === '/oauth/userinfo').length;
    } catch (error) {
      report.notes.push(`direct send (${variant}) did not complete: ${String(error).split('\n')[0]}`);
    } finally {
      await page?.close();
    }
  }

  // ---- the 30 MiB PDF (direct mode)
  try {
    const page = await openDocuments('?special=1');
    await waitText(() => rowButton(page, 'big-30mb').textContent(), /via/, 20_000, 'big-30mb button');
    const cdp = await context.newCDPSession(page);
    const renderers = () => browser.processes().filter((p) => p.type === 'renderer');
    const rss = () => renderers().reduce((sum, p) => sum + rssBytes(p.pid), 0);
    const heap = async () => {
      const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
      return h.usedSize + (h.backingStorageSize ?? 0);
    };
    await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
    const rssBase = rss();
    const heapBase = await heap();
    let rssPeak = rssBase;
    let heapPeak = heapBase;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rssPeak = Math.max(rssPeak, rss());
        heapPeak = Math.max(heapPeak, await heap().catch(() => 0));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const dialog = page.locator('[data-swd-dialog] dialog');
    const t0 = Date.now();
    await rowButton(page, 'big-30mb').click();
    await waitText(async () => String(await dialog.isVisible()), /^true$/, 120_000, 'confirm dialog (30 MB)');
    const untilConfirmMs = Date.now() - t0;
    const t1 = Date.now();
    await dialog.getByRole('button', { name: 'Send now' }).click();
    await waitText(() => rowBadge(page, 'big-30mb').textContent(), /^Sent$/, 180_000, 'badge after Send now (30 MB)');
    const afterConfirmMs = Date.now() - t1;
    sampling = false;
    await sampler;
    report.bigDocPhases = { untilConfirmMs, afterConfirmMs };
    report.bigDocMs = untilConfirmMs + afterConfirmMs;
    report.bigDocPeakMb = (rssPeak - rssBase) / 2 ** 20;
    report.bigDocTabHeapMb = (heapPeak - heapBase) / 2 ** 20;
    await page.close();
  } catch (error) {
    report.notes.push(`30 MB send did not complete: ${String(error).split('\n')[0]}`);
  }
  return report;
}

/**
 * Driving the real extension in Chromium for the reliability tests and the fault-injection soak:
 * a browser with the built extension (restartable with the same profile), a quiet extension page
 * from which privileged messages are sent and the outbox's IndexedDB is read, the service worker
 * stopped through the DevTools protocol, and trusted clicks on host-app rows.
 *
 * Reading the jobs straight from IndexedDB (the extension's own origin) does not wake the service
 * worker: a stopped worker stays stopped until something the extension listens to happens (a host
 * page's message, an alarm), so what the tests see is what a user would get.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { findChromium } from '../e2e/support/chromium';
import { EXTENSION_DIR, chromiumArgs } from '../e2e/support/extension';
import { CHROMIUM_EXTENSION_ID } from '../../utils/extension-identity';
import type { UiToBackground } from '../../utils/messaging/ui-protocol';
import type { JobRecord } from '../../utils/db';

export { EXTENSION_DIR };

/** The fields of a stored job the tests look at (a JobRecord with nothing heavy in it). */
const STORED_JOB_KEYS = [
  'id', 'state', 'mode', 'createdAt', 'updatedAt', 'hostUser', 'documentUrl', 'profileId', 'account', 'envelopeId',
  'envelopeStatus', 'nextAttemptAt', 'waitKind', 'waitReason', 'error', 'attempts', 'createUncertain', 'createRequests', 'document',
  'outcome', 'tidyDueAt', 'duplicatesDeleted', 'duplicatesVoided', 'sendOnCreate',
] as const satisfies ReadonlyArray<keyof JobRecord>;

export type StoredJob = Pick<JobRecord, (typeof STORED_JOB_KEYS)[number]>;

export const TERMINAL_STATES: readonly string[] = ['done', 'failed', 'discarded'];

export interface ExtensionSession {
  context: BrowserContext;
  userDataDir: string;
  /** A quiet page of the extension's origin: privileged messages and IndexedDB reads go through it. */
  control: Page;
  /** Privileged message, as the options page sends it (wakes the worker). */
  ui<K extends keyof UiToBackground>(type: K, data: Parameters<UiToBackground[K]>[0]): Promise<ReturnType<UiToBackground[K]>>;
  /** Every stored job, read from IndexedDB without involving the service worker. */
  jobs(): Promise<StoredJob[]>;
  /** Stops the extension's service worker (as Chromium does when it is idle or killed). */
  stopWorker(): Promise<void>;
  /** The worker's running status as DevTools reports it: 'running', 'stopped', 'starting', 'stopping'. */
  workerStatus(): string;
  /** How many times the worker went from stopped to starting (any cause). */
  workerStarts(): number;
  /** The extension's pending alarms (read from an extension page: does not wake the worker). */
  alarms(): Promise<Array<{ name: string; scheduledTime: number }>>;
  /** Closes the browser; `keepProfile` keeps the profile directory for a restart. */
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

export interface LaunchOptions {
  /** The unpacked chrome-mv3 build (default: $SWD_EXTENSION_DIR, else .output/chrome-mv3). */
  extensionDir?: string;
  /** An existing profile (a restart); default a fresh temporary one. */
  userDataDir?: string;
}

/** Launches Chromium with the extension (see BROWSER-TESTING.md for the flags). */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionDir = options.extensionDir ?? process.env.SWD_EXTENSION_DIR ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}. Run \`npm run build\` first.`);
  }
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'swd-soak-chromium-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: await findChromium(),
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: [
      ...chromiumArgs(extensionDir),
      // Host pages in background tabs keep running their timers and observers at full speed.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  const prefix = `chrome-extension://${CHROMIUM_EXTENSION_ID}/`;
  if (!context.serviceWorkers().some((w) => w.url().startsWith(prefix))) {
    await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(prefix), timeout: 20_000 });
  }
  const control = await context.newPage();
  // A static file of the extension: its origin, none of the options page's own traffic.
  await control.goto(`${prefix}managed_schema.json`);
  const cdp: CDPSession = await context.newCDPSession(control);
  let status = 'running';
  let starts = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: Array<{ scriptURL: string; runningStatus: string }> }) => {
    for (const version of event.versions) {
      if (!version.scriptURL.startsWith(prefix)) continue;
      if (version.runningStatus === 'starting' && status !== 'starting') starts++;
      status = version.runningStatus;
    }
  });
  await cdp.send('ServiceWorker.enable');
  let messageId = 0;
  return {
    context,
    userDataDir,
    control,
    async ui(type, data) {
      return control.evaluate(
        async ({ type, data, id }) => {
          const response = await chrome.runtime.sendMessage({ id, type, data, timestamp: Date.now() });
          if (!response || response.err) throw new Error(`${type} failed: ${JSON.stringify(response?.err)}`);
          return response.res;
        },
        { type, data, id: ++messageId },
      );
    },
    async jobs() {
      return control.evaluate(async (keys: readonly string[]) => {
        const name = 'send-with-docusign';
        const known = await indexedDB.databases();
        if (!known.some((d) => d.name === name)) return [];
        const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
          const request = indexedDB.open(name);
          // Never create or upgrade the extension's database from here: that is the worker's job.
          request.onupgradeneeded = () => request.transaction?.abort();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => (request.error?.name === 'AbortError' ? resolve(null) : reject(request.error));
        });
        if (!db) return [];
        try {
          db.onversionchange = () => db.close();
          if (!db.objectStoreNames.contains('jobs')) return [];
          const records = await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
            const request = db.transaction('jobs', 'readonly').objectStore('jobs').getAll();
            request.onsuccess = () => resolve(request.result as Array<Record<string, unknown>>);
            request.onerror = () => reject(request.error);
          });
          return records.map((r) => Object.fromEntries(keys.filter((k) => k in r).map((k) => [k, r[k]])));
        } finally {
          db.close();
        }
      }, STORED_JOB_KEYS) as Promise<StoredJob[]>;
    },
    async stopWorker() {
      await cdp.send('ServiceWorker.stopAllWorkers');
    },
    workerStatus: () => status,
    workerStarts: () => starts,
    async alarms() {
      return control.evaluate(async () => (await chrome.alarms.getAll()).map((a) => ({ name: a.name, scheduledTime: a.scheduledTime })));
    },
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

// --- host app pages --------------------------------------------------------------------------

export const rowOf = (page: Page, docId: string) => page.locator(`tr.doc-row[data-doc-id="${docId}"]`);
export const rowButton = (page: Page, docId: string) => rowOf(page, docId).locator('[data-swd-button] button');
export const rowBadge = (page: Page, docId: string) => rowOf(page, docId).locator('[data-swd-button] .badge');
export const confirmDialog = (page: Page) => page.locator('[data-swd-dialog] dialog');

/** Polls `read` until `accept` says yes (or throws after `timeoutMs` with the last value). */
export async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, what: string, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? ` (last error: ${String(lastError)})` : ` (last value: ${JSON.stringify(last)?.slice(0, 400)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${seen}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Logs a host user in to the demo app and opens their document list; waits for the buttons. */
export async function openDocuments(
  context: BrowserContext,
  hostUrl: string,
  username: string,
  options: { rows?: number; ready?: RegExp } = {},
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${hostUrl}/login?as=${username}&next=${encodeURIComponent(`/documents?rows=${options.rows ?? 12}`)}`);
  const ready = options.ready ?? /Sign in to DocuSign|via/;
  await waitFor(() => rowButton(page, 'd-1').textContent({ timeout: 1000 }), (t) => ready.test(t ?? ''), 20_000, `${username}'s buttons`);
  return page;
}

/** The URL a host-app row's document is served from (what jobs record as `documentUrl`). */
export async function documentUrlOf(page: Page, docId: string): Promise<string> {
  const href = await rowOf(page, docId).locator('a.doc-link').getAttribute('href');
  if (!href) throw new Error(`row ${docId} has no document link`);
  return new URL(href, page.url()).href;
}

export type ClickOutcome =
  /** The confirm dialog (direct mode) was answered "Send now", or an embedded send started. */
  | { kind: 'submitted' }
  /** The button asks to sign in to DocuSign first: nothing was clicked. */
  | { kind: 'needs-sign-in'; detail: string }
  /** Something stopped the send before the confirm step (toast or badge shown, or nothing). */
  | { kind: 'no-dialog'; detail: string };

/**
 * One user action: scroll the row into view, click its "Send with DocuSign" button (a trusted
 * click), and in direct mode answer the confirm dialog with "Send now".
 */
export async function clickSend(page: Page, docId: string, options: { confirm: boolean; timeoutMs?: number }): Promise<ClickOutcome> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const t0 = Date.now();
  const debug = (what: string) => process.env.SOAK_DEBUG && console.log(`    ${docId} ${what} +${Date.now() - t0} ms`);
  // A user clicks in the tab they look at (background tabs get no animation frames).
  await page.bringToFront();
  await rowOf(page, docId).scrollIntoViewIfNeeded();
  debug('scrolled');
  const button = rowButton(page, docId);
  const label = await waitFor(
    () => button.textContent({ timeout: 1000 }),
    (t) => /via|Sign in to DocuSign/.test(t ?? ''),
    timeoutMs,
    `the button of ${docId} to be ready`,
  );
  if (!/via/.test(label ?? '')) return { kind: 'needs-sign-in', detail: `button "${label}"` };
  // A repeated click starts from the previous attempt's "Not sent": only a new one means a refusal.
  let badgeMoved = ((await rowBadge(page, docId).textContent({ timeout: 200 }).catch(() => null)) ?? '') !== 'Not sent';
  debug('ready');
  await button.click({ timeout: timeoutMs });
  debug('clicked');
  if (!options.confirm) return { kind: 'submitted' };
  const dialog = confirmDialog(page);
  const toasts = page.locator('[data-swd-toast] .toast');
  const toastsBefore = await toasts.count().catch(() => 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await dialog.first().isVisible().catch(() => false)) break;
    // "Cannot send …" (e.g. the session could not be renewed): the user reads it and tries again.
    const texts = await toasts.allTextContents().catch(() => [] as string[]);
    const refusal = texts.slice(toastsBefore).find((t) => /Cannot send|did not complete/.test(t));
    const badge = (await rowBadge(page, docId).textContent({ timeout: 200 }).catch(() => null)) ?? '';
    if (badge !== 'Not sent') badgeMoved = true;
    if (refusal || (badge === 'Not sent' && badgeMoved) || Date.now() > deadline) {
      const label = (await button.textContent({ timeout: 500 }).catch(() => null)) ?? '';
      return { kind: 'no-dialog', detail: `badge "${badge}", button "${label}", toast ${JSON.stringify(refusal ?? texts.at(-1) ?? '')}` };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  debug('dialog');
  await dialog.first().getByRole('button', { name: 'Send now' }).click({ timeout: timeoutMs });
  debug('confirmed');
  return { kind: 'submitted' };
}

// --- the emulator's request log ----------------------------------------------------------------

export interface LoggedRequest {
  ts: string;
  region?: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  dropped?: 'before' | 'after';
  /** For envelope creates: the transactionId in the request body. */
  transactionId?: string;
}

/** The eSignature requests (/restapi/…) of an emulator request log, in order. */
export async function restRequests(logFile: string): Promise<LoggedRequest[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  const out: LoggedRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line) as LoggedRequest & { body?: { transactionId?: unknown; json?: { transactionId?: unknown } } };
    if (!entry.path.startsWith('/restapi/')) continue;
    const tx = entry.body?.transactionId ?? entry.body?.json?.transactionId;
    out.push({
      ts: entry.ts,
      ...(entry.region ? { region: entry.region } : {}),
      method: entry.method,
      path: entry.path,
      query: entry.query ?? {},
      status: entry.status,
      ...(entry.dropped ? { dropped: entry.dropped } : {}),
      ...(typeof tx === 'string' ? { transactionId: tx } : {}),
    });
  }
  return out;
}

export const isCreate = (r: LoggedRequest) => r.method === 'POST' && /\/envelopes$/.test(r.path);
export const isLookup = (r: LoggedRequest, transactionId: string) =>
  r.method === 'GET' && /\/envelopes$/.test(r.path) && (r.query.transaction_ids ?? '').split(',').includes(transactionId);
export const isSenderView = (r: LoggedRequest, envelopeId: string) => r.method === 'POST' && r.path.endsWith(`/envelopes/${envelopeId}/views/sender`);

import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { findChromium } from './chromium';
import { CHROMIUM_EXTENSION_ID } from '../../../utils/extension-identity';

export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../../../.output/chrome-mv3');

/**
 * Chromium switches for every browser the tests, the bench and the soak start.
 * --disable-extensions-except is required or the worker never starts; the networking switches
 * keep Chromium from calling Google's hosts, which this machine cannot reach.
 * `extensionDir` null: no extension at all (baseline runs).
 */
export function chromiumArgs(extensionDir: string | null): string[] {
  return [
    ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : ['--disable-extensions']),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker (waits for a new one if it was stopped). */
  worker(): Promise<Worker>;
  /** Closes the browser; keeps the profile when `keepProfile` (for restart tests). */
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

/** How long a fresh worker gets to read its enterprise policy (4.4-7.5 s after launch measured). */
const POLICY_READ_TIMEOUT_MS = 30_000;

/**
 * Waits, with a tab open, until the worker has read managed storage since `since` (each read is
 * cached as `lastPolicy` with its time). Until its first read a worker in a fresh profile holds
 * every content-script answer (config-state.ts), and headless Chromium answers the first
 * storage.managed.get only 4.4-7.5 s after launch, and not at all while no tab is open: a test
 * that closed every page right after launch then waited on a hello that stayed unanswered for
 * over 40 s (see utils/config/policy-source.ts). Real browsers read their policy long before a
 * user clicks anything; so do the tests and the bench.
 */
export async function waitForPolicyRead(context: BrowserContext, worker: Worker, since: number): Promise<void> {
  const page = await context.newPage();
  try {
    const deadline = Date.now() + POLICY_READ_TIMEOUT_MS;
    const readSince = `chrome.storage.local.get('lastPolicy').then((r) => !!r.lastPolicy && r.lastPolicy.readAt >= ${since})`;
    while (!(await worker.evaluate(readSince))) {
      if (Date.now() > deadline) throw new Error(`The extension's worker did not read its policy within ${POLICY_READ_TIMEOUT_MS / 1000} s.`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await page.close();
  }
}

/**
 * Launches Debian Chromium with the built extension, in a fresh (or given) profile.
 * Flags: --disable-extensions-except is required or the worker never starts; the networking
 * flags keep Chromium from calling Google's hosts, which this machine cannot reach.
 */
export async function launchWithExtension(options: { userDataDir?: string; headless?: boolean } = {}): Promise<ExtensionBrowser> {
  const manifestFile = path.join(EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`No built extension in ${EXTENSION_DIR}. Run \`npm run build\` first.`);
  }
  if (!(JSON.parse(readFileSync(manifestFile, 'utf8')) as { key?: string }).key) {
    throw new Error(`${EXTENSION_DIR} was built without the fixed key (a store build from \`npm run zip\`), so its ID differs. Run \`npm run build\` first.`);
  }
  const executablePath = await findChromium();
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'swd-chromium-')));
  const launchedAt = Date.now();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    viewport: { width: 1200, height: 800 },
    args: chromiumArgs(EXTENSION_DIR),
  });
  const worker = async (): Promise<Worker> => {
    const running = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/`));
    if (running) return running;
    return context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/`),
      timeout: 20_000,
    });
  };
  await waitForPolicyRead(context, await worker(), launchedAt);
  return {
    context,
    extensionId: CHROMIUM_EXTENSION_ID,
    userDataDir,
    worker,
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export function extensionUrl(page: string): string {
  return `chrome-extension://${CHROMIUM_EXTENSION_ID}/${page}`;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { findChromium } from '../e2e/support/chromium';
import { chromiumArgs, waitForPolicyRead, type ExtensionBrowser } from '../e2e/support/extension';
import { CHROMIUM_EXTENSION_ID } from '../../utils/extension-identity';

export interface BenchBrowser {
  context: BrowserContext;
  userDataDir: string;
  /** Same shape as the e2e harness's browser, for its configure helpers (extension browsers only). */
  asExtensionBrowser(): ExtensionBrowser;
  /** Chromium's processes for this browser (pid, renderer kind), from /proc. */
  processes(): BrowserProcess[];
  close(): Promise<void>;
}

export interface BrowserProcess {
  pid: number;
  type: string;
  extension: boolean;
}

/**
 * One Chromium, with the built extension (`extDir`) or without any (the baseline). The same flags
 * as test/e2e/support/extension.ts in both cases, so the only difference is the extension.
 */
export async function launchBenchBrowser(extDir: string | null): Promise<BenchBrowser> {
  const executablePath = await findChromium();
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'swd-bench-'));
  const launchedAt = Date.now();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: chromiumArgs(extDir ?? null),
  });
  const worker = async (): Promise<Worker> => {
    const running = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/`));
    if (running) return running;
    return context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/`),
      timeout: 20_000,
    });
  };
  const manifest = extDir ? (JSON.parse(readFileSync(path.join(extDir, 'manifest.json'), 'utf8')) as { background?: unknown }) : null;
  if (manifest?.background) await waitForPolicyRead(context, await worker(), launchedAt);
  const close = async () => {
    await context.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  };
  return {
    context,
    userDataDir,
    asExtensionBrowser: () => ({ context, extensionId: CHROMIUM_EXTENSION_ID, userDataDir, worker, close }),
    processes: () => processesOf(userDataDir),
    close,
  };
}

/** The browser process (its command line names the profile) and all its descendants. */
function processesOf(userDataDir: string): BrowserProcess[] {
  const all = new Map<number, { ppid: number; cmd: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      all.set(Number(name), { ppid, cmd });
    } catch {
      // exited meanwhile
    }
  }
  const root = [...all].find(([, p]) => p.cmd.includes(`--user-data-dir=${userDataDir}`) && !p.cmd.includes('--type='));
  if (!root) return [];
  const out: BrowserProcess[] = [];
  const walk = (pid: number) => {
    const p = all.get(pid);
    if (!p) return;
    out.push({ pid, type: /--type=(\S+)/.exec(p.cmd)?.[1] ?? 'browser', extension: p.cmd.includes('--extension-process') });
    for (const [child, c] of all) if (c.ppid === pid) walk(child);
  };
  walk(root[0]);
  return out;
}

/** Resident set size in bytes (0 when the process is gone). */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * An extension with one empty content script, with the built manifest's matches and runAt: the
 * floor any content script costs the page (Chromium's injection itself).
 */
export async function emptyExtensionLike(extDir: string): Promise<string> {
  const built = JSON.parse(readFileSync(path.join(extDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: Array<{ matches?: string[]; run_at?: string }>;
  };
  const first = built.content_scripts?.[0];
  const dir = await mkdtemp(path.join(tmpdir(), 'swd-bench-empty-ext-'));
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'empty content script',
      version: '1.0',
      content_scripts: [{ matches: first?.matches ?? ['http://127.0.0.1/*'], js: ['content.js'], run_at: first?.run_at ?? 'document_idle' }],
    }),
  );
  writeFileSync(path.join(dir, 'content.js'), '// intentionally empty\n');
  return dir;
}

export function assertBuilt(extDir: string): void {
  if (!existsSync(path.join(extDir, 'manifest.json'))) throw new Error(`No built extension in ${extDir}.`);
}

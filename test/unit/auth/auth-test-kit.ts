// Shared test kit for the DocuSign sign-in tests: a scripted "browser" for launchWebAuthFlow that
// drives the emulator's login and consent pages, the emulator's request log, and token scanners.
// Tests using it must run in the node environment (real Node fetch for 127.0.0.1).
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { deleteDB } from 'idb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.ts';
import { CHROME_REDIRECT_URI, SEED, SEED_PASSWORD, type UserKey } from '../../emulator/seed.ts';
import { configureAuth, type AuthDeps } from '../../../utils/auth/context';
import type { FetchLike } from '../../../utils/auth/endpoints';
import type { LaunchWebAuthFlow } from '../../../utils/auth/pkce-login';
import type { AuthProfile } from '../../../utils/auth/types';
import { closeSwdDb, openSwdDb, SWD_DB_NAME } from '../../../utils/db';

export { CHROME_REDIRECT_URI, SEED, SEED_PASSWORD };
export const REDIRECT_URI = CHROME_REDIRECT_URI;
export const CLIENT_ID = SEED.integrationKeys.main.clientId;

/** Node's own fetch. happy-dom replaces the global fetch (CORS, cookies of its fake origin). */
export function nodeFetch(): FetchLike {
  if ('happyDOM' in globalThis || typeof (globalThis as { document?: unknown }).document !== 'undefined') {
    throw new Error('This test must run in the node environment (// @vitest-environment node) to use real fetch.');
  }
  const real = globalThis.fetch;
  return (input, init) => real(input, init);
}

export interface EmulatorHarness {
  emu: Emulator;
  logFile: string;
  /** Requests logged since the last reset (JSON Lines parsed). */
  log(): Array<{ method: string; path: string; body: unknown; status: number | null; port: number }>;
  tokenRequests(grantType: string): number;
  resetLog(): void;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<EmulatorHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'swd-auth-'));
  const logFile = join(dir, 'requests.jsonl');
  writeFileSync(logFile, '');
  const emu = await startEmulator({ logFile, ...options });
  const harness: EmulatorHarness = {
    emu,
    logFile,
    log() {
      return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    },
    tokenRequests(grantType) {
      return harness
        .log()
        .filter((e) => e.path === '/oauth/token' && (e.body as Record<string, unknown> | null)?.grant_type === grantType).length;
    },
    resetLog() {
      writeFileSync(logFile, '');
    },
  };
  return harness;
}

/** Fresh client state: fake browser storage (reset by test/unit/setup.ts), IndexedDB, auth deps. */
export async function resetClient(profiles: AuthProfile[], extra: Partial<AuthDeps> = {}): Promise<void> {
  await closeSwdDb();
  await deleteDB(SWD_DB_NAME);
  configureAuth({
    getProfile: (id) => profiles.find((p) => p.id === id),
    fetch: nodeFetch(),
    ...extra,
  });
}

export function profilesFor(emu: Emulator) {
  const acc = SEED.accounts;
  const eu: AuthProfile = {
    id: 'acme-eu',
    label: 'Acme EU',
    environment: emu.authServerUrl,
    integrationKey: CLIENT_ID,
    accountId: acc.acmeEu.accountId,
    expectedBaseUri: emu.regions.eu,
  };
  const ca: AuthProfile = {
    id: 'acme-ca',
    label: 'Acme Canada',
    environment: emu.authServerUrl,
    integrationKey: CLIENT_ID,
    accountId: acc.acmeCa.accountId,
    expectedBaseUri: emu.regions.ca,
  };
  const choose: AuthProfile = { id: 'any-account', label: 'Any account', environment: emu.authServerUrl, integrationKey: CLIENT_ID };
  return { eu, ca, choose };
}

export interface ScriptedBrowserOptions {
  user: UserKey;
  password?: string;
  consent?: 'allow' | 'deny';
  redirectUri?: string;
}

/**
 * What identity.launchWebAuthFlow does, scripted: load the authorize URL (redirect: 'manual'),
 * fill the emulator's login form, answer the consent page, follow redirects (carrying the
 * DocuSign session cookie, like a browser) until a Location under the redirect URI appears, and
 * resolve with it. The cookie jar persists across calls (like the browser's), so a later sign-in
 * without prompt=login silently reuses the DocuSign session.
 */
export function scriptedBrowser(initial: ScriptedBrowserOptions): LaunchWebAuthFlow & {
  as(next: Partial<ScriptedBrowserOptions>): void;
  pagesSeen: string[];
  urls: string[];
} {
  let opts = { ...initial };
  let cookie: string | undefined;
  const pagesSeen: string[] = [];
  const urls: string[] = [];
  const fetchImpl = nodeFetch();

  const launch = (async ({ url }: { url: string; interactive: boolean }) => {
    urls.push(url);
    const redirectUri = opts.redirectUri ?? REDIRECT_URI;
    let request: { url: string; init: RequestInit } = { url, init: { method: 'GET' } };
    for (let hop = 0; hop < 10; hop++) {
      const headers: Record<string, string> = { ...((request.init.headers as Record<string, string>) ?? {}) };
      if (cookie) headers.Cookie = cookie;
      let res: Response;
      try {
        res = await fetchImpl(request.url, { ...request.init, headers, redirect: 'manual' });
      } catch {
        // Chrome's wording when the authorization page cannot be reached.
        throw new Error('Authorization page could not be loaded.');
      }
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0];
      if (res.status >= 300 && res.status < 400) {
        const location = new URL(res.headers.get('location') ?? '', request.url).href;
        if (location.startsWith(redirectUri)) return location;
        request = { url: location, init: { method: 'GET' } };
        continue;
      }
      const html = await res.text();
      const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
      const origin = new URL(request.url).origin;
      const post = (path: string, values: Record<string, string>) => ({
        url: `${origin}${path}`,
        init: {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(values).toString(),
        },
      });
      if (requestId && html.includes('action="/oauth/login"')) {
        pagesSeen.push('login');
        const user = SEED.users[opts.user];
        request = post('/oauth/login', { request_id: requestId, email: user.email, password: opts.password ?? SEED_PASSWORD });
        continue;
      }
      if (requestId && html.includes('action="/oauth/consent"')) {
        pagesSeen.push('consent');
        request = post('/oauth/consent', { request_id: requestId, decision: opts.consent ?? 'allow' });
        continue;
      }
      // An error page: the real window would just sit there until the user closes it.
      pagesSeen.push(`page ${res.status}`);
      throw new Error('The user did not approve access.');
    }
    throw new Error('Too many redirects');
  }) as LaunchWebAuthFlow & { as(next: Partial<ScriptedBrowserOptions>): void; pagesSeen: string[]; urls: string[] };
  launch.as = (next) => {
    opts = { ...opts, ...next };
  };
  launch.pagesSeen = pagesSeen;
  launch.urls = urls;
  return launch;
}

/** Every token the client holds right now: storage.session values named *Token, IndexedDB refresh tokens. */
export async function heldTokens(): Promise<string[]> {
  const tokens: string[] = [];
  const session = await fakeBrowser.storage.session.get();
  JSON.stringify(session, (key, value) => {
    if (typeof value === 'string' && /token$/i.test(key)) tokens.push(value);
    return value;
  });
  const db = await openSwdDb();
  for (const record of await db.getAll('refreshTokens')) tokens.push(record.refreshToken);
  return tokens;
}

/** Asserts none of `secrets` appears in storage.local. */
export async function localStorageText(): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage.local.get());
}

/** Spies on console.*; returns everything printed as one string (to scan for tokens). */
export function captureConsole(): { text(): string; restore(): void } {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const spies = methods.map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
  return {
    text: () =>
      spies
        .flatMap((s) => s.mock.calls)
        .map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${JSON.stringify(a)}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
        .join('\n'),
    restore: () => spies.forEach((s) => s.mockRestore()),
  };
}

/**
 * The fault-injection soak: the real extension in Chromium, the DocuSign emulator and the demo
 * host app, N sends driven through the host app's UI (trusted clicks on rows, "Send now" in the
 * confirm dialog; embedded sends also press Send in DocuSign's sender view tab), while the
 * emulator answers with rate limits (429 and 400), 500/503, delays and dropped connections (also
 * after it created the envelope), the service worker is stopped at random moments through the
 * DevTools protocol, and the browser is restarted once with the same profile.
 *
 * After the N sends no more faults are injected; the soak waits (with a deadline) until every job
 * is terminal and then compares the extension's jobs (read from its IndexedDB) with the
 * emulator's envelopes: lost sends, duplicate envelopes (same transactionId twice), envelopes in
 * the wrong account, jobs that never finished. Every random choice comes from one seeded PRNG;
 * timing still varies from run to run, so two runs with one seed inject the same faults in the
 * same order but may not interleave identically.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SEED, type EnvelopeReport, type FaultSpec } from '../emulator/index';
import { examplePolicyFor, startStack, type Stack } from '../e2e/support/stack';
import { POLICY_DIR } from '../e2e/support/policy';
import {
  TERMINAL_STATES,
  clickSend,
  documentUrlOf,
  isCreate,
  launchExtension,
  openDocuments,
  restRequests,
  rowBadge,
  rowButton,
  rowOf,
  waitFor,
  type ExtensionSession,
  type StoredJob,
} from './harness';
import { mulberry32, type Rng } from './rng';

export interface SoakOptions {
  /** Sends to drive through the UI. */
  sends: number;
  seed: number;
  /** The unpacked chrome-mv3 build (default .output/chrome-mv3). */
  extensionDir?: string;
  /** Share of sends made in embedded mode (sender view tab); the rest are direct. Default 0.15. */
  embeddedShare?: number;
  /** Probability that a send is preceded by an injected fault. Default 0.5. */
  faultRate?: number;
  /** Probability that the service worker is stopped during a send. Default 0.15. */
  stopRate?: number;
  /** Restart the browser once (same profile) in the middle of the run. Default true. */
  restart?: boolean;
  /** Deadline for all jobs to become terminal after the last send. Default 300 s. */
  drainTimeoutSeconds?: number;
  /** The emulator's "hourly" window in seconds (rate-limit resets come this soon). Default 10. */
  rateWindowSeconds?: number;
  /** Real per-account API limit per window (reached when many waiting jobs wake at once). Default 25. */
  rateLimit?: number;
  /** No injected rate-limit faults after this share of the sends (bounds the drain). Default 1. */
  rateFaultsUntil?: number;
  /** How the direct profiles create envelopes (their directSend). Default 'draft-first'. */
  directSend?: 'draft-first' | 'one-call';
  /** Progress lines. */
  log?: (line: string) => void;
  /** Keep the emulator's request log here (default: a temporary file, removed). */
  requestLog?: string;
}

export interface SoakResult {
  seed: number;
  /** Sends driven through the UI. */
  sends: number;
  /** Sends whose click created a job (the rest are in notQueued). */
  accepted: number;
  /** Sends that never created a job despite the user clicking again (each one visible as "Not sent"). */
  notQueued: number;
  /** Extra clicks needed because a click was refused (e.g. the worker stopped during the upload). */
  clicksRepeated: number;
  /** Envelopes in the emulator that still exist (not deleted), in total and per account. */
  envelopes: number;
  envelopesByAccount: Record<string, number>;
  /**
   * Accepted sends with neither a live envelope nor a terminal failed state, plus jobs whose own
   * envelope was deleted, plus jobs the extension shows as sent that DocuSign does not have sent.
   */
  lost: number;
  /** Envelopes beyond the first with the same transactionId that still exist (drafts or sent). */
  duplicates: number;
  /** Of those, the ones not voided either: drafts, or sent envelopes still in process. */
  activeDuplicates: number;
  /** Of all envelopes, those sent more than once for one transactionId (recipients mailed twice). */
  sentDuplicates: number;
  /**
   * Create requests DocuSign received beyond those the extension made (Chromium re-sends a request
   * by itself when a reused keep-alive connection closes before any response). One whose first
   * copy DocuSign had acted on made a spare draft; one dropped before DocuSign acted did not.
   */
  browserResentDuplicates: number;
  /** Spare drafts the extension deleted (its duplicate check by transactionId). */
  duplicateDraftsDeleted: number;
  /** Envelopes voided (a sent envelope deleted): never expected with draft-first; with one-call, the sent copies. */
  voided: number;
  /** Envelopes in an account other than the one the sending host user is routed to (or created by another DocuSign user). */
  wrongAccount: number;
  /** Jobs not done / failed / discarded when the drain ended. */
  nonTerminal: number;
  /** From the last send to the last job terminal (or the deadline). */
  drainSeconds: number;
  /** Jobs that ended failed (with a reason), by error kind. */
  failed: number;
  /** Of those, jobs whose envelope DocuSign has anyway (the user is told "Failed" for a send that happened). */
  failedWithEnvelope: number;
  failedReasons: Record<string, number>;
  /** Jobs by final state. */
  jobStates: Record<string, number>;
  /** Envelopes whose transactionId matches no job. */
  orphanEnvelopes: number;
  /** Documents (host user + URL) that reached DocuSign more than once (different jobs). */
  resentDocuments: number;
  /** Envelopes whose document differs from the job's (sha-256). */
  contentMismatch: number;
  /** Injected faults by kind. */
  faults: Record<string, number>;
  /** Faulty answers still queued when the sends ended (never hit; removed before the drain). */
  faultsUnused: number;
  /** Responses of the eSignature API by status ("dropped" = connection destroyed). */
  apiResponses: Record<string, number>;
  workerStops: number;
  workerStarts: number;
  browserRestarts: number;
  /**
   * Times the driver found jobs waiting with the worker stopped and no alarm set, and had to wake
   * the extension the way a user would (reloading a host page). Non-zero means the outbox would
   * otherwise only resume at the next browser event.
   */
  stalls: number;
  /** Times a user had to sign in to DocuSign again during the run (a session ended). */
  reSignIns: number;
  /** A Chromium enterprise policy file was present during the run (another test run's): figures may be off. */
  foreignPolicySeen: boolean;
  /** Times the background had forgotten a host page's user (lost update in its page registry) and the page was reloaded. */
  registryLosses: number;
  /** Embedded sends whose sender view was reopened from the extension (tab lost, e.g. browser restart). */
  senderViewsReopened: number;
  senderViewTabs: number;
  totalSeconds: number;
}

export interface SoakUser {
  username: 'emma' | 'liam';
  hostUserId: string;
  /** Each host user on their own origin: the demo app keeps one login per origin (cookie). */
  origin: 'ip' | 'localhost';
  /** Direct-mode profile (the default) and, for liam, an embedded one he may choose per send. */
  directProfile: string;
  embeddedProfile?: string;
  accountId: string;
  docuSignEmail: string;
  docuSignSub: string;
}

const USERS: Record<SoakUser['username'], SoakUser> = {
  emma: {
    username: 'emma',
    hostUserId: 'u-1001',
    origin: 'ip',
    directProfile: 'acme-eu',
    accountId: SEED.accounts.acmeEu.accountId,
    docuSignEmail: SEED.users.emma.email,
    docuSignSub: SEED.users.emma.sub,
  },
  liam: {
    username: 'liam',
    hostUserId: 'u-2001',
    origin: 'localhost',
    directProfile: 'acme-ca',
    embeddedProfile: 'acme-ca-prepare',
    accountId: SEED.accounts.acmeCa.accountId,
    docuSignEmail: SEED.users.liam.email,
    docuSignSub: SEED.users.liam.sub,
  },
};

/**
 * The README's example policy on the emulator, direct mode, plus a second Acme CA profile in
 * embedded mode ("prepare in DocuSign") that Canadian users may choose: the soak's embedded sends.
 */
export function soakConfig(emulator: Stack['emulator'], directSend: SoakOptions['directSend'] = 'draft-first'): ReturnType<typeof examplePolicyFor> {
  const config = examplePolicyFor(emulator);
  for (const profile of config.profiles) Object.assign(profile, { sendMode: 'direct', directSend });
  config.profiles.push({
    id: 'acme-ca-prepare',
    label: 'Acme CA (prepare)',
    environment: emulator.authServerUrl,
    integrationKey: SEED.integrationKeys.main.clientId,
    accountId: SEED.accounts.acmeCa.accountId,
    sendMode: 'embedded',
  });
  const rules = config.routingRules as Array<Record<string, unknown>>;
  const ca = rules.find((r) => r.id === 'ca');
  if (!ca) throw new Error('the example policy has no "ca" rule');
  Object.assign(ca, { profiles: ['acme-ca', 'acme-ca-prepare'], defaultProfile: 'acme-ca', allowChoice: true });
  return config;
}

const ACCOUNT_NAMES = new Map(Object.values(SEED.accounts).map((a) => [a.accountId, a.accountName]));
const RUNNABLE = ['queued', 'creating', 'created', 'sent'];

type FaultKind =
  | 'hourly-429'
  | 'hourly-400'
  | 'burst-429'
  | 'burst-400'
  | 'create-500'
  | 'create-503'
  | 'create-delay'
  | 'create-drop-after'
  | 'create-delay-drop-after'
  | 'create-drop-before'
  | 'lookup-503'
  | 'lookup-drop'
  | 'senderview-503'
  | 'senderview-drop-after'
  | 'token-503'
  | 'send-503'
  | 'send-drop-after'
  | 'delete-503';

function faultSpecs(kind: FaultKind, rng: Rng): FaultSpec[] {
  switch (kind) {
    case 'hourly-429':
      return [{ route: 'createEnvelope', status: 429, errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of hourly API invocations has been exceeded.' }];
    case 'hourly-400':
      return [{ route: 'createEnvelope', status: 400, errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of hourly API invocations has been exceeded.' }];
    case 'burst-429':
      return [{ route: 'createEnvelope', status: 429, errorCode: 'BURST_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of API invocations in the burst window has been exceeded.' }];
    case 'burst-400':
      return [{ route: 'createEnvelope', status: 400, errorCode: 'BURST_APIINVOCATION_LIMIT_EXCEEDED', message: 'The maximum number of API invocations in the burst window has been exceeded.' }];
    case 'create-500':
      return [{ route: 'createEnvelope', status: 500, count: rng.int(1, 2) }];
    case 'create-503':
      return [{ route: 'createEnvelope', status: 503, count: rng.int(1, 2) }];
    case 'create-delay':
      return [{ route: 'createEnvelope', delayMs: rng.int(300, 4000) }];
    case 'create-drop-after':
      return [{ route: 'createEnvelope', drop: 'after' }];
    case 'create-delay-drop-after':
      return [{ route: 'createEnvelope', drop: 'after', delayMs: rng.int(500, 3000) }];
    case 'create-drop-before':
      return [{ route: 'createEnvelope', drop: 'before' }];
    case 'lookup-503':
      return [{ route: 'listEnvelopes', status: 503 }];
    case 'lookup-drop':
      return [{ route: 'listEnvelopes', drop: 'before' }];
    case 'senderview-503':
      return [{ route: 'senderView', status: 503 }];
    case 'senderview-drop-after':
      return [{ route: 'senderView', drop: 'after' }];
    case 'token-503':
      return [{ route: 'token', status: 503 }];
    case 'send-503':
      return [{ route: 'updateEnvelope', status: 503 }];
    case 'send-drop-after':
      return [{ route: 'updateEnvelope', drop: 'after' }];
    case 'delete-503':
      return [{ route: 'moveToRecycleBin', status: 503 }];
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SendRecord {
  user: SoakUser;
  docId: string;
  documentUrl: string;
  accepted: boolean;
}

/** Runs the soak; resolves with its figures (throws only for a broken setup, never for a bad figure). */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const debug = (line: string) => (process.env.SOAK_DEBUG ? log(line) : undefined);
  const rng = mulberry32(options.seed);
  const n = options.sends;
  const embeddedShare = Math.min(0.5, Math.max(0, options.embeddedShare ?? 0.15));
  const faultRate = options.faultRate ?? 0.5;
  const stopRate = options.stopRate ?? 0.15;
  const rateFaultsUntil = Math.floor(n * (options.rateFaultsUntil ?? 1));
  const restartAt = options.restart === false ? -1 : Math.max(1, Math.floor(n * (0.35 + rng.next() * 0.3)));
  const tmp = await mkdtemp(path.join(tmpdir(), 'swd-soak-'));
  const requestLog = options.requestLog ?? path.join(tmp, 'emulator.jsonl');

  const faultCounts: Record<string, number> = {};
  let workerStops = 0;
  let workerStartsBefore = 0;
  let browserRestarts = 0;
  let stalls = 0;
  let senderViewsReopened = 0;
  let senderViewTabs = 0;
  let clicksRepeated = 0;
  let registryLosses = 0;
  let reSignIns = 0;
  // Chromium reads enterprise policy machine-wide: a policy file written by another test run
  // (test/e2e/support/policy.ts) replaces this run's configuration and ends its sessions.
  let foreignPolicySeen = false;
  const foreignPolicyNote = `a Chromium policy file is present in ${POLICY_DIR} (another test run?): it overrides this run's configuration`;
  const foreignPolicy = (): boolean => {
    const present = existsSync(POLICY_DIR) && readdirSync(POLICY_DIR, { withFileTypes: true }).some((entry) => entry.isFile());
    if (present) foreignPolicySeen = true;
    return present;
  };

  const stack: Stack = await startStack({
    autoApprove: true,
    logFile: requestLog,
    limits: { hourWindowSeconds: options.rateWindowSeconds ?? 10, hourlyLimit: options.rateLimit ?? 25, rateLimitStatus: 429 },
  });
  const emulator = stack.emulator.control;
  const hostUrl = (user: SoakUser) => (user.origin === 'ip' ? stack.host.url : stack.host.url.replace('127.0.0.1', 'localhost'));
  let session: ExtensionSession | undefined;
  const pages = new Map<SoakUser['username'], Page>();
  /** The profile each host user has chosen (liam switches between direct and embedded). */
  const selected = new Map<SoakUser['username'], string>();
  const users: SoakUser[] = [USERS.emma, USERS.liam];
  const rows = n + 5;

  const current = (): ExtensionSession => {
    if (!session) throw new Error('no browser');
    return session;
  };
  const pageOf = (user: SoakUser): Page => {
    const page = pages.get(user.username);
    if (!page) throw new Error(`no page for ${user.username}`);
    return page;
  };

  /** Embedded sends: DocuSign's sender view opens in a new tab; the user presses Send there. */
  const senderViewPages = new Set<Page>();
  const handleSenderView = async (page: Page) => {
    try {
      await page.waitForURL((url) => url.protocol.startsWith('http'), { timeout: 15_000 });
    } catch {
      return;
    }
    if (!page.url().includes('/senderview/')) return; // one of the driver's own pages
    senderViewTabs++;
    senderViewPages.add(page);
    try {
      await page.waitForLoadState('domcontentloaded');
      const send = page.getByRole('button', { name: /^Send$/ });
      if ((await send.count()) === 0) return; // expired or already used: nothing to press
      // DocuSign's page, not ours: a plain click (the tab may be in the background).
      await send.evaluate((button) => (button as HTMLButtonElement).click());
      await page.waitForURL((url) => url.pathname === '/documents', { timeout: 15_000 });
      // Back on the host page, whose content script reports the event: wait until the job took it.
      const jobId = new URL(page.url()).searchParams.get('swdJob');
      const until = Date.now() + 10_000;
      while (jobId && Date.now() < until) {
        const job = (await current().jobs()).find((j) => j.id === jobId);
        if (!job || TERMINAL_STATES.includes(job.state)) break;
        await sleep(200);
      }
    } catch {
      // The tab went away (browser restart) or showed an error page: the drain sees the job.
    } finally {
      senderViewPages.delete(page);
      await page.close().catch(() => undefined);
    }
  };

  // One after the other, as a user opens tabs (two tabs loading at once can lose one's registration
  // in the background's page registry: see the report).
  const openPages = async () => {
    for (const user of users) {
      await pages.get(user.username)?.close().catch(() => undefined);
      pages.set(user.username, await openDocuments(current().context, hostUrl(user), user.username, { rows, ready: /via/ }));
    }
  };
  const launch = async (userDataDir?: string) => {
    session = await launchExtension({ ...(options.extensionDir ? { extensionDir: options.extensionDir } : {}), ...(userDataDir ? { userDataDir } : {}) });
    session.context.on('page', (page) => void handleSenderView(page));
    pages.clear();
    selected.clear();
  };

  const jobFor = async (user: SoakUser, documentUrl: string): Promise<StoredJob | undefined> =>
    (await current().jobs()).find((j) => j.hostUser.id === user.hostUserId && j.documentUrl === documentUrl);

  const stopWorker = async () => {
    workerStops++;
    await current().stopWorker().catch(() => undefined);
  };

  const restartBrowser = async () => {
    const t0 = Date.now();
    const dir = current().userDataDir;
    workerStartsBefore += current().workerStarts();
    await current().close({ keepProfile: true });
    browserRestarts++;
    // From here on the emulator answers real rate limits with HTTP 400 (DocuSign's former status).
    emulator.setConfig({ limits: { rateLimitStatus: 400 } });
    await launch(dir);
    await openPages();
    debug(`browser restarted in ${Date.now() - t0} ms`);
  };

  /** The user picks the profile (liam: direct or "prepare in DocuSign") and waits for the button to say so. */
  const choose = async (user: SoakUser, profileId: string, docId: string) => {
    if (!user.embeddedProfile || selected.get(user.username) === profileId) return;
    const page = pageOf(user);
    const hostUserKey = `${new URL(page.url()).origin}|${user.hostUserId}`;
    let result = await current().ui('ui:selectProfile', { hostUserKey, profileId });
    if (!result.ok && result.error.code === 'unknown_host_user') {
      // The background forgot this page's user (see the report): reloading the page introduces it again.
      registryLosses++;
      log(`${user.username} unknown to the background: reloading the page`);
      await page.reload();
      await waitFor(() => rowButton(page, 'd-1').textContent({ timeout: 1000 }), (t) => /via/.test(t ?? ''), 20_000, `${user.username}'s buttons`);
      result = await current().ui('ui:selectProfile', { hostUserKey, profileId });
    }
    if (!result.ok) throw new Error(`selecting ${profileId} for ${user.username} failed: ${JSON.stringify(result.error)}`);
    selected.set(user.username, profileId);
    const label = profileId.endsWith('-prepare') ? /\(prepare\)/ : /via Acme [A-Z]{2} ·/;
    await rowOf(page, docId).scrollIntoViewIfNeeded();
    await waitFor(() => rowButton(page, docId).textContent({ timeout: 1000 }), (t) => label.test(t ?? ''), 10_000, `${user.username}'s button to show ${profileId}`);
  };

  /** One send, as a user does it: click, confirm; click again if the extension said "Not sent". */
  const send = async (
    user: SoakUser,
    docId: string,
    plan: { embedded: boolean; stopBefore: boolean; stopAfterMs?: number; restartAfterMs?: number },
  ): Promise<SendRecord> => {
    let documentUrl = await documentUrlOf(pageOf(user), docId);
    for (let attempt = 1; attempt <= 4; attempt++) {
      if (attempt > 1) clicksRepeated++;
      await choose(user, plan.embedded && user.embeddedProfile ? user.embeddedProfile : user.directProfile, docId);
      if (attempt === 1 && plan.stopBefore) await stopWorker();
      const outcome = await clickSend(pageOf(user), docId, { confirm: !plan.embedded, timeoutMs: 10_000 }).catch((error: unknown) => ({
        kind: 'no-dialog' as const,
        detail: String(error),
      }));
      if (outcome.kind === 'needs-sign-in') {
        // The DocuSign session is gone: the user signs in again (the button would start the same flow).
        const profileId = selected.get(user.username) ?? user.directProfile;
        reSignIns++;
        log(`${user.username} must sign in to ${profileId} again (${outcome.detail})${foreignPolicy() ? `; ${foreignPolicyNote}` : ''}`);
        emulator.setConfig({ autoLoginAs: user.docuSignEmail });
        const signedIn = await current().ui('ui:signIn', { profileId });
        if (!signedIn.ok) log(`sign-in of ${user.username} to ${profileId} failed: ${JSON.stringify(signedIn.error)}`);
        continue;
      }
      if (outcome.kind === 'submitted') {
        if (attempt === 1 && plan.stopAfterMs !== undefined) {
          await sleep(plan.stopAfterMs);
          await stopWorker();
        }
        if (attempt === 1 && plan.restartAfterMs !== undefined) {
          await sleep(plan.restartAfterMs);
          await restartBrowser();
          documentUrl = await documentUrlOf(pageOf(user), docId);
        }
        const deadline = Date.now() + 15_000;
        // A repeated click starts from the previous attempt's "Not sent": only a new one counts.
        let fresh = attempt === 1;
        while (Date.now() < deadline) {
          if (await jobFor(user, documentUrl)) return { user, docId, documentUrl, accepted: true };
          const badge = (await rowBadge(pageOf(user), docId).textContent({ timeout: 300 }).catch(() => null)) ?? '';
          if (badge !== 'Not sent') fresh = true;
          else if (fresh) break;
          await sleep(150);
        }
      }
      // Refused, or nothing happened: the reply may have been lost after the job was stored.
      await sleep(800);
      if (await jobFor(user, documentUrl)) return { user, docId, documentUrl, accepted: true };
      log(`send ${user.username}/${docId}: attempt ${attempt} not queued (${outcome.kind === 'no-dialog' ? outcome.detail.split('\n')[0] : 'refused'})`);
    }
    return { user, docId, documentUrl, accepted: false };
  };

  const records: SendRecord[] = [];
  try {
    if (foreignPolicy()) log(`warning: ${foreignPolicyNote}`);
    await launch();
    const imported = await current().ui('ui:importConfig', { text: JSON.stringify(soakConfig(stack.emulator, options.directSend)), save: true });
    if (imported.rejected.length) throw new Error(`configuration rejected: ${JSON.stringify(imported.rejected)}`);
    for (const user of users) {
      emulator.setConfig({ autoLoginAs: user.docuSignEmail });
      for (const profileId of [user.directProfile, ...(user.embeddedProfile && embeddedShare > 0 ? [user.embeddedProfile] : [])]) {
        const signedIn = await current().ui('ui:signIn', { profileId });
        if (!signedIn.ok) throw new Error(`sign-in of ${user.username} to ${profileId} failed: ${JSON.stringify(signedIn.error)}`);
      }
    }
    await openPages();
    debug(`ready to send after ${Date.now() - started} ms`);

    const nextRow = new Map<string, number>();
    const sendPhaseStart = Date.now();
    for (let i = 0; i < n; i++) {
      const user = rng.chance(0.5) ? USERS.emma : USERS.liam;
      const embedded = user.embeddedProfile !== undefined && rng.chance(embeddedShare * 2);
      const row = (nextRow.get(user.username) ?? 0) + 1;
      nextRow.set(user.username, row);
      const docId = `d-${row}`;

      if (rng.chance(faultRate)) {
        const rate = i < rateFaultsUntil ? 1 : 0;
        const kind = rng.weighted<FaultKind>([
          ['hourly-429', 2 * rate],
          ['hourly-400', rate],
          ['burst-429', rate],
          ['burst-400', rate],
          ['create-500', 2],
          ['create-503', 2],
          ['create-delay', 3],
          ['create-drop-after', 3],
          ['create-delay-drop-after', 2],
          ['create-drop-before', 1],
          ['lookup-503', 1],
          ['lookup-drop', 1],
          ['senderview-503', embeddedShare > 0 ? 1 : 0],
          ['senderview-drop-after', embeddedShare > 0 ? 1 : 0],
          ['send-503', 1],
          ['send-drop-after', 2],
          ['delete-503', 1],
        ]);
        emulator.addFaults(faultSpecs(kind, rng));
        faultCounts[kind] = (faultCounts[kind] ?? 0) + 1;
      }
      const stop = rng.chance(stopRate);
      const stopBefore = stop && rng.chance(0.25);
      const stopAfterMs = stop && !stopBefore ? (rng.chance(0.5) ? rng.int(0, 300) : rng.int(300, 2500)) : undefined;
      const restartAfterMs = i === restartAt ? rng.int(0, 1500) : undefined;
      if (restartAfterMs !== undefined && rng.chance(0.5)) {
        // The first token refresh after the restart (access tokens live in session storage) fails once.
        emulator.addFaults(faultSpecs('token-503', rng));
        faultCounts['token-503'] = (faultCounts['token-503'] ?? 0) + 1;
      }
      const sendStarted = Date.now();
      records.push(
        await send(user, docId, {
          embedded,
          stopBefore,
          ...(stopAfterMs !== undefined ? { stopAfterMs } : {}),
          ...(restartAfterMs !== undefined ? { restartAfterMs } : {}),
        }),
      );
      debug(`send ${i + 1} ${user.username}/${docId}${embedded ? ' (embedded)' : ''} took ${Date.now() - sendStarted} ms`);
      if ((i + 1) % 10 === 0 || i === n - 1) {
        if (!foreignPolicySeen && foreignPolicy()) log(`warning: ${foreignPolicyNote}`);
        const jobs = await current().jobs();
        const open = jobs.filter((j) => !TERMINAL_STATES.includes(j.state)).length;
        log(
          `${i + 1}/${n} sends in ${((Date.now() - sendPhaseStart) / 1000).toFixed(0)} s: ${jobs.length} jobs (${open} open), ` +
            `${emulator.getEnvelopes().length} envelopes, ${workerStops} worker stops, ${browserRestarts} restarts`,
        );
      }
    }

    // --- drain: no more faults; wait until every job is terminal (or the deadline).
    // Faults still queued were never hit (e.g. every job was waiting for a rate-limit reset).
    const faultsUnused = emulator.getState().pendingFaults.reduce((sum, f) => sum + f.remaining, 0);
    emulator.clearFaults();
    const drainStart = Date.now();
    const deadline = drainStart + (options.drainTimeoutSeconds ?? 300) * 1000;
    let stalledSince: number | undefined;
    const openSince = new Map<string, number>();
    let lastReport = drainStart;
    for (;;) {
      const jobs = await current().jobs();
      const open = jobs.filter((j) => !TERMINAL_STATES.includes(j.state));
      // A job's duplicate check (TIDY_DELAY_MS after its create) is part of its work.
      const checksPending = jobs.filter((j) => j.tidyDueAt !== undefined);
      if (open.length === 0 && checksPending.length === 0 && senderViewPages.size === 0) break;
      if (Date.now() > deadline) break;
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        const states: Record<string, number> = {};
        for (const j of open) states[j.state] = (states[j.state] ?? 0) + 1;
        log(`drain ${((Date.now() - drainStart) / 1000).toFixed(0)} s: ${open.length} open ${JSON.stringify(states)}, ${checksPending.length} duplicate checks pending, worker ${current().workerStatus()}`);
      }
      // Work the outbox should be doing while nothing can wake it: the worker is stopped and no alarm is set.
      const runnable = [...open.filter((j) => RUNNABLE.includes(j.state)), ...checksPending.filter((j) => !open.includes(j))];
      if (runnable.length && current().workerStatus() === 'stopped') {
        const now = Date.now();
        const alarms = await current().alarms();
        if (!alarms.some((a) => a.scheduledTime > now - 3000)) {
          stalledSince ??= now;
          if (now - stalledSince > 3000) {
            stalls++;
            const owner = Object.values(USERS).find((u) => u.hostUserId === runnable[0]?.hostUser.id) ?? USERS.emma;
            log(`stall: ${runnable.length} runnable job(s) (${runnable.map((j) => j.state).join(', ')}), worker stopped, no alarm: reloading ${owner.username}'s page`);
            await pageOf(owner).reload();
            stalledSince = undefined;
          }
        } else {
          stalledSince = undefined;
        }
      } else {
        stalledSince = undefined;
      }
      // Embedded sends whose sender view tab is gone (e.g. closed by the browser restart): the user reopens them.
      for (const job of open) {
        if (job.state !== 'sender-view-opened') {
          openSince.delete(job.id);
          continue;
        }
        const since = openSince.get(job.id) ?? Date.now();
        openSince.set(job.id, since);
        if (senderViewPages.size === 0 && Date.now() - since > 8000) {
          openSince.delete(job.id);
          const reopened = await current().ui('ui:retryJob', { jobId: job.id });
          if (reopened.ok) senderViewsReopened++;
        }
      }
      await sleep(500);
    }
    const drainSeconds = (Date.now() - drainStart) / 1000;
    if (!foreignPolicySeen && foreignPolicy()) log(`warning: ${foreignPolicyNote}`);

    // --- figures
    const jobs = await current().jobs();
    const envelopes: EnvelopeReport[] = emulator.getEnvelopes();
    const requests = await readRequestLog(requestLog);
    return {
      ...figures(records, jobs, envelopes, requests.createPosts),
      seed: options.seed,
      sends: n,
      clicksRepeated,
      drainSeconds: Math.round(drainSeconds * 10) / 10,
      faults: faultCounts,
      faultsUnused,
      apiResponses: requests.apiResponses,
      workerStops,
      workerStarts: workerStartsBefore + current().workerStarts(),
      browserRestarts,
      stalls,
      registryLosses,
      reSignIns,
      foreignPolicySeen,
      senderViewsReopened,
      senderViewTabs,
      totalSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await session?.close().catch(() => undefined);
    await stack.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

type Figures = Pick<
  SoakResult,
  | 'accepted'
  | 'notQueued'
  | 'envelopes'
  | 'envelopesByAccount'
  | 'lost'
  | 'duplicates'
  | 'sentDuplicates'
  | 'activeDuplicates'
  | 'browserResentDuplicates'
  | 'duplicateDraftsDeleted'
  | 'voided'
  | 'wrongAccount'
  | 'nonTerminal'
  | 'failed'
  | 'failedWithEnvelope'
  | 'failedReasons'
  | 'jobStates'
  | 'orphanEnvelopes'
  | 'resentDocuments'
  | 'contentMismatch'
>;

/** Compares what the extension believes (its jobs) with what DocuSign has (the emulator's envelopes). */
export function figures(
  records: SendRecord[],
  jobs: StoredJob[],
  envelopes: EnvelopeReport[],
  /** Create requests DocuSign received per transactionId (from its request log). */
  createPosts: Map<string, number>,
): Figures {
  const byTx = new Map<string, EnvelopeReport[]>();
  for (const e of envelopes) {
    const key = e.transactionId ?? `(none:${e.envelopeId})`;
    byTx.set(key, [...(byTx.get(key) ?? []), e]);
  }
  /** Envelopes that still exist: a deleted spare draft never reached anyone and costs nothing. */
  const isLive = (e: EnvelopeReport) => e.status !== 'deleted';
  const envelopeById = new Map(envelopes.map((e) => [e.envelopeId, e]));
  const jobIds = new Set(jobs.map((j) => j.id));
  const usersById = new Map(Object.values(USERS).map((u) => [u.hostUserId, u]));

  let lost = 0;
  let failed = 0;
  let failedWithEnvelope = 0;
  let nonTerminal = 0;
  let wrongAccount = 0;
  let contentMismatch = 0;
  const failedReasons: Record<string, number> = {};
  const jobStates: Record<string, number> = {};
  const envelopesPerDocument = new Map<string, number>();
  for (const job of jobs) {
    jobStates[job.state] = (jobStates[job.state] ?? 0) + 1;
    const all = byTx.get(job.id) ?? [];
    const found = all.filter(isLive);
    if (!TERMINAL_STATES.includes(job.state)) nonTerminal++;
    if (job.state === 'failed') {
      failed++;
      if (found.length > 0) failedWithEnvelope++;
      const kind = job.error?.kind ?? 'unknown';
      failedReasons[kind] = (failedReasons[kind] ?? 0) + 1;
    }
    const own = job.envelopeId ? envelopeById.get(job.envelopeId) : undefined;
    if (job.state !== 'failed' && job.state !== 'discarded') {
      if (found.length === 0 || (own && !isLive(own))) lost++;
      // Shown as sent, but DocuSign does not have it sent: as bad as lost.
      else if (job.state === 'done' && job.outcome === 'sent' && own?.status !== 'sent') lost++;
    }
    const docKey = `${job.hostUser.id} ${job.documentUrl}`;
    envelopesPerDocument.set(docKey, (envelopesPerDocument.get(docKey) ?? 0) + found.length);
    const user = usersById.get(job.hostUser.id);
    for (const envelope of all) {
      if (!user || envelope.accountId !== user.accountId || envelope.createdBy !== user.docuSignSub) wrongAccount++;
      if (envelope.documents[0]?.sha256 !== job.document.sha256) contentMismatch++;
    }
  }
  // A click the UI accepted but whose job does not exist any more (or never did) is lost too.
  for (const record of records) {
    if (record.accepted && !jobs.some((j) => j.hostUser.id === record.user.hostUserId && j.documentUrl === record.documentUrl)) lost++;
  }
  let duplicates = 0;
  let activeDuplicates = 0;
  let sentDuplicates = 0;
  let browserResentDuplicates = 0;
  let orphanEnvelopes = 0;
  const jobsById = new Map(jobs.map((j) => [j.id, j]));
  for (const [tx, list] of byTx) {
    duplicates += Math.max(0, list.filter(isLive).length - 1);
    activeDuplicates += Math.max(0, list.filter((e) => isLive(e) && e.status !== 'voided').length - 1);
    sentDuplicates += Math.max(0, list.filter((e) => e.status === 'sent' || e.status === 'voided').length - 1);
    const job = jobsById.get(tx);
    if (!job) orphanEnvelopes += list.length;
    // createRequests is persisted before each POST, so it never undercounts what the extension sent.
    browserResentDuplicates += Math.max(0, (createPosts.get(tx) ?? 0) - (job?.createRequests ?? 0));
  }
  const envelopesByAccount: Record<string, number> = {};
  for (const e of envelopes.filter(isLive)) {
    const name = ACCOUNT_NAMES.get(e.accountId) ?? e.accountId;
    envelopesByAccount[name] = (envelopesByAccount[name] ?? 0) + 1;
  }
  return {
    accepted: records.filter((r) => r.accepted).length,
    notQueued: records.filter((r) => !r.accepted).length,
    envelopes: envelopes.filter(isLive).length,
    envelopesByAccount,
    lost,
    duplicates,
    activeDuplicates,
    sentDuplicates,
    browserResentDuplicates,
    duplicateDraftsDeleted: envelopes.filter((e) => e.status === 'deleted').length,
    voided: envelopes.filter((e) => e.status === 'voided').length,
    wrongAccount,
    nonTerminal,
    failed,
    failedWithEnvelope,
    failedReasons,
    jobStates,
    orphanEnvelopes,
    resentDocuments: [...envelopesPerDocument.values()].filter((count) => count > 1).length,
    contentMismatch,
  };
}

async function readRequestLog(file: string): Promise<{ apiResponses: Record<string, number>; createPosts: Map<string, number> }> {
  const apiResponses: Record<string, number> = {};
  const createPosts = new Map<string, number>();
  for (const request of await restRequests(file)) {
    const key = request.status === null ? (request.dropped ? `dropped-${request.dropped}` : 'no-response') : String(request.status);
    apiResponses[key] = (apiResponses[key] ?? 0) + 1;
    if (isCreate(request) && request.transactionId) createPosts.set(request.transactionId, (createPosts.get(request.transactionId) ?? 0) + 1);
  }
  return { apiResponses, createPosts };
}

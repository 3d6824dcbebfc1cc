import type { HostAdapter } from '../host/adapter-types';
import { itemSelectorOf, readDocumentItem, readDocumentUrl, readHostUser, readPageRecipient, type HostUser } from '../host/extract';
import { adapterMatchesUrl, pickAdapter } from '../host/match';
import {
  backgroundToContent,
  contentToBackground,
  type AdaptersForPage,
  type ButtonTarget,
  type HelloResult,
  type JobView,
} from '../messaging/content-protocol';
import { startInjector, type DecoratedItem } from './injector';
import { createToaster } from './toast';
import { loadOnIntent, sendLoaderForPage } from './send-loader';
import type { SendModule } from './send-module-hook';
import { badgeForJob } from './job-badge';
import { readSenderViewReturn, clearSenderViewReturn } from './sender-view-return';
import { childScope, type Ctx, type Scope } from './scope';
import { earlyLookNeeded, roundItemPx, watchItemHeight, type ItemHeightWatch } from './first-pass';
import { primeMessages, t, useBundledMessages } from '../i18n';
import { FIRST_LABEL_MESSAGES } from './first-labels';
import { sizeButtons } from './button-styles';
import { buttonLabelKey } from './send-button';
import type { ButtonWidth } from '../button-width';
import { sameData } from '../same-data';

/** Most document URLs per `content:jobsForDocuments` request (the background's bound too). */
const JOB_QUERY_MAX = 500;

/** A `content:hello` sent while the page was still loading (see startHostIntegration). */
interface EarlyHello {
  adapterId: string;
  hostUser: HostUser | null;
  result: Promise<HelloResult | null>;
  value: HelloResult | null;
  /** The first items' rendered height, if the page renders a frame before DOMContentLoaded. */
  itemHeight: ItemHeightWatch;
}

/** How often a loading page is checked for its host user (a few querySelector calls each). */
const EARLY_POLL_MS = 50;
/** The buttons' width is measured when the page is idle, or after this long (ms) at the latest. */
const LEARN_WIDTH_TIMEOUT_MS = 2000;
/** A remembered label is confirmed when the page is idle, or after this long (ms) at the latest. */
const CONFIRM_HELLO_TIMEOUT_MS = 1000;

/**
 * The whole in-page feature: pick the adapter, read the host user, decorate items, keep the
 * buttons' target in sync with the background, run sends. Everything is owned by `ctx`.
 *
 * Called at document_start. While the page loads it asks the background for the effective
 * adapters (built-in, local settings and policy, so admins can add their own host app without a
 * rebuild) and what earlier loads of the site left: the last hello's answer and the items' height.
 * Without both (a first visit), once the page shows its host user and first item, it says hello:
 * on a long page both answers are back before DOMContentLoaded, so the first buttons get their
 * final label (relabelling later would relayout the host's whole table). With both, the page is
 * left alone while it loads, and the hello that confirms the remembered label waits until the
 * page is idle. On DOMContentLoaded the items in view are decorated at once, with the built-in
 * adapter if the background has not answered yet; its adapters replace that one only when they
 * differ for this page.
 */
export function startHostIntegration(ctx: Ctx, builtin: readonly HostAdapter[]): Promise<void> {
  let effective: readonly HostAdapter[] | null = null;
  /** Adapter id → items' height (px) measured on earlier loads of this site. */
  let rememberedItemPx: Readonly<Record<string, number>> = {};
  /** The last hello's answer on this site, for the first labels (if the same host user is here). */
  let lastTarget: AdaptersForPage['lastTarget'] = null;
  const answer = contentToBackground.sendMessage('content:adaptersFor', { url: location.href }).then(
    (page) => {
      // Fields an older or newer background might lack: each is only a hint.
      rememberedItemPx = page.itemPx ?? {};
      lastTarget = page.lastTarget ?? null;
      return (effective = Array.isArray(page.adapters) ? page.adapters : null);
    },
    // The background could not answer (being updated, or gone): the built-in adapters serve.
    () => null,
  );
  // Labels and messages from the background's copy of the catalogue: no synchronous
  // i18n.getMessage IPC on the host's main thread while it loads (see primeMessages). Until it
  // arrives, the first labels' strings are bundled.
  useBundledMessages(FIRST_LABEL_MESSAGES);
  contentToBackground.sendMessage('content:messages', undefined).then(primeMessages, () => undefined);
  let early: EarlyHello | null = null;
  let running: { adapter: HostAdapter; scope: Scope } | null = null;
  const run = (adapter: HostAdapter | null) => {
    if (!ctx.isValid) return;
    if (running && adapter && sameAdapter(running.adapter, adapter)) return;
    running?.scope.stop();
    running = null;
    if (!adapter) return;
    const scope = childScope(ctx);
    running = { adapter, scope };
    runHostIntegration(scope, adapter, { early, rememberedItemPx: rememberedItemPx[adapter.id] ?? null, lastTarget });
  };
  const start = () => {
    // Whichever adapter runs now (or none), the first rows have been measured for good.
    early?.itemHeight.stop();
    run(pickAdapter(effective ?? builtin, document, location.href));
    return answer.then((adapters) => {
      if (adapters) run(pickAdapter(adapters, document, location.href));
    });
  };
  if (document.readyState !== 'loading') return start();

  // The URL does not change while the page loads: adapters for other sites are set aside once per
  // adapter list, so the poll below never searches a long, half-parsed document for their selectors
  // (a selector that matches nothing walks every node parsed so far).
  let candidatesOf: readonly HostAdapter[] | null = null;
  let candidates: readonly HostAdapter[] = [];
  const poll = () => {
    if (early || document.readyState !== 'loading') return;
    const adapters = effective ?? builtin;
    if (candidatesOf !== adapters) {
      candidatesOf = adapters;
      candidates = adapters.filter((a) => adapterMatchesUrl(a, location.href));
    }
    const found = firstItemShown(candidates);
    if (!found) {
      ctx.setTimeout(poll, EARLY_POLL_MS);
      return;
    }
    const { adapter, element, selector } = found;
    const hostUser = readHostUser(document, adapter, location.origin);
    const hello: EarlyHello = {
      adapterId: adapter.id,
      hostUser,
      value: null,
      result: Promise.resolve(null),
      itemHeight: watchItemHeight(ctx, element, selector),
    };
    hello.result = contentToBackground.sendMessage('content:hello', { hostUser, adapterId: adapter.id }).then(
      (result) => (hello.value = result),
      () => null,
    );
    early = hello;
  };
  void answer.then(() => {
    if (early || document.readyState !== 'loading') return;
    if (earlyLookNeeded(effective ?? builtin, location.href, rememberedItemPx, lastTarget)) poll();
  });
  return new Promise((resolve) => {
    ctx.addEventListener(document, 'DOMContentLoaded', () => resolve(start()), { once: true });
  });
}

/**
 * The first adapter whose user container and at least one document item the (loading) page shows,
 * with that first item. The user container is complete once an item after it has been parsed.
 */
function firstItemShown(adapters: readonly HostAdapter[]): { adapter: HostAdapter; element: Element; selector: string } | null {
  for (const adapter of adapters) {
    if (!document.querySelector(adapter.user.container)) continue;
    for (const { item } of adapter.documents) {
      const element = document.querySelector(item);
      if (element) return { adapter, element, selector: item };
    }
  }
  return null;
}

/**
 * Tells the background the height of this page's first items, for the first buttons of the next
 * load (see firstPassCount): the height measured while the page loaded if there is one, else the
 * one an IntersectionObserver reports after the first frame (no layout read of ours). Once per
 * load, in idle time; nothing when it is what the background already had.
 */
function learnItemHeight(ctx: Ctx, adapter: HostAdapter, measuredWhileLoading: number | null, remembered: number | null): void {
  const report = (px: number) => {
    if (roundItemPx(px) === remembered) return;
    ctx.requestIdleCallback(() => {
      if (ctx.isValid) contentToBackground.sendMessage('content:itemHeight', { adapterId: adapter.id, px }).catch(() => undefined);
    });
  };
  if (measuredWhileLoading !== null) {
    report(measuredWhileLoading);
    return;
  }
  const itemSelector = itemSelectorOf(adapter);
  const first = itemSelector ? document.querySelector(itemSelector) : null;
  if (!first) return;
  const watch = watchItemHeight(ctx, first, itemSelector, (px) => {
    watch.stop();
    report(px);
  });
}

/** Same description (adapters are plain JSON data, from the build, local settings or policy:
 * stored ones come back with their keys sorted, so not JSON.stringify). */
function sameAdapter(a: HostAdapter, b: HostAdapter): boolean {
  return sameData(a, b);
}

/** What the page learnt before DOMContentLoaded, and what earlier loads of the site left. */
interface StartHints {
  early?: EarlyHello | null;
  rememberedItemPx?: number | null;
  lastTarget?: AdaptersForPage['lastTarget'];
}

export function runHostIntegration(ctx: Ctx, adapter: HostAdapter, hints: StartHints = {}): void {
  const { early = null, rememberedItemPx = null, lastTarget = null } = hints;
  let hostUser: HostUser | null = readHostUser(document, adapter, location.origin);
  // The hello sent while the page loaded holds if it was for this adapter and this user; else the
  // last answer on this site, if it was for this user (the hello below confirms or corrects it).
  const earlyHello = early && early.adapterId === adapter.id && JSON.stringify(early.hostUser) === JSON.stringify(hostUser) ? early : null;
  const lastTargetHere = hostUser && lastTarget?.hostUserId === hostUser.id ? lastTarget.target : null;
  let target: ButtonTarget | null = earlyHello?.value?.target ?? lastTargetHere;
  /** Latest job per document URL, for badges on items decorated later. */
  const jobsByUrl = new Map<string, JobView>();

  const documentUrlOf = (entry: DecoratedItem) => readDocumentUrl(entry.item, entry.spec, location.href);

  const showJob = (entry: DecoratedItem, job: JobView | undefined) => {
    entry.button.setBadge(job ? badgeForJob(job, () => void retry(job.id)) : null);
  };

  // Badges: jobs are looked up for decorated items only (the rows a user can see or is about to),
  // batched, once per document URL; items decorated later are looked up when they are. The
  // injector hands decorated items over in a task after it put their buttons in: a row the app
  // inserts gets its button first, its badge right after.
  const queried = new Set<string>();
  let pendingJobs: string[] = [];
  const newlyDecorated: DecoratedItem[] = [];
  let jobsEnabled = false;
  function flushJobs() {
    if (!ctx.isValid) return;
    for (const entry of newlyDecorated.splice(0)) {
      if (!entry.button.host.isConnected) continue;
      const url = documentUrlOf(entry);
      if (!url) continue;
      if (jobsByUrl.has(url)) showJob(entry, jobsByUrl.get(url));
      else wantJobs(url);
    }
    if (!jobsEnabled) return;
    while (pendingJobs.length) {
      const documentUrls = pendingJobs.splice(0, JOB_QUERY_MAX);
      contentToBackground.sendMessage('content:jobsForDocuments', { documentUrls, hostUser }).then(
        (jobs) => {
          if (ctx.isValid) applyJobs(jobs.filter((job) => !jobsByUrl.has(job.documentUrl)));
        },
        () => undefined,
      );
    }
  }
  function wantJobs(url: string) {
    if (queried.has(url)) return;
    queried.add(url);
    pendingJobs.push(url);
  }

  // Buttons of a fixed size from the start when an earlier load measured them with these labels
  // (see sizeButtons): a badge or label change then lays out the button, not the host's list.
  const rememberedWidth = lastTargetHere ? lastTarget?.buttonWidth : undefined;
  let sizedFor: string | null = null;
  /** What this page reported (content:buttonWidth), so it reports each width once. */
  let reportedWidth: ButtonWidth | undefined;
  // (Also undoes a size an earlier run of this script fixed, for another adapter.)
  if (sizeButtons(rememberedWidth && target && rememberedWidth.labelKey === buttonLabelKey(target) ? rememberedWidth.px : null)) {
    sizedFor = rememberedWidth!.labelKey;
  }
  /**
   * The width of a button as its labels set it, for the next load, unless the background has it.
   * With the size fixed: whether the remembered width still holds the labels (another minimum font
   * size since, say); if not, buttons size themselves again (one more layout) and are measured.
   */
  function measureButtonWidth() {
    if (!target || !hostUser) return;
    const key = buttonLabelKey(target);
    for (const entry of injector.decoratedItems()) {
      const measured = entry.button.measure();
      if (!measured) continue;
      // Relabelled since (another answer on its way): the next apply measures again.
      if (measured.labelKey !== key) return;
      if (sizedFor !== null) {
        // Cut short at the full fixed width (not by a narrower cell): the width is too small.
        if (measured.cut && rememberedWidth && measured.px >= rememberedWidth.px - 0.5) {
          sizeButtons(null);
          sizedFor = null;
          learnButtonWidth();
        }
        return;
      }
      // Cut short by a narrow cell: the cell, not the labels, set this width.
      if (measured.cut) return;
      const width: ButtonWidth = { labelKey: measured.labelKey, px: measured.px };
      const known = (w: ButtonWidth | undefined) => w?.labelKey === key && Math.abs(w.px - width.px) < 0.5;
      if (known(rememberedWidth) || known(reportedWidth)) return;
      reportedWidth = width;
      contentToBackground.sendMessage('content:buttonWidth', { target, ...width }).catch(() => undefined);
      return;
    }
  }
  /** Once the page is idle, in a frame (where a layout is due anyway, so reading it costs none). */
  const learnButtonWidth = () => ctx.requestIdleCallback(() => ctx.requestAnimationFrame(measureButtonWidth), { timeout: LEARN_WIDTH_TIMEOUT_MS });

  // The items measured while loading are this adapter's (whoever the host user turned out to be).
  const measuredWhileLoading = early?.adapterId === adapter.id ? early.itemHeight.read() : null;
  const injector = startInjector(
    ctx,
    adapter,
    (decorated) => void activate(decorated),
    (batch) => {
      newlyDecorated.push(...batch);
      flushJobs();
    },
    { initialTarget: target, itemPxHint: measuredWhileLoading ?? rememberedItemPx },
  );
  learnItemHeight(ctx, adapter, measuredWhileLoading, rememberedItemPx);
  const toaster = createToaster(ctx);
  const sendModule = sendLoaderForPage();
  loadOnIntent(ctx, sendModule, () => target?.status === 'ready' || target?.status === 'sign-in');

  const apply = (next: ButtonTarget) => {
    // The same labels were measured (or checked) once the page went idle: not again.
    const measureAgain = !target || buttonLabelKey(next) !== buttonLabelKey(target);
    target = next;
    // Other labels, another width: the hosts follow their content again, in the same layout as
    // the new labels; the new width is measured for the next load.
    if (sizedFor !== null && buttonLabelKey(next) !== sizedFor) {
      sizeButtons(null);
      sizedFor = null;
    }
    injector.setTarget(next);
    if (measureAgain) learnButtonWidth();
  };
  learnButtonWidth();

  /**
   * New states for these documents (newest first, as the background lists them: the first job of a
   * document is the one its badge shows): one pass over the decorated items, however many jobs.
   */
  const applyJobs = (jobs: readonly JobView[]) => {
    if (jobs.length === 0) return;
    const changed = new Map<string, JobView>();
    for (const job of jobs) {
      if (changed.has(job.documentUrl)) continue;
      jobsByUrl.set(job.documentUrl, job);
      changed.set(job.documentUrl, job);
    }
    for (const entry of injector.decoratedItems()) {
      const url = documentUrlOf(entry);
      const job = url === null ? undefined : changed.get(url);
      if (job) showJob(entry, job);
    }
  };
  const applyJob = (job: JobView) => applyJobs([job]);

  const hello = async () => {
    try {
      const result = await contentToBackground.sendMessage('content:hello', { hostUser, adapterId: adapter.id });
      if (ctx.isValid) apply(result.target);
    } catch (error) {
      // After an extension update the old script's channel is gone; ctx invalidation cleans up.
      if (ctx.isValid) console.warn('[Send with DocuSign] background unavailable', String(error));
    }
  };

  async function retry(jobId: string) {
    const job = await contentToBackground.sendMessage('content:retryJob', { jobId, hostUser });
    if (job && ctx.isValid) applyJob(job);
  }

  async function activate(decorated: DecoratedItem) {
    if (!hostUser || !target) return;
    switch (target.status) {
      case 'choose':
        await contentToBackground.sendMessage('content:openOptions', undefined);
        return;
      case 'denied':
      case 'unconfigured':
      case 'no-user':
        toaster.show('info', t('buttonUnavailable'), target.message);
        return;
      case 'sign-in':
        if (await signIn(decorated)) await send(decorated);
        return;
      case 'ready':
        await send(decorated);
        return;
    }
  }

  async function send(decorated: DecoratedItem) {
    if (!hostUser) return;
    const item = readDocumentItem(decorated.item, decorated.spec, location.href, readPageRecipient(document, adapter));
    if (!item) {
      toaster.show('error', t('toastCannotSend'), t('errorNoDocumentLink'));
      return;
    }
    // Only documents the app itself serves: a page cannot make us fetch (with the user's
    // cookies) and upload a file from a third-party site.
    if (new URL(item.url).origin !== location.origin && !adapterMatchesUrl(adapter, item.url)) {
      toaster.show('error', t('toastCannotSend'), t('errorForeignDocument', [new URL(item.url).host]));
      return;
    }
    const draft = {
      hostUser,
      hostPageUrl: location.href,
      document: { url: item.url, name: item.name, fileType: item.fileType },
      recipients: item.recipient ? [item.recipient] : [],
    };
    const flow = await loadSendFlow(decorated);
    if (!flow || !ctx.isValid) return;
    const outcome = await flow.sendDocument(ctx, draft, decorated.button, toaster);
    // Not signed in (or the session ended meanwhile): sign in, then continue the same send.
    if (outcome === 'needs-sign-in' && (await signIn(decorated))) await flow.sendDocument(ctx, draft, decorated.button, toaster);
  }

  /** The send flow, usually loaded already by the pointer or focus that came before the click;
   * null once the user has been told why it could not be loaded. */
  async function loadSendFlow(decorated: DecoratedItem): Promise<SendModule | null> {
    decorated.button.setBusy(true);
    try {
      return await sendModule.load();
    } catch (error) {
      if (ctx.isValid) {
        console.warn('[Send with DocuSign] send module unavailable:', String(error));
        toaster.show('error', t('toastCannotSend'), t('errorSendModuleUnavailable'));
      }
      return null;
    } finally {
      decorated.button.setBusy(false);
    }
  }

  async function signIn(decorated: DecoratedItem, prompt?: 'login'): Promise<boolean> {
    if (!hostUser) return false;
    decorated.button.setBusy(true);
    try {
      const result = await contentToBackground.sendMessage('content:signIn', { hostUser, ...(prompt ? { prompt } : {}) });
      if (!ctx.isValid) return false;
      apply(result.target);
      if (result.error) {
        // Signed in as someone without access to the assigned account (or the browser reused the
        // wrong DocuSign session): offer a fresh login as another DocuSign user.
        const offerOtherUser = result.error.code === 'not_member' || result.error.code === 'base_uri_mismatch';
        toaster.show(
          'error',
          t('toastSignInFailed'),
          result.error.message,
          offerOtherUser ? { label: t('actionSignInAsOtherUser'), run: () => void signIn(decorated, 'login') } : undefined,
        );
        return false;
      }
      return result.target.status === 'ready';
    } finally {
      decorated.button.setBusy(false);
    }
  }

  const removeTargetListener = backgroundToContent.onMessage('bg:targetChanged', () => {
    void hello();
  });
  const removeJobListener = backgroundToContent.onMessage('bg:jobChanged', ({ data: job }) => {
    if (!ctx.isValid) return;
    const before = jobsByUrl.get(job.documentUrl);
    applyJob(job);
    if (before?.state !== job.state && job.state === 'failed' && job.error) toaster.show('error', t('toastSendFailed'), job.error.message);
  });
  // After an extension reload `chrome.runtime` is gone in this (orphaned) script, so removing
  // the listeners throws; there is nothing left to remove then.
  ctx.onInvalidated(() => {
    for (const remove of [removeTargetListener, removeJobListener]) {
      try {
        remove();
      } catch {
        // runtime already disconnected
      }
    }
  });

  // SPA navigation: the host user (or the page's items) may have changed without a reload.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    const next = readHostUser(document, adapter, location.origin);
    if (next?.id !== hostUser?.id) {
      hostUser = next;
      // Another user's badges go; their jobs are looked up again once the background knows them.
      jobsByUrl.clear();
      queried.clear();
      pendingJobs = [];
      jobsEnabled = false;
      for (const entry of injector.decoratedItems()) entry.button.setBadge(null);
      void hello().then(() => {
        jobsEnabled = true;
        for (const entry of injector.decoratedItems()) {
          const url = documentUrlOf(entry);
          if (url) wantJobs(url);
        }
        flushJobs();
      });
    }
  });

  // Back from DocuSign's sender view: report its `event`, then tidy our parameters off the URL.
  // Only once the background has it: if the report fails (extension updated meanwhile), a reload
  // reports again (the outbox ignores a repeated report).
  const returned = readSenderViewReturn(location.href);
  if (returned) {
    void contentToBackground.sendMessage('content:senderViewReturned', returned).then(
      (job) => {
        if (!ctx.isValid) return;
        clearSenderViewReturn();
        if (!job) return;
        applyJob(job);
        const title =
          job.senderViewEvent === 'Send' ? t('toastSent') : job.senderViewEvent === 'Save' ? t('toastSaved') : t('toastCancelledSend');
        toaster.show(job.senderViewEvent === 'Send' ? 'success' : 'info', title, job.documentName);
      },
      () => {
        if (ctx.isValid) toaster.show('error', t('toastReturnNotRecorded'), t('toastReturnNotRecordedBody'));
      },
    );
  }

  /** The buttons carry the last answer on this site already: the hello that confirms it (and the
   * badges' lookup after it) stays out of the host's DOMContentLoaded and load. */
  const helloWhenIdle = () =>
    new Promise<void>((resolve) => ctx.requestIdleCallback(() => void hello().then(resolve), { timeout: CONFIRM_HELLO_TIMEOUT_MS }));
  const firstHello = earlyHello
    ? earlyHello.result.then((result) => {
        if (!result) return hello();
        if (ctx.isValid) apply(result.target);
      })
    : target !== null
      ? helloWhenIdle()
      : hello();
  void firstHello.then(async () => {
    const { items, anchorsMissing } = injector.health();
    await contentToBackground
      .sendMessage('content:selectorHealth', { adapterId: adapter.id, userFound: hostUser !== null, items, anchorsMissing })
      .catch(() => undefined);
    jobsEnabled = true;
    flushJobs();
  });
}

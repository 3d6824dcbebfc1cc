import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HostAdapter } from '../host/adapter-types';
import { readDocumentItem, readHostUser, readPageRecipient, type HostUser } from '../host/extract';
import { adapterMatchesUrl, pickAdapter } from '../host/match';
import { backgroundToContent, contentToBackground, type ButtonTarget, type JobView } from '../messaging/content-protocol';
import { startInjector, type DecoratedItem } from './injector';
import { createToaster } from './toast';
import { sendDocument } from './send-flow';
import { badgeForJob } from './job-badge';
import { readSenderViewReturn, clearSenderViewReturn } from './sender-view-return';
import { t } from '../i18n';

/**
 * The whole in-page feature: pick the adapter, read the host user, decorate items, keep the
 * buttons' target in sync with the background, run sends. Everything is owned by `ctx`.
 */
export async function startHostIntegration(ctx: ContentScriptContext, builtin: readonly HostAdapter[]): Promise<void> {
  // Adapters come from the background (built-in, local settings and policy, so admins can add
  // their own host app without a rebuild); the built-in ones serve if it cannot answer.
  let adapters: readonly HostAdapter[] = builtin;
  try {
    adapters = await contentToBackground.sendMessage('content:adaptersFor', { url: location.href });
  } catch {
    if (!ctx.isValid) return;
  }
  const adapter = pickAdapter(adapters, document, location.href);
  if (adapter && ctx.isValid) runHostIntegration(ctx, adapter);
}

export function runHostIntegration(ctx: ContentScriptContext, adapter: HostAdapter): void {
  let hostUser: HostUser | null = readHostUser(document, adapter, location.origin);
  let target: ButtonTarget | null = null;
  /** Latest job per document URL, for badges on items decorated later. */
  const jobsByUrl = new Map<string, JobView>();

  const documentUrlOf = (entry: DecoratedItem) => readDocumentItem(entry.item, entry.spec, location.href)?.url;

  const showJob = (entry: DecoratedItem, job: JobView | undefined) => {
    entry.button.setBadge(job ? badgeForJob(job, () => void retry(job.id)) : null);
  };

  const injector = startInjector(
    ctx,
    adapter,
    (decorated) => void activate(decorated),
    (decorated) => {
      const url = documentUrlOf(decorated);
      if (url && jobsByUrl.has(url)) showJob(decorated, jobsByUrl.get(url));
    },
  );
  const toaster = createToaster(ctx);

  const apply = (next: ButtonTarget) => {
    target = next;
    injector.setTarget(next);
  };

  const applyJob = (job: JobView) => {
    jobsByUrl.set(job.documentUrl, job);
    for (const entry of injector.decoratedItems()) {
      if (documentUrlOf(entry) === job.documentUrl) showJob(entry, job);
    }
  };

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
    const job = await contentToBackground.sendMessage('content:retryJob', { jobId });
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
    const outcome = await sendDocument(ctx, draft, decorated.button, toaster);
    // Not signed in (or the session ended meanwhile): sign in, then continue the same send.
    if (outcome === 'needs-sign-in' && (await signIn(decorated))) await sendDocument(ctx, draft, decorated.button, toaster);
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
      void hello();
    }
  });

  const loadJobs = async () => {
    const urls = new Set<string>();
    for (const spec of adapter.documents) {
      for (const el of document.querySelectorAll(spec.item)) {
        const url = readDocumentItem(el, spec, location.href)?.url;
        if (url) urls.add(url);
      }
    }
    if (!urls.size) return;
    const jobs = await contentToBackground.sendMessage('content:jobsForDocuments', { documentUrls: [...urls].slice(0, 500) });
    if (ctx.isValid) for (const job of jobs) applyJob(job);
  };

  // Back from DocuSign's sender view: report its `event`, then tidy our parameters off the URL.
  const returned = readSenderViewReturn(location.href);
  if (returned) {
    clearSenderViewReturn();
    void contentToBackground.sendMessage('content:senderViewReturned', returned).then((job) => {
      if (!job || !ctx.isValid) return;
      applyJob(job);
      const title =
        job.senderViewEvent === 'Send' ? t('toastSent') : job.senderViewEvent === 'Save' ? t('toastSaved') : t('toastCancelledSend');
      toaster.show(job.senderViewEvent === 'Send' ? 'success' : 'info', title, job.documentName);
    });
  }

  void hello().then(async () => {
    const { items, anchorsMissing } = injector.health();
    await contentToBackground
      .sendMessage('content:selectorHealth', { adapterId: adapter.id, userFound: hostUser !== null, items, anchorsMissing })
      .catch(() => undefined);
    await loadJobs().catch(() => undefined);
  });
}

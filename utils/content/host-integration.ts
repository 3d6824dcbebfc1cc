import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { HostAdapter } from '../host/adapter-types';
import { readHostUser, type HostUser } from '../host/extract';
import { pickAdapter } from '../host/match';
import { backgroundToContent, contentToBackground, type ButtonTarget } from '../messaging/content-protocol';
import { startInjector, type DecoratedItem } from './injector';
import { createToaster } from './toast';
import { t } from '../i18n';

/**
 * The whole in-page feature: pick the adapter, read the host user, decorate items, keep the
 * buttons' target in sync with the background. Everything is owned by `ctx`.
 */
export function runHostIntegration(ctx: ContentScriptContext, adapters: readonly HostAdapter[]): void {
  const adapter = pickAdapter(adapters, document, location.href);
  if (!adapter) return;

  let hostUser: HostUser | null = readHostUser(document, adapter, location.origin);
  let target: ButtonTarget | null = null;

  const onActivate = (decorated: DecoratedItem) => {
    void activate(decorated);
  };
  const injector = startInjector(ctx, adapter, onActivate);
  const toaster = createToaster(ctx);

  const apply = (next: ButtonTarget) => {
    target = next;
    injector.setTarget(next);
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

  async function activate(decorated: DecoratedItem) {
    if (!hostUser || !target) return;
    if (target.status === 'choose') {
      await contentToBackground.sendMessage('content:openOptions', undefined);
      return;
    }
    if (target.status === 'denied' || target.status === 'unconfigured' || target.status === 'no-user') {
      toaster.show('info', t('buttonUnavailable'), target.message);
      return;
    }
    if (target.status === 'sign-in') await signIn(decorated);
  }

  async function signIn(decorated: DecoratedItem, prompt?: 'login') {
    if (!hostUser) return;
    decorated.button.setBusy(true);
    try {
      const result = await contentToBackground.sendMessage('content:signIn', { hostUser, ...(prompt ? { prompt } : {}) });
      if (!ctx.isValid) return;
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
      }
    } finally {
      decorated.button.setBusy(false);
    }
  }

  const removeListener = backgroundToContent.onMessage('bg:targetChanged', () => {
    void hello();
  });
  ctx.onInvalidated(removeListener);

  // SPA navigation: the host user (or the page's items) may have changed without a reload.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    const next = readHostUser(document, adapter, location.origin);
    if (next?.id !== hostUser?.id) {
      hostUser = next;
      void hello();
    }
  });

  void hello().then(() => {
    const { items, anchorsMissing } = injector.health();
    return contentToBackground
      .sendMessage('content:selectorHealth', {
        adapterId: adapter.id,
        userFound: hostUser !== null,
        items,
        anchorsMissing,
      })
      .catch(() => undefined);
  });
}

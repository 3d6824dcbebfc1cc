import { browser } from 'wxt/browser';
import { onContentMessage, onUiMessage } from './guarded-handlers';
import { BUILTIN_ADAPTERS } from '../host/builtin-adapters';
import { adapterMatchesUrl } from '../host/match';
import type { ButtonTarget } from '../messaging/content-protocol';
import type { HostUser } from '../host/extract';
import { t } from '../i18n';

function isServedUrl(url: string): boolean {
  return BUILTIN_ADAPTERS.some((adapter) => adapterMatchesUrl(adapter, url));
}

async function targetFor(hostUser: HostUser | null): Promise<ButtonTarget> {
  if (!hostUser) return { status: 'no-user', message: t('targetNoUser') };
  return { status: 'unconfigured', message: t('targetUnconfigured') };
}

/** All background listeners, registered synchronously when the worker starts. */
export function registerBackgroundHandlers(): void {
  onContentMessage('content:hello', isServedUrl, async ({ hostUser }) => ({
    target: await targetFor(hostUser),
    now: Date.now(),
  }));
  onContentMessage('content:signIn', isServedUrl, async ({ hostUser }) => ({
    target: await targetFor(hostUser),
    now: Date.now(),
  }));
  onContentMessage('content:selectorHealth', isServedUrl, () => undefined);
  onUiMessage('ui:getExtensionInfo', () => ({
    extensionId: browser.runtime.id,
    version: browser.runtime.getManifest().version,
    redirectUri: browser.identity.getRedirectURL(),
  }));
}

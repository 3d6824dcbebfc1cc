import { BUILTIN_ADAPTERS, DEMO_HOST_ADAPTER } from '../../utils/host/builtin-adapters';
import { startHostIntegration } from '../../utils/content/host-integration';
import { t } from '../../utils/i18n';

/**
 * The host-page feature. Statically injected into the build's host origins (the demo app's
 * here); registered at run time for origins the user grants (utils/background/dynamic-hosts.ts).
 *
 * document_start, with the work started on DOMContentLoaded: at document_idle Chromium injects
 * after the host's first frames and holds the page's load event until it has, which on a long
 * page means rows painted without buttons and a late load event. Registering one listener at
 * document_start costs the page nothing; on DOMContentLoaded the rows are there and the buttons
 * for the ones in view are written before the first frame that follows.
 */
export default defineContentScript({
  matches: DEMO_HOST_ADAPTER.matches,
  runAt: 'document_start',
  main(ctx) {
    const start = () => void startHostIntegration(ctx, BUILTIN_ADAPTERS);
    if (document.readyState === 'loading') {
      ctx.addEventListener(document, 'DOMContentLoaded', start, { once: true });
      // Chromium fetches the extension's message catalogue with a synchronous IPC on the first
      // i18n.getMessage of a page (tens of ms on a busy machine): do that while the page is still
      // loading, not between DOMContentLoaded and the first buttons.
      ctx.setTimeout(() => t('buttonSend'), 0);
    } else start();
  },
});

import { BUILTIN_ADAPTERS, DEMO_HOST_ADAPTER } from '../../utils/host/builtin-adapters';
import { startHostIntegration } from '../../utils/content/host-integration';

/**
 * The host-page feature. Statically injected into the build's host origins (the demo app's
 * here); registered at run time for origins the user grants (utils/background/dynamic-hosts.ts).
 *
 * document_start, with the buttons written on DOMContentLoaded (see startHostIntegration): at
 * document_idle Chromium injects after the host's first frames and holds the page's load event
 * until it has, which on a long page means rows painted without buttons and a late load event.
 */
export default defineContentScript({
  matches: DEMO_HOST_ADAPTER.matches,
  runAt: 'document_start',
  // WXT tells an older copy of this script (extension updated with the page open) to stop with a
  // CustomEvent on document; the extra window.postMessage it also sends by default is only for
  // scripts built with WXT before 0.20, which no version of ours was. Without it, the page's
  // message listeners never see us, and the start costs less on the host's main thread.
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startHostIntegration(ctx, BUILTIN_ADAPTERS);
  },
});

import { BUILTIN_ADAPTERS, DEMO_HOST_ADAPTER } from '../../utils/host/builtin-adapters';
import { startHostIntegration } from '../../utils/content/host-integration';

/**
 * The host-page feature. Statically injected into the build's host origins (the demo app's
 * here); registered at run time for origins the user grants (utils/background/dynamic-hosts.ts).
 */
export default defineContentScript({
  matches: DEMO_HOST_ADAPTER.matches,
  // After the page's own DOMContentLoaded work: injecting at document_start delays the host.
  runAt: 'document_idle',
  main(ctx) {
    void startHostIntegration(ctx, BUILTIN_ADAPTERS);
  },
});

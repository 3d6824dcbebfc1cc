import { BUILTIN_ADAPTERS, DEMO_HOST_ADAPTER } from '../../utils/host/builtin-adapters';
import { runHostIntegration } from '../../utils/content/host-integration';

export default defineContentScript({
  matches: DEMO_HOST_ADAPTER.matches,
  // After the page's own DOMContentLoaded work: injecting at document_start delays the host.
  runAt: 'document_idle',
  main(ctx) {
    runHostIntegration(ctx, BUILTIN_ADAPTERS);
  },
});

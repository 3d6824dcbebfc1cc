import { sendDocument } from '../../utils/content/send-flow';
import { registerSendModule } from '../../utils/content/send-module-hook';

/**
 * The send flow, injected on demand by the background (content:loadSendModule) into the frame of
 * the content script that asked, in its isolated world: host pages that nobody sends from never
 * parse it. See utils/content/send-module-hook.ts.
 */
export default defineUnlistedScript(() => {
  registerSendModule({ sendDocument });
});
